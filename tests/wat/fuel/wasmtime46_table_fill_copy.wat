;; expect-fuel: 17
;; expect-fuel-46: 27
;; expect-exit: 0
;; fuel arithmetic: wasmtime 39: entry 1 + 4 x (3 operands + table op) 4 = 17.
;;   wasmtime 46: table.fill and table.copy cost 1 + n elements (a per-element loop): fill of constant 4 + fill of
;;   run-time 0 (global $z) + copy of run-time 6 (global $n) + copy of constant 0 = 17 + 4 + 0 + 6 + 0 = 27.
(module
  (table 10 funcref)
  (global $n (mut i32) (i32.const 6))
  (global $z (mut i32) (i32.const 0))
  (func (export "_start")
    i32.const 0
    ref.null func
    i32.const 4
    table.fill 0
    i32.const 5
    ref.null func
    global.get $z
    table.fill 0
    i32.const 2
    i32.const 0
    global.get $n
    table.copy 0 0
    i32.const 0
    i32.const 0
    i32.const 0
    table.copy 0 0))
