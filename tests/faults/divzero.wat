;; divzero.wat: i32.div_u by a zero that arrives through a global.
(module
  (memory (export "memory") 1)
  (global $z (mut i32) (i32.const 0))
  (func $div (param i32) (result i32) (i32.div_u (local.get 0) (global.get $z)))
  (func (export "_start") (drop (call $div (i32.const 7)))))
