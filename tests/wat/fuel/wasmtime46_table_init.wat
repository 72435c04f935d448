;; expect-fuel: 14
;; expect-fuel-46: 20
;; expect-exit: 0
;; fuel arithmetic: wasmtime 39: entry 1 + (3 operands + table.init) 4 x 2 + elem.drop 1 + (3 operands + table.init) 4 = 14.
;;   wasmtime 46: table.init costs 1 + n elements: constant 3 + run-time 2 (global $n) + 0 on the dropped segment = +5;
;;   the passive element segment makes instantiation run the start-up function: its entry 1 (function indices cost
;;   nothing to set up, there is no start function to call) = +1, shown in _start's row. 14 + 5 + 1 = 20.
(module
  (table 10 funcref)
  (elem $e func $f $f $f)
  (global $n (mut i32) (i32.const 2))
  (func $f)
  (func (export "_start")
    i32.const 0
    i32.const 0
    i32.const 3
    table.init $e
    i32.const 5
    i32.const 1
    global.get $n
    table.init $e
    elem.drop $e
    i32.const 0
    i32.const 0
    i32.const 0
    table.init $e))
