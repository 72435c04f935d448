;; expect-fuel: 1
;; expect-exit: 0
;; fuel arithmetic: entry 1 = 1 (wasmtime v39.0.1 tests/all/fuel.wast: `(func $f)` -> 1)
(module
  (func $f)
  (export "_start" (func $f)))
