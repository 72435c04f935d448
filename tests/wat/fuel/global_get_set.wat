;; expect-fuel: 6
;; expect-exit: 0
;; fuel arithmetic: entry 1 + global.get 1 + i32.const 1 + i32.add 1 + global.set 1 + global.get 1 + drop 0 = 6
(module
  (global $g (mut i32) (i32.const 5))
  (func (export "_start")
    global.get $g
    i32.const 1
    i32.add
    global.set $g
    global.get $g
    drop))
