;; expect-fuel: 3
;; expect-exit: 0
;; fuel arithmetic: entry 1 + block 0 + br 1 + (i32.const, drop, i32.const, i32.add, drop: dead, never run) + end 0 + i32.const 1 + drop 0 = 3
(module
  (func (export "_start")
    block
      br 0
      i32.const 1
      drop
      i32.const 2
      i32.const 2
      i32.add
      drop
    end
    i32.const 3
    drop))
