;; expect-fuel: 3
;; expect-fuel-46: 3
;; expect-exit: 134
;; expect-trap: out of bounds memory access
;; oracle-fuel: 7
;; oracle-fuel-46: 7
;; fuel arithmetic: _start entry 1 + call 1 = 2 saved by the call; $helper entry 1 = 3 saved at its exit. Then
;;   i32.const, i32.const, global.get, memory.fill (4, buffered) and the fill is out of bounds (65500 + 100 > 65536):
;;   both versions report the saved 3. wasmtime 46 checks bounds before it adds n (func_environ.rs
;;   translate_entity_fill), so the 100 is never counted; the oracle counts the 4 executed operators but no n: 7.
(module
  (memory 1)
  (global $n (mut i32) (i32.const 100))
  (func $helper)
  (func (export "_start")
    call $helper
    i32.const 65500
    i32.const 0
    global.get $n
    memory.fill))
