;; expect-fuel: 8
;; expect-exit: 0
;; fuel arithmetic: _start entry 1 + call 1 + $a entry 1 + call 1 + $b entry 1 + call 1 + $c (entry 1 + i32.const 1 + drop 0) = 8
(module
  (func $c
    i32.const 1
    drop)
  (func $b
    call $c)
  (func $a
    call $b)
  (func (export "_start")
    call $a))
