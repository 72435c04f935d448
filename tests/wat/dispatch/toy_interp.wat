;; toy_interp.wat: a toy bytecode interpreter (found) next to a bytecode walker and a bigger
;; field-fed br_table (decoys). Function indices: 0 import, 1..12 helpers, 13 interp, 14 walker, 15 field.
(module
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  (func $helper0 (param i32) (result i32) local.get 0 i32.const 0 i32.xor)
  (func $helper1 (param i32) (result i32) local.get 0 i32.const 1 i32.xor)
  (func $helper2 (param i32) (result i32) local.get 0 i32.const 2 i32.xor)
  (func $helper3 (param i32) (result i32) local.get 0 i32.const 3 i32.xor)
  (func $helper4 (param i32) (result i32) local.get 0 i32.const 4 i32.xor)
  (func $helper5 (param i32) (result i32) local.get 0 i32.const 5 i32.xor)
  (func $helper6 (param i32) (result i32) local.get 0 i32.const 6 i32.xor)
  (func $helper7 (param i32) (result i32) local.get 0 i32.const 7 i32.xor)
  (func $helper8 (param i32) (result i32) local.get 0 i32.const 8 i32.xor)
  (func $helper9 (param i32) (result i32) local.get 0 i32.const 9 i32.xor)
  (func $helper10 (param i32) (result i32) local.get 0 i32.const 10 i32.xor)
  (func $helper11 (param i32) (result i32) local.get 0 i32.const 11 i32.xor)
  (func $interp (export "interp") (param $pc i32) (result i32)
    (local $op i32) (local $acc i32)
    (block $halt
      (loop $next
        (block $h11
        (block $h10
        (block $h9
        (block $h8
        (block $h7
        (block $h6
        (block $h5
        (block $h4
        (block $h3
        (block $h2
        (block $h1
        (block $h0
          ;; opcode = *pc++
          local.get $pc
          i32.load8_u
          local.set $op
          local.get $pc
          i32.const 1
          i32.add
          local.set $pc
          local.get $op
          i32.const 1
          i32.sub
          br_table $h0 $h1 $h2 $h3 $h4 $h5 $h6 $h7 $h8 $h9 $h10 $h11 $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt $halt
        )
        ;; handler 1: acc += imm8 (at pc) * 1; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 1
        i32.mul
        i32.add
        call $helper0
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 2: acc += imm8 (at pc) * 2; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 2
        i32.mul
        i32.add
        call $helper1
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 3: acc += imm8 (at pc) * 3; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 3
        i32.mul
        i32.add
        call $helper2
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 4: acc += imm8 (at pc) * 4; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 4
        i32.mul
        i32.add
        call $helper3
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 5: acc += imm8 (at pc) * 5; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 5
        i32.mul
        i32.add
        call $helper4
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 6: acc += imm8 (at pc) * 6; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 6
        i32.mul
        i32.add
        call $helper5
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 7: acc += imm8 (at pc) * 7; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 7
        i32.mul
        i32.add
        call $helper6
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 8: acc += imm8 (at pc) * 8; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 8
        i32.mul
        i32.add
        call $helper7
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 9: acc += imm8 (at pc) * 9; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 9
        i32.mul
        i32.add
        call $helper8
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 10: acc += imm8 (at pc) * 10; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 10
        i32.mul
        i32.add
        call $helper9
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 11: acc += imm8 (at pc) * 11; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 11
        i32.mul
        i32.add
        call $helper10
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
        )
        ;; handler 12: acc += imm8 (at pc) * 12; pc += 1
        local.get $acc
        local.get $pc
        i32.load8_u
        i32.const 12
        i32.mul
        i32.add
        call $helper11
        local.set $acc
        local.get $pc
        i32.const 1
        i32.add
        local.set $pc
        br $next
      )
    )
    local.get $acc)
  (func $walker (export "walk") (param $pos i32) (param $end i32) (result i32)
    (local $op i32) (local $n i32)
    (block $done
      (loop $next
        (block $skip
          (block $jump
            local.get $pos
            i32.load8_u
            local.tee $op
            br_table $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $skip $jump $done
          )
          local.get $n
          i32.const 1
          i32.add
          local.set $n
        )
        local.get $pos
        i32.const 1
        i32.add
        local.tee $pos
        local.get $end
        i32.lt_u
        br_if $next
      )
    )
    local.get $n)
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
)
