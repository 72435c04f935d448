;; exit7.wat: proc_exit(7) from two calls deep; the code after it must never run.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "after exit\n")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $inner (call $proc_exit (i32.const 7)) (call $print (i32.const 1024) (i32.const 11)))
  (func $outer (call $inner) (call $print (i32.const 1024) (i32.const 11)))
  (func (export "_start") (call $outer) (call $print (i32.const 1024) (i32.const 11))))
