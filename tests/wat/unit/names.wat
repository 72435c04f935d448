;; names.wat: built with --debug-names so the module carries a "name" custom section.
(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
