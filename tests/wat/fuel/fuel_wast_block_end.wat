;; expect-fuel: 1
;; expect-exit: 0
;; fuel arithmetic: entry 1 + block 0 + end 0 = 1 (fuel.wast v39.0.1)
(module
  (func $f
    block
    end)
  (export "_start" (func $f)))
