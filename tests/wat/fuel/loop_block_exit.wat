;; expect-fuel: 30
;; expect-exit: 0
;; fuel arithmetic: entry 1 + (i32.const, local.set) 2 + block 0 + loop 0
;;   + 3 iterations with n = 3, 2, 1: (local.get, i32.eqz, br_if not taken, local.get, i32.const, i32.sub, local.set, br) 8 each = 24
;;   + last header pass with n = 0: (local.get, i32.eqz, br_if taken) 3 = 1 + 2 + 24 + 3 = 30
(module
  (func (export "_start")
    (local $n i32)
    i32.const 3
    local.set $n
    block $done
      loop $top
        local.get $n
        i32.eqz
        br_if $done
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br $top
      end
    end))
