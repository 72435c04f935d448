;; bulk_ref.wat: bulk memory (0xfc 8-11), reference types (ref.null/is_null/func, table.get/set,
;; 0xfc 12-17), typed select, passive and declarative segments, element expressions.
(module
  (memory 1)
  (table $t 10 funcref)
  (table $e 2 externref)
  (func $f)
  (func $bulk (param externref)
    i32.const 0 i32.const 0 i32.const 4 memory.init $passive
    data.drop $passive
    i32.const 0 i32.const 8 i32.const 4 memory.copy
    i32.const 0 i32.const 255 i32.const 4 memory.fill
    i32.const 0 i32.const 0 i32.const 1 table.init $t $pe
    elem.drop $pe
    i32.const 0 i32.const 1 i32.const 1 table.copy $t $t
    ref.null func i32.const 1 table.grow $t drop
    table.size $e drop
    i32.const 0 ref.null extern i32.const 1 table.fill $e
    i32.const 0 table.get $t drop
    i32.const 1 ref.func $f table.set $t
    local.get 0 ref.is_null drop
    ref.null extern local.get 0 i32.const 1 select (result externref) drop)
  (elem (i32.const 0) func $f $bulk)
  (elem $pe func $f)
  (elem declare func $f)
  (elem (i32.const 2) funcref (ref.func $f) (ref.null func))
  (elem funcref (ref.null func) (ref.func $f))
  (elem (table $e) (i32.const 0) externref (ref.null extern))
  (elem declare funcref (ref.null func))
  (data (i32.const 0) "active")
  (data $passive "passive"))
