;; host_crash.wat: the test glue implements env.host_crash as a NULL write, standing in for a
;; host bug: it must be reported as an internal error and crash (SIGSEGV), not as a wasm trap.
(module
  (import "env" "host_crash" (func $host_crash))
  (memory (export "memory") 1)
  (func (export "_start") (call $host_crash)))
