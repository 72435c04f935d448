;; expect-fuel: 4
;; expect-exit: 0
;; fuel arithmetic: entry 1 + block 0 x3 + i32.const 1 + drop 0 + br 2 1 + (everything up to the outer end is skipped) + i32.const 1 + drop 0 = 4
(module
  (func (export "_start")
    block $outer
      block $middle
        block $inner
          i32.const 1
          drop
          br $outer
          i32.const 9
          drop
        end
        i32.const 8
        i32.const 7
        i32.add
        drop
      end
      i32.const 6
      drop
    end
    i32.const 2
    drop))
