;; oob_far.wat: a load at 4 GiB - 4 + offset 4 GiB - 1, the far end of wasm2c's 8 GiB reservation.
(module
  (memory (export "memory") 1)
  (func (export "_start") (drop (i32.load offset=0xfffffff0 (i32.const -16)))))
