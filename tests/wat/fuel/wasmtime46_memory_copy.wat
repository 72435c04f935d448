;; expect-fuel: 21
;; expect-fuel-46: 450
;; expect-exit: 0
;; fuel arithmetic: wasmtime 39: entry 1 + 5 x (i32.const/global.get, i32.const, i32.const/global.get, memory.copy) 4 = 21.
;;   wasmtime 46: each memory.copy costs 1 + n bytes: constant 100 (<= 128: copied inline, n only buffered) + constant 0
;;   (inline) + constant 129 (> 128: the libcall path) + run-time 200 (global $n) + run-time 0 (global $z)
;;   = 21 + 100 + 0 + 129 + 200 + 0 = 450.
(module
  (memory 1)
  (global $n (mut i32) (i32.const 200))
  (global $z (mut i32) (i32.const 0))
  (func (export "_start")
    i32.const 100
    i32.const 0
    i32.const 100
    memory.copy
    i32.const 300
    i32.const 0
    i32.const 0
    memory.copy
    i32.const 1000
    i32.const 0
    i32.const 129
    memory.copy
    i32.const 2000
    i32.const 0
    global.get $n
    memory.copy
    i32.const 0
    i32.const 0
    global.get $z
    memory.copy))
