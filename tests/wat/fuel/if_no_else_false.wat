;; expect-fuel: 5
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + i32.const 1 + i32.eq 1 + if 1 (false, then arm skipped) + end 0 = 5
(module
  (global $g (mut i32) (i32.const 0))
  (func (export "_start")
    i32.const 7
    i32.const 8
    i32.eq
    if
      i32.const 1
      global.set $g
    end))
