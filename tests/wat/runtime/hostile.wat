;; hostile.wat: fd_write with pointers outside memory must return errno 21 (EFAULT) and write
;; nothing; prints one line per case: "ok" or "bad".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "ok\nbad\nreal\n")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $expect21 (param $r i32)
    (if (i32.eq (local.get $r) (i32.const 21))
      (then (call $print (i32.const 1024) (i32.const 3)))
      (else (call $print (i32.const 1027) (i32.const 4)))))
  (func (export "_start")
    ;; iovec buffer beyond the end of memory
    (i32.store (i32.const 100) (i32.const 65530))
    (i32.store (i32.const 104) (i32.const 100))
    (call $expect21 (call $fd_write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 200)))
    ;; buffer pointer + length wrapping around 2^32
    (i32.store (i32.const 100) (i32.const 0xfffffff0))
    (i32.store (i32.const 104) (i32.const 0x20))
    (call $expect21 (call $fd_write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 200)))
    ;; first iovec fine, second hostile: nothing may be written
    (i32.store (i32.const 100) (i32.const 1031))
    (i32.store (i32.const 104) (i32.const 5))
    (i32.store (i32.const 108) (i32.const 0x7fffffff))
    (i32.store (i32.const 112) (i32.const 1))
    (call $expect21 (call $fd_write (i32.const 1) (i32.const 100) (i32.const 2) (i32.const 200)))
    ;; the iovec array itself out of range, and a huge count
    (call $expect21 (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 200)))
    (call $expect21 (call $fd_write (i32.const 1) (i32.const 100) (i32.const 0x20000000) (i32.const 200)))
    ;; nwritten pointer out of range
    (i32.store (i32.const 100) (i32.const 1031))
    (call $expect21 (call $fd_write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 65534)))))
