;; expect-fuel: 54
;; expect-fuel-46: 54
;; expect-exit: 0
;; fuel arithmetic: $fac(n <= 1) = entry 1 + local.get 1 + i32.const 1 + i32.le_s 1 + if 1 + i32.const 1 + end 0 = 6;
;;   $fac(n > 1) = entry 1 + (local.get, i32.const, i32.le_s, if) 4 + else 0 + (local.get, local.get, i32.const, i32.sub, call, i32.mul) 6 + end 0 = 11 + $fac(n-1);
;;   $fac(5) = 4 x 11 + 6 = 50; _start = entry 1 + i32.const 1 + call 1 + global.set 1 + 50 = 54
;;   wasmtime 46: the same 54 (no bulk operator, no start-up code)
(module
  (global $result (mut i32) (i32.const 0))
  (func $fac (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.le_s
    if (result i32)
      i32.const 1
    else
      local.get 0
      local.get 0
      i32.const 1
      i32.sub
      call $fac
      i32.mul
    end)
  (func (export "_start")
    i32.const 5
    call $fac
    global.set $result))
