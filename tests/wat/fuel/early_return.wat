;; expect-fuel: 15
;; expect-exit: 0
;; fuel arithmetic: $f(1) = entry 1 + local.get 1 + if 1 + i32.const 1 + return 0 = 4;
;;   $f(0) = entry 1 + local.get 1 + if 1 + end 0 + i32.const 1 + i32.const 1 + i32.add 1 = 6;
;;   _start = entry 1 + (i32.const 1 + call 1 + drop 0) x 2 = 5; total 5 + 4 + 6 = 15
(module
  (func $f (param i32) (result i32)
    local.get 0
    if
      i32.const 1
      return
    end
    i32.const 2
    i32.const 3
    i32.add)
  (func (export "_start")
    i32.const 1
    call $f
    drop
    i32.const 0
    call $f
    drop))
