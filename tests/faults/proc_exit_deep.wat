;; proc_exit_deep.wat: proc_exit(42) from 200 frames of recursion.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $down (param i32)
    (if (i32.eqz (local.get 0)) (then (call $exit (i32.const 42))))
    (call $down (i32.sub (local.get 0) (i32.const 1))))
  (func (export "_start") (call $down (i32.const 200))))
