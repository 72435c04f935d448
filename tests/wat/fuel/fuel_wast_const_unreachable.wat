;; expect-fuel: 2
;; expect-exit: 134
;; expect-trap: wasm `unreachable` instruction executed
;; fuel arithmetic: entry 1 + i32.const 1 + unreachable 0 = 2 ("count code before unreachable", fuel.wast v39.0.1)
(module
  (func $f
    i32.const 0
    unreachable)
  (export "_start" (func $f)))
