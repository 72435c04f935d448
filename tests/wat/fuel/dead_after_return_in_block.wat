;; expect-fuel: 2
;; expect-exit: 0
;; fuel arithmetic: entry 1 + block 0 + i32.const 1 + drop 0 + return 0 = 2; everything after return (inside and after the block) never runs
(module
  (func (export "_start")
    block
      i32.const 1
      drop
      return
      i32.const 2
      drop
    end
    i32.const 9
    i32.const 9
    i32.add
    drop))
