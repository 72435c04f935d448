;; expect-fuel: 8
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + i32.const 1 + i32.add 1 + i32.const 1 + i32.mul 1 + local.set 1 + local.get 1 + drop 0 = 8
(module
  (func (export "_start")
    (local i32)
    i32.const 1
    i32.const 2
    i32.add
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    drop))
