;; expect-fuel: 3
;; expect-exit: 0
;; fuel arithmetic: entry 1 + block 0 + i32.const 1 + br_if 1 (taken: i32.const/drop skipped) + end 0 = 3 (fuel.wast v39.0.1)
(module
  (func $f
    block
      i32.const 1
      br_if 0
      i32.const 0
      drop
    end)
  (export "_start" (func $f)))
