;; expect-fuel: 5
;; expect-fuel-46: 1005
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + i32.const 1 + i32.const 1 + memory.fill 1 (flat under v39, 1000 bytes) = 5
;;   wasmtime 46: memory.fill costs 1 + n bytes (n = 1000, a constant: fills are never inlined): 5 + 1000 = 1005
(module
  (memory 1)
  (func (export "_start")
    i32.const 0
    i32.const 0xaa
    i32.const 1000
    memory.fill))
