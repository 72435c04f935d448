;; expect-fuel: 10
;; expect-fuel-46: 9
;; oracle-fuel-46: 12
;; expect-exit: 0
;; fuel arithmetic: wasmtime 39: entry 1 + 3 x (ref.null, i32.const/global.get, table.grow) 3 + drop 0 = 10.
;;   wasmtime 46: a grown table is filled like table.fill, 1 per new element, on the success path only; the fuel
;;   buffered since the last flush (here the three operators of each grow) is flushed on that path only too
;;   (func_environ.rs translate_table_grow), so a failing grow loses it:
;;   entry 1 + grow by 2 (1 -> 3: 3 + 2) + grow by 0 (succeeds: 3 + 0) + grow by 1 (past the maximum 3: fails, its 3 lost) = 9.
;;   The oracle has no buffer and keeps the failing grow's 3: 12.
(module
  (table $t 1 3 funcref)
  (global $n (mut i32) (i32.const 2))
  (func (export "_start")
    ref.null func
    global.get $n
    table.grow $t
    drop
    ref.null func
    i32.const 0
    table.grow $t
    drop
    ref.null func
    i32.const 1
    table.grow $t
    drop))
