/* host_api.c: the memory and trap helpers `--host` code uses (runtime/jmon_host.h). */
#include "jmon_host.h"

#include "guest_memory.h"
#include "jmon_rt.h"
#include "rt_internal.h"

wasm_rt_memory_t *jmon_host_memory(void) { return jmon_wasi_memory(); }

uint8_t *jmon_host_ptr(uint32_t ptr, uint64_t len) {
  wasm_rt_memory_t *mem = jmon_wasi_memory();
  return mem ? jmon_guest_bytes(mem, ptr, len) : NULL;
}

void jmon_host_trap(const char *reason) { jmon_trap_with_reason(reason); }

int jmon_host_deterministic(void) { return jmon_rt_deterministic() ? 1 : 0; }
