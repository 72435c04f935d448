;; link_plugin.wat: a tiny javy-like plugin for the dynamic linker's unit tests (the test adds
;; the `import_namespace` custom section, which wat2wasm 1.0.32 cannot write).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (global $sp (mut i32) (i32.const 1024))
  (data "plugin-data")
  (func $realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (global.get $sp))
  (func $invoke (export "invoke") (param i32 i32 i32 i32 i32))
  (func (export "compile-src") (param i32 i32) (result i32) (i32.const 0)))
