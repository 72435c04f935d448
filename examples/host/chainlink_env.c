/* chainlink_env.c: an example `jmon-aot --host` file implementing two of the Chainlink CRE
 * plugin's host imports, so programs using Math.random and log() run under app_mon:
 *   jmon-aot app.wasm --host examples/host/chainlink_env.c -o app_mon
 * Types come from the plugin's published source (src/javy_chainlink_sdk/src/lib.rs):
 *   fn random_seed(mode: i32) -> i64;   fn log(message_ptr: *const u8, message_len: i32);
 * The C names and types follow jmon_host.h (wasm2c's calling convention). */
#include <stdio.h>
#include <time.h>

#include "jmon_host.h"

/* env.random_seed(mode) -> seed for the plugin's ChaCha8 generator (one per mode). Fixed under
 * JMON_DETERMINISTIC=1, else from the clock. */
u64 Z_envZ_random_seed(struct Z_env_instance_t *instance, u32 mode) {
  (void)instance;
  if (jmon_host_deterministic()) return 0x6a6d6f6e00000000ull + mode;   /* "jmon" + mode */
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return ((u64)ts.tv_sec << 32) ^ (u64)ts.tv_nsec ^ mode;
}

/* env.log(ptr, len): the JS `log(message)` global; the message goes to stderr. */
void Z_envZ_log(struct Z_env_instance_t *instance, u32 ptr, u32 len) {
  (void)instance;
  const u8 *msg = jmon_host_ptr(ptr, len);
  if (!msg) jmon_host_trap("env.log: message outside the guest's memory");
  fprintf(stderr, "[log] %.*s\n", (int)len, (const char *)msg);
}
