;; expect-fuel: 6
;; expect-exit: 0
;; fuel arithmetic: entry 1 + (i32.const fd, i32.const iovs, i32.const iovs_len, i32.const nwritten) 4 + call $fd_write 1 + drop 0 = 6;
;;   the host function itself costs nothing (it prints "hi\n" on stdout)
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; iovec at 0: { buf = 8, len = 3 }
  (data (i32.const 0) "\08\00\00\00\03\00\00\00")
  (data (i32.const 8) "hi\n")
  (func (export "_start")
    i32.const 1
    i32.const 0
    i32.const 1
    i32.const 20
    call $fd_write
    drop))
