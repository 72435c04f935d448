;; expect-fuel: 18
;; expect-fuel-46: 50
;; expect-exit: 0
;; fuel arithmetic: wasmtime 39: entry 1 + 3 x (3 operands + memory.init) 4 + data.drop 1 + (3 operands + memory.init) 4 = 18.
;;   wasmtime 46: memory.init costs 1 + n bytes: constant 20 (inline) + run-time 12 (global $n) + run-time 0 (global $z, at
;;   the segment's end: in bounds) + constant 0 on the dropped segment (0 + 0 <= 0: in bounds); data.drop stays 1.
;;   18 + 20 + 12 + 0 + 0 = 50. The passive segment needs no start-up code.
(module
  (memory 1)
  (data $d "0123456789abcdefghij")
  (global $n (mut i32) (i32.const 12))
  (global $z (mut i32) (i32.const 0))
  (func (export "_start")
    i32.const 0
    i32.const 0
    i32.const 20
    memory.init $d
    i32.const 100
    i32.const 3
    global.get $n
    memory.init $d
    i32.const 200
    i32.const 20
    global.get $z
    memory.init $d
    data.drop $d
    i32.const 0
    i32.const 0
    i32.const 0
    memory.init $d))
