;; expect-fuel: 38
;; expect-exit: 0
;; fuel arithmetic: entry 1 + (i32.const, local.set) 2 + loop 0 + 5 iterations (i = 1..5) x
;;   (local.get, i32.const, i32.add, local.tee, i32.const, i32.lt_u, br_if) 7 = 1 + 2 + 35 = 38;
;;   br_if is taken for i = 1..4 and falls through at i = 5; end 0
(module
  (func (export "_start")
    (local $i i32)
    i32.const 0
    local.set $i
    loop $again
      local.get $i
      i32.const 1
      i32.add
      local.tee $i
      i32.const 5
      i32.lt_u
      br_if $again
    end))
