;; oob.wat: a load past the end of a 1-page memory traps "out of bounds memory access".
(module
  (memory (export "memory") 1)
  (func (export "_start") (drop (i32.load (i32.const 70000)))))
