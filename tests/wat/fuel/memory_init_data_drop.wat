;; expect-fuel: 6
;; expect-fuel-46: 10
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + i32.const 1 + i32.const 1 + memory.init 1 + data.drop 1 = 6
;;   wasmtime 46: memory.init costs 1 + n bytes (constant 4: inline): 6 + 4 = 10; data.drop stays 1
(module
  (memory 1)
  (data $d "abcdefgh")
  (func (export "_start")
    i32.const 16
    i32.const 2
    i32.const 4
    memory.init $d
    data.drop $d))
