;; expect-fuel: 4
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + if 1 (then-arm `call $f` skipped) + (else: i32.const 1 + drop 0) + end 0 = 4 (fuel.wast v39.0.1)
(module
  (func $f
    i32.const 0
    if
      call $f
    else
      i32.const 0
      drop
    end)
  (export "_start" (func $f)))
