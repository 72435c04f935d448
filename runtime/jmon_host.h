/* jmon_host.h: the header for `jmon-aot --host FILE.c`, a user's C implementations of imports
 * that neither WASI nor jmon-aot provides (e.g. the Chainlink plugin's `env.*` functions).
 *
 * Calling convention (wasm2c 1.0.32's): an import MODULE.NAME of wasm type (p1, p2, ...) -> r
 * is the C function
 *     R Z_<MODULE>Z_<NAME>(struct Z_<MODULE>_instance_t *instance, P1, P2, ...);
 * with i32 -> u32, i64 -> u64, f32 -> f32, f64 -> f64, no result -> void, and MODULE/NAME
 * mangled as wasm2c does: letters, digits and '_' stay, 'Z' becomes "ZZ", any other byte
 * becomes 'Z' and its two uppercase hex digits (e.g. "compile-src" -> "compileZ2Dsrc").
 * `instance` is an opaque placeholder: never dereference it. Imports FILE.c does not define
 * keep trapping with `unimplemented import MODULE.NAME`; a definition with another type than
 * the module's fails to compile (the prototypes come from the module's own header, included
 * before FILE.c is compiled). Guest pointers are offsets into the guest's linear memory: reach
 * them only through jmon_host_ptr(), which checks the range. */
#ifndef JMON_HOST_H
#define JMON_HOST_H

#include <stdint.h>
#include "wasm-rt.h"

#ifndef WASM_RT_CORE_TYPES_DEFINED
#define WASM_RT_CORE_TYPES_DEFINED
typedef uint8_t u8;
typedef int8_t s8;
typedef uint16_t u16;
typedef int16_t s16;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef int64_t s64;
typedef float f32;
typedef double f64;
#endif

/** Import-module instances are opaque to host code. */
struct Z_env_instance_t;

/** @return the guest's linear memory (its exported `memory`), or NULL when it has none. */
wasm_rt_memory_t *jmon_host_memory(void);

/**
 * @return a host pointer to guest bytes [ptr, ptr + len), or NULL when any of it lies outside
 * the memory (ptr + len overflow included). Valid until the guest next grows its memory.
 */
uint8_t *jmon_host_ptr(uint32_t ptr, uint64_t len);

/** Trap with `reason` (static storage), like any guest trap: exit 134, profile written. */
WASM_RT_NO_RETURN void jmon_host_trap(const char *reason);

/** @return 1 when app_mon runs with JMON_DETERMINISTIC=1 (host code should then be too). */
int jmon_host_deterministic(void);

#endif
