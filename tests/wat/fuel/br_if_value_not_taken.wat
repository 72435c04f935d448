;; expect-fuel: 7
;; expect-exit: 0
;; fuel arithmetic: entry 1 + block 0 + i32.const 1 + i32.const 1 + br_if 1 (not taken) + drop 0 + i32.const 1
;;   + end 0 + i32.const 1 + i32.add 1 + drop 0 = 7
(module
  (func (export "_start")
    block (result i32)
      i32.const 10
      i32.const 0
      br_if 0
      drop
      i32.const 20
    end
    i32.const 3
    i32.add
    drop))
