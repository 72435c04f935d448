;; fuel.wat: the test glue implements env.trap_fuel with jmon_trap_with_reason(), as the fuel
;; probes will: traps "all fuel consumed by WebAssembly".
(module
  (import "env" "trap_fuel" (func $trap_fuel))
  (memory (export "memory") 1)
  (func (export "_start") (call $trap_fuel)))
