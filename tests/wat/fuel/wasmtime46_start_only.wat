;; expect-fuel: 2
;; expect-fuel-46: 4
;; expect-exit: 0
;; fuel arithmetic: wasmtime 39: $s entry 1 + _start entry 1 = 2. wasmtime 46: + the start-up function's entry 1 and its
;;   call of $s 1 = 4 (fuel.wast at v46: `(func $f) (start $f)` costs 3 where v39's costs 1).
(module
  (func $s)
  (start $s)
  (func (export "_start")))
