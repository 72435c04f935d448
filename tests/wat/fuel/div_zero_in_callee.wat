;; expect-fuel: 3
;; expect-exit: 134
;; expect-trap: integer divide by zero
;; oracle-fuel: 7
;; fuel arithmetic: _start entry 1 + i32.const 1 + call 1 = 3, saved by the call; $div entry 1 + local.get 1 + i32.const 1 + i32.div_u 1
;;   are only buffered (the entry's 1 included: function entry loads and checks but does not save), so wasmtime reports 3;
;;   the per-instruction oracle counts 3 + 4 = 7 (including the trapping i32.div_u)
(module
  (func $div (param i32) (result i32)
    local.get 0
    i32.const 0
    i32.div_u)
  (func (export "_start")
    i32.const 1
    call $div
    drop))
