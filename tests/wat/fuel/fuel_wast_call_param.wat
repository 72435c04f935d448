;; expect-fuel: 5
;; expect-exit: 0
;; fuel arithmetic: $f entry 1 + i32.const 1 + call 1 + $other entry 1 + i32.const 1 + drop 0 = 5 (fuel.wast v39.0.1)
(module
  (func $f
    i32.const 0
    call $other
    i32.const 0
    drop)
  (func $other (param i32))
  (export "_start" (func $f)))
