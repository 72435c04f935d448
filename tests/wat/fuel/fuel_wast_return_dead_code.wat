;; expect-fuel: 1
;; expect-exit: 0
;; fuel arithmetic: entry 1 + return 0 = 1; the 6 i32.const + unreachable after return never run (fuel.wast v39.0.1)
(module
  (func $f
    return
    i32.const 0
    i32.const 0
    i32.const 0
    i32.const 0
    i32.const 0
    i32.const 0
    unreachable)
  (export "_start" (func $f)))
