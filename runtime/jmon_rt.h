/* jmon_rt.h: the one header between the C that jmon-aot generates for a module and the
 * runtime every app_mon links (WASI host, main(), traps).
 *
 * The runtime's main() reads these environment variables (app_mon takes no options):
 *   JMON_ENV=K=V,K2=V2    guest environment (default: empty, like wasmtime); a bare K passes
 *                         the host's value of K
 *   JMON_DIR=host[::guest],...  preopened directories, guest fds 3, 4, ... (guest name
 *                         defaults to the host path); `..` and symlink escapes are refused
 *   JMON_DETERMINISTIC=1  realtime clock starts at 1700000000 s and monotonic/CPU clocks at 0,
 *                         each reading advances 1 ms; poll_oneoff sleeps advance them instead
 *                         of sleeping; random_get gives zero bytes
 *   JMON_STACK_MB=N       native stack of the guest thread in MiB (default 1024, 1..1048576);
 *                         reserved lazily, a 16 MiB guard below it turns overflow into
 *                         `call stack exhausted`
 * Threads: the guest runs on its own thread; at_exit runs on that thread after a return,
 * proc_exit or trap, and on a signal-watcher thread after SIGINT/SIGTERM. */
#ifndef JMON_RT_H
#define JMON_RT_H

#include <stdint.h>
#include <stdbool.h>
#include "wasm-rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- provided by the generated glue (jmon_glue.c), one per app_mon ---- */

/** What the runtime needs to know about the translated module. */
typedef struct {
  const char *module_name;    /**< basename of the input .wasm: WASI argv[0] */
  const char *module_sha256;  /**< hex SHA-256 of the input .wasm */
  const char *probes;         /**< "none", "fuel" or "js" */
  /** Initialise the module and instantiate it; must call jmon_wasi_set_memory(). May trap. */
  void (*instantiate)(void);
  /** Run the module's `_start`. May trap (longjmp) or call proc_exit. */
  void (*start)(void);
  /** Release the instance (after a normal return only, after at_exit, on the main thread). */
  void (*release)(void);
  /**
   * Called exactly once when the run ends, however it ends (return, proc_exit, trap, signal):
   * write the profile. `trap` is NULL or a docs/profile.md reason ("interrupted by SIGINT" /
   * "terminated by SIGTERM" after those signals, with no trap line). NULL when no probes.
   * exit_code is what app_mon then exits with (134 on a trap, 128+N on signal N). Runs on the
   * guest thread, except after a signal (watcher thread, while the guest may still run).
   * Not called when app_mon fails before the guest starts (bad JMON_* setting: exit 1).
   */
  void (*at_exit)(int exit_code, const char *trap);
} jmon_module_desc_t;

/**
 * Set by the probes (NULL without): asked by the signal watcher, before at_exit, to bring the
 * guest to a standstill so the profile is written from counters nobody changes any more.
 * Returns when the guest stopped or after a short wait (a guest blocked in a host call).
 */
extern void (*jmon_rt_stop_guest)(void);

/** Defined by the generated glue: the one module this app_mon runs. */
extern const jmon_module_desc_t jmon_module;

/* ---- provided by the runtime (libjmon_rt.a) ---- */

/** Import-module instance for wasi_snapshot_preview1; the WASI functions take it first. */
struct Z_wasi_snapshot_preview1_instance_t;

/** @return the single WASI instance the glue passes to Z_<mod>_instantiate(). Never NULL. */
struct Z_wasi_snapshot_preview1_instance_t *jmon_wasi_instance(void);

/**
 * Tell the WASI host which linear memory guest pointers refer to (the exported `memory`).
 * The memory stays owned by the instance; NULL makes every pointer argument fail with EFAULT.
 */
void jmon_wasi_set_memory(wasm_rt_memory_t *memory);

/**
 * Trap with "unimplemented import MODULE.NAME" (exit 134, profile written). Never returns.
 * Used by generated stubs for imports nobody implements.
 */
WASM_RT_NO_RETURN void jmon_trap_unimplemented_import(const char *module, const char *name);

/**
 * Trap with a given docs/profile.md reason string (static storage), e.g. for the fuel limit.
 * Never returns.
 */
WASM_RT_NO_RETURN void jmon_trap_with_reason(const char *reason);

/** Append a printf-formatted warning for the profile's `warnings` array (copied; the first
 *  256 are kept, an allocation failure drops one silently). Thread-safe; not for signal handlers. */
void jmon_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** @return the number of warnings collected so far (0 when none or after allocation failures). */
int jmon_warning_count(void);
/** @return the i-th warning (0-based, owned by the runtime, valid until exit); NULL if out of range. */
const char *jmon_warning(int i);

/** Exit status of app_mon after any trap, as `wasmtime run` uses. */
#define JMON_EXIT_TRAP 134

/**
 * Register one more linear memory (e.g. a plugin's) so that faults in its 8 GiB reservation
 * are reported as `out of bounds memory access`. jmon_wasi_set_memory() registers its memory
 * itself. Up to 8 memories; further ones are ignored with a warning.
 */
void jmon_rt_add_memory(wasm_rt_memory_t *memory);

/** @return true when JMON_DETERMINISTIC=1: fixed clocks and zero random bytes. */
bool jmon_rt_deterministic(void);

#ifdef __cplusplus
}
#endif

#endif
