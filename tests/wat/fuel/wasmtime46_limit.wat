;; expect-fuel: 10
;; expect-fuel-46: 162
;; expect-exit: 0
;; fuel arithmetic: wasmtime 39: $s entry 1; _start entry 1 + 2 x (3 operands + bulk op) 4 = 9; 1 + 9 = 10.
;;   wasmtime 46: start-up 2 + $s 1 = 3; _start entry 1 = 4; memory.fill of run-time 100: 4 + 100 (checked: 108);
;;   memory.copy of constant 50 (inline, not checked): 4 + 50; 4 + 104 + 54 = 162.
;;   The fuel-limit cases of tests/unit/run_fuel_tests.sh use this module.
(module
  (memory 1)
  (global $n (mut i32) (i32.const 100))
  (func $s)
  (start $s)
  (func (export "_start")
    i32.const 0
    i32.const 0
    global.get $n
    memory.fill
    i32.const 1000
    i32.const 0
    i32.const 50
    memory.copy))
