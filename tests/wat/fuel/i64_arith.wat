;; expect-fuel: 9
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i64.const 1 + i64.const 1 + i64.mul 1 + i64.const 1 + i64.rem_u 1 + i64.const 1 + i64.shl 1 + i64.eqz 1 + drop 0 = 9
(module
  (func (export "_start")
    i64.const 0x100000000
    i64.const 3
    i64.mul
    i64.const 7
    i64.rem_u
    i64.const 1
    i64.shl
    i64.eqz
    drop))
