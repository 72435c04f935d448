;; expect-fuel: 14
;; expect-fuel-46: 14
;; expect-exit: 0
;; fuel arithmetic: $double / $inc = entry 1 + local.get 1 + i32.const 1 + (i32.mul | i32.add) 1 = 4 each;
;;   _start = entry 1 + i32.const 1 + i32.const 1 + call_indirect 1 + $double 4 + i32.const 1 + call_indirect 1 + $inc 4 + drop 0 = 14
;;   wasmtime 46: the same 14: the active element segment goes into a precomputed table, no start-up code
(module
  (type $un (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $double $inc)
  (func $double (type $un)
    local.get 0
    i32.const 2
    i32.mul)
  (func $inc (type $un)
    local.get 0
    i32.const 1
    i32.add)
  (func (export "_start")
    i32.const 5
    i32.const 0
    call_indirect (type $un)
    i32.const 1
    call_indirect (type $un)
    drop))
