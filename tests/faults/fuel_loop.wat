;; fuel_loop.wat: a counting loop of ~5M iterations (JMON_FUEL_LIMIT traps inside it).
(module
  (memory (export "memory") 1)
  (func $spin (local i32)
    (loop $l
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 0) (i32.const 5000000)))))
  (func (export "_start") (call $spin)))
