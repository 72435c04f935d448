;; expect-fuel: 4
;; expect-exit: 0
;; fuel arithmetic: $f entry 1 + i32.const 1 + call_indirect 1 + $other entry 1 = 4 (fuel.wast v39.0.1)
(module
  (type $v (func))
  (func $f
    i32.const 0
    call_indirect (type $v))
  (func $other)
  (table funcref (elem $other))
  (export "_start" (func $f)))
