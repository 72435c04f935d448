;; link_app.wat: a javy-like dynamic module for the dynamic linker's unit tests: javy's imports
;; and `_start`, plus an unexported helper, a typed block and a data.drop to renumber.
(module
  (type $pair (func (param i32 i32) (result i32)))
  (import "tiny_plugin" "cabi_realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
  (import "tiny_plugin" "invoke" (func $invoke (param i32 i32 i32 i32 i32)))
  (import "tiny_plugin" "memory" (memory 0))
  (data $bc "BYTECODE")
  (func $helper (type $pair) (local.get 0))
  (func (export "_start") (local i32)
    (local.set 0 (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (memory.init $bc (local.get 0) (i32.const 0) (i32.const 8))
    (drop (call $helper (i32.const 1) (i32.const 2)))
    i32.const 3 i32.const 4 block (type $pair) i32.add end drop
    (data.drop $bc)
    (call $invoke (local.get 0) (i32.const 8) (i32.const 0) (i32.const 0) (i32.const 0))))
