/* jmon_probes.h: the probe implementations every generated translation unit includes. The
 * rewriter turns probes into calls of functions imported from "jmon"; wasm2c writes those as
 * `(*Z_jmonZ_<name>)(instance->Z_jmon_instance, ...)`. Each Z_jmonZ_<name> below is an
 * object-like macro naming a static inline function, so every probe is inlined, never a call. */
#ifndef JMON_PROBES_H
#define JMON_PROBES_H

#include <stdint.h>
#include "wasm-rt.h"

struct Z_jmon_instance_t;

/**
 * jmon.sp_check(value, top) -> value: guards `global.set $__stack_pointer`. LLVM's shadow stack
 * grows down from `top` to 0; a frame that does not fit wraps the pointer above `top`: that is
 * the program's stack exhaustion, so trap `call stack exhausted` rather than let the wrapped
 * pointer fault as an out-of-bounds access (or corrupt memory).
 */
static inline uint32_t jmon_probe_sp_check(struct Z_jmon_instance_t *inst, uint32_t value, uint32_t top) {
  (void)inst;
  if (UNLIKELY(value > top)) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  return value;
}
#define Z_jmonZ_sp_check jmon_probe_sp_check

#endif
