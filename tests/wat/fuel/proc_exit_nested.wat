;; expect-fuel: 8
;; expect-exit: 3
;; fuel arithmetic: _start entry 1 + i32.const 1 + drop 0 + call 1 + $outer entry 1 + call 1 + $inner entry 1 + i32.const 1 + call $proc_exit 1 = 8
;;   (the call saves the counter before the host runs, so the number is exact; nothing after proc_exit runs)
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func $inner
    i32.const 3
    call $proc_exit
    i32.const 4
    drop)
  (func $outer
    call $inner
    i32.const 5
    drop)
  (func (export "_start")
    i32.const 1
    drop
    call $outer
    i32.const 99
    drop))
