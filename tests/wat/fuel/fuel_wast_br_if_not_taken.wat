;; expect-fuel: 4
;; expect-exit: 0
;; fuel arithmetic: entry 1 + block 0 + i32.const 1 + br_if 1 (not taken) + i32.const 1 + drop 0 + end 0 = 4 (fuel.wast v39.0.1)
(module
  (func $f
    block
      i32.const 0
      br_if 0
      i32.const 0
      drop
    end)
  (export "_start" (func $f)))
