;; expect-fuel: 19
;; expect-exit: 0
;; fuel arithmetic: $dispatch(k) costs entry 1 + local.get 1 + br_table 1 + one i32.const 1 (+ return 0 or end 0) = 4 for every k
;;   (k = 0 -> label 0, k = 1 -> label 1, k = 5 -> default label 2);
;;   _start: entry 1 + 3 x (i32.const 1 + call 1 + 4 + drop 0) = 1 + 18 = 19
(module
  (func $dispatch (param i32) (result i32)
    block
      block
        block
          local.get 0
          br_table 0 1 2
        end
        i32.const 10
        return
      end
      i32.const 20
      return
    end
    i32.const 30)
  (func (export "_start")
    i32.const 0
    call $dispatch
    drop
    i32.const 1
    call $dispatch
    drop
    i32.const 5
    call $dispatch
    drop))
