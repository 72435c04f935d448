;; expect-fuel: 4
;; expect-exit: 0
;; fuel arithmetic: entry 1 + i32.const 1 + if 1 + (then: i32.const 1) + else 0 (else arm skipped) + end 0 + drop 0 = 4
(module
  (func (export "_start")
    i32.const 1
    if (result i32)
      i32.const 2
    else
      i32.const 3
      i32.const 4
      i32.add
    end
    drop))
