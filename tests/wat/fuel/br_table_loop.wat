;; expect-fuel: 22
;; expect-exit: 0
;; fuel arithmetic: entry 1 + block 0 + loop 0 + 3 iterations (i = 1, 2, 3) x
;;   (local.get, i32.const, i32.add, local.tee, i32.const, i32.lt_u, br_table) 7 = 1 + 21 = 22;
;;   br_table index 1 (i < 3) takes the default label 0 (loop), index 0 (i = 3) takes label 1 (exit)
(module
  (func (export "_start")
    (local $i i32)
    block $exit
      loop $again
        local.get $i
        i32.const 1
        i32.add
        local.tee $i
        i32.const 3
        i32.lt_u
        br_table $exit $again
      end
    end))
