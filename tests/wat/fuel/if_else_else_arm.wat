;; expect-fuel: 6
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + if 1 (then arm skipped) + (else: i32.const 1 + i32.const 1 + i32.add 1) + end 0 + drop 0 = 6
(module
  (func (export "_start")
    i32.const 0
    if (result i32)
      i32.const 2
    else
      i32.const 3
      i32.const 4
      i32.add
    end
    drop))
