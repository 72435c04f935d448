;; expect-fuel: 53
;; expect-exit: 0
;; fuel arithmetic: entry 1 + (i32.const, local.set) 2 + 10 iterations x (local.get, i32.const, i32.sub, local.tee, br_if) 5 = 53 (fuel.wast v39.0.1: "5 loop instructions, 10 iterations, 2 header instrs, 1 func")
(module
  (func $f
    (local i32)
    i32.const 10
    local.set 0
    loop
      local.get 0
      i32.const 1
      i32.sub
      local.tee 0
      br_if 0
    end)
  (export "_start" (func $f)))
