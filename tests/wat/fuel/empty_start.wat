;; expect-fuel: 1
;; expect-fuel-46: 1
;; expect-exit: 0
;; fuel arithmetic: _start entry 1 + end 0 = 1 (the host's call of _start costs nothing)
;;   wasmtime 46: the same 1 (an exported _start is not a start function: no start-up code)
(module
  (memory (export "memory") 1)
  (func (export "_start")))
