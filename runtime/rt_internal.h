/* rt_internal.h: what the runtime's own files share (trap plumbing, the guest thread, the
 * configuration read from the environment); nothing here is seen by generated code. */
#ifndef JMON_RT_INTERNAL_H
#define JMON_RT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "wasm-rt.h"
#include "wasi_host.h"

/* ---- trap.c ---- */

/** Value a longjmp to wasm_rt_jmp_buf carries for proc_exit (wasm_rt_trap_t values are small). */
#define JMON_RT_JUMP_PROC_EXIT 0x7e01
/** Value a longjmp carries for jmon_trap_with_reason(). */
#define JMON_RT_JUMP_REASON 0x7e02

/** How the guest ended: exit status and, for a trap, the docs/profile.md reason (static). */
typedef struct {
  int exit_code;
  const char *trap;     /**< NULL unless it trapped */
  bool returned;        /**< _start returned normally */
} jmon_rt_outcome_t;

/** proc_exit: remember code and longjmp back to the guest thread's wasm_rt_try. */
WASM_RT_NO_RETURN void jmon_rt_proc_exit(uint32_t code);

/**
 * In the guest thread, after wasm_rt_init(): register a sigaltstack for this thread and install
 * the SIGSEGV/SIGBUS handler that maps faults in [guard_lo, guard_lo+guard_len) to
 * `call stack exhausted` and faults in a registered linear memory to `out of bounds memory
 * access`. @return 0, or -1 with errno set (the handler is then not installed).
 */
int jmon_trap_install(void *guard_lo, size_t guard_len);

/** In the guest thread before it ends: drop its sigaltstack and free it. Handler stays. */
void jmon_trap_uninstall(void);

/** Turn a nonzero wasm_rt_try() result into an outcome (exit 134 + reason, or proc_exit code). */
void jmon_trap_outcome(int jump, jmon_rt_outcome_t *out);

/** @return the reason string for a wasm_rt_trap_t (docs/profile.md trap words), never NULL. */
const char *jmon_trap_reason(wasm_rt_trap_t trap);

/* ---- guest_thread.c ---- */

/** Guard region below the guest stack: faults there are stack exhaustion. */
#define JMON_RT_GUARD_BYTES ((size_t)16 << 20)
/** Default guest stack (JMON_STACK_MB overrides). */
#define JMON_RT_DEFAULT_STACK_MB 1024

/** Called on the guest thread once the outcome is known (so probe state is still at hand). */
typedef void (*jmon_rt_on_end_fn)(const jmon_rt_outcome_t *outcome);

/**
 * Run jmon_module.instantiate() and start() on a fresh thread whose stack is stack_bytes of
 * lazily committed memory above a PROT_NONE guard, under wasm_rt's trap handling; then call
 * on_end (if non-NULL) on that thread, and fill *out after the thread ended.
 * @return 0, or an errno value when the thread or its stack cannot be set up.
 */
int jmon_guest_run(size_t stack_bytes, jmon_rt_on_end_fn on_end, jmon_rt_outcome_t *out);

/* ---- rt_config.c ---- */

/** Runtime settings read from argv and the JMON_* environment variables. */
typedef struct {
  jmon_wasi_config_t wasi;     /**< its arrays point into the fields below */
  size_t stack_bytes;
  const char **args;           /**< owned array; strings borrowed from argv */
  char **env;                  /**< owned, each owned */
  jmon_wasi_preopen_t *preopens;  /**< owned; strings owned */
  char *error;                 /**< set on failure: a message for the user (owned) */
} jmon_rt_config_t;

/**
 * Fill cfg from argc/argv (WASI args = [module_name, argv[1..]]) and the environment
 * (JMON_ENV, JMON_DIR, JMON_DETERMINISTIC, JMON_STACK_MB).
 * @return true; false with cfg->error set (bad value, out of memory). Free with
 * jmon_rt_config_free() either way.
 */
bool jmon_rt_config_load(jmon_rt_config_t *cfg, const char *module_name, int argc, char **argv);

/** Free what jmon_rt_config_load() allocated; cfg may be zeroed or partly filled. */
void jmon_rt_config_free(jmon_rt_config_t *cfg);

#endif
