;; expect-fuel: 7
;; expect-exit: 134
;; expect-trap: wasm `unreachable` instruction executed
;; fuel arithmetic: entry 1 + 6 x i32.const 1 + unreachable 0 = 7 (fuel.wast v39.0.1)
(module
  (func $f
    i32.const 0
    i32.const 0
    i32.const 0
    i32.const 0
    i32.const 0
    i32.const 0
    unreachable)
  (export "_start" (func $f)))
