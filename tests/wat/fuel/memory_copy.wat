;; expect-fuel: 5
;; expect-fuel-46: 16
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + i32.const 1 + i32.const 1 + memory.copy 1 (flat under v39, whatever the length) = 5
;;   (the active data segment is applied by the host at instantiation: no fuel under v39)
;;   wasmtime 46: memory.copy costs 1 + n bytes (constant 11 <= 128: inline) = 5 + 11 = 16; the active segment goes
;;   into a copy-on-write memory image and there is no start function: no start-up fuel
(module
  (memory 1)
  (data (i32.const 0) "hello world")
  (func (export "_start")
    i32.const 100
    i32.const 0
    i32.const 11
    memory.copy))
