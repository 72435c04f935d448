;; expect-fuel: 3
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + if 1 (false: then-arm `call $f` skipped) + end 0 = 3 (fuel.wast v39.0.1)
(module
  (func $f
    i32.const 0
    if
      call $f
    end)
  (export "_start" (func $f)))
