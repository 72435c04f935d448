;; recursion.wat: unbounded non-tail recursion traps "call stack exhausted".
(module
  (memory (export "memory") 1)
  (func $down (param $n i32) (result i32)
    (i32.add (call $down (i32.add (local.get $n) (i32.const 1))) (local.get $n)))
  (func (export "_start") (drop (call $down (i32.const 0)))))
