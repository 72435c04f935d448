;; expect-fuel: 4
;; expect-exit: 0
;; fuel arithmetic: $f entry 1 + call 1 + ($other entry 1 + i32.const 1) + drop 0 = 4 (fuel.wast v39.0.1)
(module
  (func $f
    call $other
    drop)
  (func $other (result i32)
    i32.const 0)
  (export "_start" (func $f)))
