;; expect-fuel: 9
;; expect-fuel-46: 309
;; expect-exit: 0
;; fuel arithmetic: wasmtime 39: entry 1 + (i32.const, i32.const, global.get, memory.fill) 4 + (i32.const x3, memory.fill) 4 = 9,
;;   memory.fill flat 1 whatever the length.
;;   wasmtime 46: memory.fill costs 1 + n: n = 300 (a run-time length: the global) and n = 0 (a constant; memory.fill is
;;   never expanded inline, every one goes through the checked libcall path): 9 + 300 + 0 = 309.
(module
  (memory 1)
  (global $n (mut i32) (i32.const 300))
  (func (export "_start")
    i32.const 0
    i32.const 0xaa
    global.get $n
    memory.fill
    i32.const 10
    i32.const 1
    i32.const 0
    memory.fill))
