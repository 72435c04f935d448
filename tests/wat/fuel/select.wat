;; expect-fuel: 9
;; expect-exit: 0
;; fuel arithmetic: entry 1 + (i32.const, i32.const, i32.const, select) 4 + drop 0 + (i64.const, i64.const, i32.const, typed select) 4 + drop 0 = 9
(module
  (func (export "_start")
    i32.const 1
    i32.const 2
    i32.const 0
    select
    drop
    i64.const 3
    i64.const 4
    i32.const 1
    select (result i64)
    drop))
