;; expect-fuel: 3
;; expect-exit: 0
;; fuel arithmetic: entry 1 + nop 0 + nop 0 + i32.const 1 + drop 0 + nop 0 + i64.const 1 + drop 0 = 3
(module
  (func (export "_start")
    nop
    nop
    i32.const 5
    drop
    nop
    i64.const 1
    drop))
