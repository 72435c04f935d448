;; expect-fuel: 1
;; expect-exit: 0
;; fuel arithmetic: _start entry 1 + end 0 = 1 (the host's call of _start costs nothing)
(module
  (memory (export "memory") 1)
  (func (export "_start")))
