;; expect-fuel: 7
;; expect-exit: 0
;; fuel arithmetic: entry 1 + block 0 + i32.const 1 + i32.const 1 + end 0 + i32.add 1 + drop 0
;;   + i32.const 1 + block (param i32) 0 + i32.const 1 + i32.add 1 + end 0 + drop 0 = 1 + 3 + 3 = 7
(module
  (type $pair (func (result i32 i32)))
  (type $inc (func (param i32) (result i32)))
  (func (export "_start")
    block (type $pair)
      i32.const 1
      i32.const 2
    end
    i32.add
    drop
    i32.const 10
    block (type $inc)
      i32.const 1
      i32.add
    end
    drop))
