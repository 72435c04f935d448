;; badconv.wat: i32.trunc_f64_s of NaN traps "invalid conversion to integer".
(module
  (memory (export "memory") 1)
  (func $conv (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "_start") (drop (call $conv (f64.const nan)))))
