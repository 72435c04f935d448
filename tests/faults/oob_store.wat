;; oob_store.wat: a store straddling the end of memory, after a loop of in-bounds stores.
(module
  (memory (export "memory") 1)
  (func $fill (local i32)
    (loop $l
      (i32.store (local.get 0) (local.get 0))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get 0) (i32.const 1024))))
    (i32.store (i32.const 65534) (i32.const 1)))
  (func (export "_start") (call $fill)))
