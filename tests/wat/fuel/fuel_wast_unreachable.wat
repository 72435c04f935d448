;; expect-fuel: 1
;; expect-exit: 134
;; expect-trap: wasm `unreachable` instruction executed
;; fuel arithmetic: entry 1 + unreachable 0 (flushes and saves before trapping) = 1 (fuel.wast v39.0.1)
(module
  (func $f
    unreachable)
  (export "_start" (func $f)))
