;; expect-fuel: 5
;; expect-fuel-46: 7
;; expect-exit: 0
;; fuel arithmetic: wasmtime 39: $init (the start function) entry 1 + i32.const 1 + global.set 1 = 3;
;;   _start entry 1 + global.get 1 + drop 0 = 2; 3 + 2 = 5 (active segments are applied by the host: no fuel).
;;   wasmtime 46: the start function makes instantiation run the start-up function: its entry 1 + the call of $init 1 = +2
;;   (the active data segment becomes a copy-on-write image, the active element segment a precomputed table: no fuel);
;;   5 + 2 = 7, the 2 in $init's row.
(module
  (memory 1)
  (data (i32.const 16) "hello")
  (table 2 funcref)
  (elem (i32.const 0) $f $f)
  (global $g (mut i32) (i32.const 0))
  (func $f)
  (func $init
    i32.const 7
    global.set $g)
  (start $init)
  (func (export "_start")
    global.get $g
    drop))
