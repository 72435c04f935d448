;; oob_load.wat: a load past the end of memory, three calls deep.
(module
  (memory (export "memory") 1)
  (func $leaf (param i32) (result i32) (i32.load (local.get 0)))
  (func $mid (result i32) (call $leaf (i32.const 65536)))
  (func (export "_start") (drop (call $mid))))
