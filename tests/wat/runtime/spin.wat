;; spin.wat: loops forever, for the SIGTERM/SIGINT test.
(module
  (memory (export "memory") 1)
  (func (export "_start") (loop $l (br $l))))
