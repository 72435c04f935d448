;; no_dispatch.wat: large br_tables fed by a parameter and by an i32.load field, none by a
;; load8_u in straight-line code: the finder must report NONE.
;; Function indices: 0 import, 1 param, 2 field, 3 across_loop.
(module
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  (func $param_switch (export "param") (param $x i32) (result i32)
    (local $byte i32)
    ;; a load8_u that feeds no br_table (an override may still name it)
    local.get $x
    i32.load8_u offset=3
    local.set $byte
    (block $b
      (block $a
        local.get $x
        br_table $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a
      )
      local.get $byte
      return
    )
    i32.const 2)
  (func $field_switch (export "field") (param $p i32) (result i32)
    (block $b
      (block $a
        local.get $p
        i32.load offset=24
        i32.const 128
        i32.add
        br_table $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $b $a
      )
      i32.const 1
      return
    )
    i32.const 2)
  (func $across_loop (export "across") (param $p i32) (result i32)
    (local $op i32)
    local.get $p
    i32.load8_u
    local.set $op
    (loop $again
      (block $b
        (block $a
          local.get $op
          br_table $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a $b $a
        )
        local.get $op
        i32.const 1
        i32.sub
        local.tee $op
        br_if $again
      )
    )
    local.get $op)
)
