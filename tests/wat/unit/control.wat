;; control.wat: control flow, calls, variables, every load/store, memory.size/grow, multi-value
;; block types (type index), globals, exports and a start function.
(module
  (type $sig (func (param i32) (result i32)))
  (type $two (func (param i32) (result i32 i32)))
  (import "env" "imported" (func $imported (param i32) (result i32)))
  (import "env" "g" (global $gimp i32))
  (memory 1 100)
  (table 4 funcref)
  (global $g (mut i32) (i32.const 7))
  (global $h i64 (i64.const -300))
  (global $k i32 (global.get $gimp))
  (elem (i32.const 0) $imported $control)
  (func $control (param $x i32) (result i32) (local $y i64) (local $z f32) (local f64 f64)
    nop
    block $out
      loop $top
        local.get $x
        i32.eqz
        br_if $out
        local.get $x
        i32.const 1
        i32.sub
        local.tee $x
        br_table $top $out $top
      end
    end
    local.get $x
    if (result i32)
      i32.const 1
    else
      i32.const 2
    end
    drop
    local.get $x
    if
      nop
    end
    i32.const 3
    block (type $two) (param i32) (result i32 i32)
      i32.const 4
    end
    i32.add
    call $imported
    i32.const 0
    call_indirect (type $sig)
    global.get $g
    i32.const 1
    select
    global.set $g
    i64.const 1
    i64.const 2
    i32.const 0
    select (result i64)
    local.set $y
    i32.const 0 i32.load drop
    i32.const 0 i64.load drop
    i32.const 0 f32.load drop
    i32.const 0 f64.load drop
    i32.const 0 i32.load8_s drop
    i32.const 0 i32.load8_u drop
    i32.const 0 i32.load16_s drop
    i32.const 0 i32.load16_u drop
    i32.const 0 i64.load8_s drop
    i32.const 0 i64.load8_u drop
    i32.const 0 i64.load16_s drop
    i32.const 0 i64.load16_u drop
    i32.const 0 i64.load32_s drop
    i32.const 0 i64.load32_u offset=100000 align=4 drop
    i32.const 0 i32.const 1 i32.store offset=4 align=1
    i32.const 0 i64.const 1 i64.store
    i32.const 0 f32.const 1 f32.store
    i32.const 0 f64.const 1 f64.store
    i32.const 0 i32.const 1 i32.store8
    i32.const 0 i32.const 1 i32.store16
    i32.const 0 i64.const 1 i64.store8
    i32.const 0 i64.const 1 i64.store16
    i32.const 0 i64.const 1 i64.store32
    memory.size
    memory.grow
    drop
    local.get $x
    return)
  (func $forever
    loop $l
      br $l
    end
    unreachable)
  (func $start)
  (start $start)
  (export "control" (func $control))
  (export "memory" (memory 0))
  (export "table" (table 0))
  (export "g" (global $g))
  (data (i32.const 16) "hello\00world"))
