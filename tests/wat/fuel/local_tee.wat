;; expect-fuel: 6
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + local.tee 1 + local.tee 1 + drop 0 + local.get 1 + local.set 1 = 6
(module
  (func (export "_start")
    (local i32)
    i32.const 7
    local.tee 0
    local.tee 0
    drop
    local.get 0
    local.set 0))
