/* runtime_host.c: the `jmon-aot --host` file of the runtime suite (tests/unit/run_runtime_tests.sh):
 * the two env imports its .wat programs use to reach runtime paths a guest cannot. */
#include <stdint.h>

#include "jmon_host.h"

/* env.trap_fuel(): the fuel probes' out-of-fuel trap, by hand (tests/wat/runtime/fuel.wat). */
void Z_envZ_trap_fuel(struct Z_env_instance_t *instance) {
  (void)instance;
  jmon_host_trap("all fuel consumed by WebAssembly");
}

/* env.host_crash(): a fault outside the guard and linear memory, i.e. a host bug
 * (tests/wat/runtime/host_crash.wat): a write to address 16. */
void Z_envZ_host_crash(struct Z_env_instance_t *instance) {
  (void)instance;
  *(volatile int *)(uintptr_t)16 = 1;
}
