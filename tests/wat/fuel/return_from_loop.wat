;; expect-fuel: 35
;; expect-exit: 0
;; fuel arithmetic: $find = entry 1 + loop 0 + 3 iterations (i = 1, 2, 3) x (local.get, i32.const, i32.add, local.tee, i32.const, i32.eq, if, br) 8
;;   + final pass i = 4: (local.get, i32.const, i32.add, local.tee, i32.const, i32.eq, if, local.get) 8 + return 0 = 1 + 24 + 8 = 33
;;   (the i32.const -1 after the loop never runs); _start = entry 1 + call 1 + drop 0 = 2; total 33 + 2 = 35
(module
  (func $find (result i32)
    (local $i i32)
    loop $again
      local.get $i
      i32.const 1
      i32.add
      local.tee $i
      i32.const 4
      i32.eq
      if
        local.get $i
        return
      end
      br $again
    end
    i32.const -1)
  (func (export "_start")
    call $find
    drop))
