;; unreachable.wat: traps with "wasm `unreachable` instruction executed".
(module
  (memory (export "memory") 1)
  (func $f unreachable)
  (func (export "_start") (call $f)))
