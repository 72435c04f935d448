;; expect-fuel: 6
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + i32.const 1 + i32.const 1 + memory.init 1 + data.drop 1 = 6
(module
  (memory 1)
  (data $d "abcdefgh")
  (func (export "_start")
    i32.const 16
    i32.const 2
    i32.const 4
    memory.init $d
    data.drop $d))
