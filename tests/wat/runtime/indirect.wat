;; indirect.wat: call_indirect through the wrong type traps "indirect call type mismatch".
(module
  (type $unary (func (param i32) (result i32)))
  (type $nullary (func (result i32)))
  (memory (export "memory") 1)
  (table 1 funcref)
  (elem (i32.const 0) $id)
  (func $id (type $unary) (local.get 0))
  (func (export "_start") (drop (call_indirect (type $nullary) (i32.const 0)))))
