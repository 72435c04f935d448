;; expect-fuel: 2
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + drop 0 = 2 (fuel.wast v39.0.1)
(module
  (func $f
    i32.const 0
    drop)
  (export "_start" (func $f)))
