;; forever.wat: an endless loop with a call in it, for SIGINT/SIGTERM.
(module
  (memory (export "memory") 1)
  (global $n (mut i64) (i64.const 0))
  (func $tick (global.set $n (i64.add (global.get $n) (i64.const 1))))
  (func (export "_start") (loop $l (call $tick) (br $l))))
