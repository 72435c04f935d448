;; expect-fuel: 4
;; expect-exit: 134
;; expect-trap: wasm `unreachable` instruction executed
;; fuel arithmetic: entry 1 + i32.const 1 + i32.const 1 + i32.add 1 + drop 0 + unreachable 0 (flushes + saves, so exact) = 4;
;;   the i32.const/drop after unreachable never run
(module
  (func (export "_start")
    i32.const 1
    i32.const 2
    i32.add
    drop
    unreachable
    i32.const 5
    drop))
