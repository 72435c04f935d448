;; expect-fuel: 3
;; expect-exit: 0
;; fuel arithmetic: $f entry 1 + call 1 + $other entry 1 = 3 ("cross-function fuel works", fuel.wast v39.0.1)
(module
  (func $f
    call $other)
  (func $other)
  (export "_start" (func $f)))
