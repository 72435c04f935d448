;; unreachable.wat: `unreachable` inside a recursive call chain.
(module
  (memory (export "memory") 1)
  (func $down (param i32)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (call $down (i32.sub (local.get 0) (i32.const 1))))
  (func (export "_start") (call $down (i32.const 10))))
