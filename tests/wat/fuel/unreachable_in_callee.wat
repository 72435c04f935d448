;; expect-fuel: 4
;; expect-exit: 134
;; expect-trap: wasm `unreachable` instruction executed
;; fuel arithmetic: _start entry 1 + call 1 + $f entry 1 + i32.const 1 + drop 0 + unreachable 0 = 4
;;   (unreachable saves the counter, so wasmtime's number is exact; _start's i32.const after the call never runs)
(module
  (func $f
    i32.const 1
    drop
    unreachable)
  (func (export "_start")
    call $f
    i32.const 2
    drop))
