;; expect-fuel: 4
;; expect-exit: 134
;; expect-trap: out of bounds memory access
;; oracle-fuel: 9
;; fuel arithmetic: wasmtime 39 reports the counter as last SAVED to the store. _start entry 1 + call 1 = 2 (saved by the call);
;;   $helper entry 1 + i32.const 1 + drop 0 = 4 (saved at $helper's exit); back in _start: i32.const, i32.const, i32.add,
;;   i32.const, i32.load = 5 more are only buffered in a register when the load traps, so wasmtime reports 4.
;;   Every instruction executed up to and including the trapping load: 4 + 5 = 9 (what the per-instruction oracle counts;
;;   8 without the trapping load itself). The i32.const 5 / drop after the load never run.
(module
  (memory 1)
  (func $helper
    i32.const 0
    drop)
  (func (export "_start")
    call $helper
    i32.const 1
    i32.const 2
    i32.add
    drop
    i32.const 65536
    i32.load
    drop
    i32.const 5
    drop))
