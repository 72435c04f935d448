/* jmon_probes.h: the probes every generated translation unit includes. The rewriter turns a
 * probe into a call of a function imported from "jmon"; the splitter rewrites wasm2c's
 * `(*Z_jmonZ_NAME)(instance->Z_jmon_instance, ...)` into `JMON_P_NAME(...)` and each function's
 * FUNC_PROLOGUE/FUNC_EPILOGUE into JMON_FUNC_ENTER/EXIT(index). All are inline: no probe is a call
 * on its fast path. Fuel follows wasmtime 39 (docs/fuel-model.md): each function keeps its
 * unsaved fuel in a local (`jmon_d`, a register), saved into jmon_fuel_saved at calls, returns,
 * `unreachable` and the function's exit, so a trap loses exactly what wasmtime loses. */
#ifndef JMON_PROBES_H
#define JMON_PROBES_H

#include <stdint.h>
#include "wasm-rt.h"

struct Z_jmon_instance_t;

/** A calling-context-tree node: one distinct stack of wasm functions (the root is the host). */
typedef struct jmon_node {
  uint32_t func;                 /**< absolute function index of the input module */
  uint32_t depth;                /**< frames from the root (root 0) */
  uint32_t id;                   /**< creation order: parents before children */
  struct jmon_node *parent;
  struct jmon_node *last_child;  /**< the child entered last: the usual next callee */
  struct jmon_node *hash_next;   /**< chain in the (parent, func) hash */
  uint64_t self_fuel;            /**< fuel saved while this stack was innermost */
  uint64_t calls;                /**< times this stack was entered */
} jmon_node_t;

/** Fuel saved so far (wasmtime's VMStoreContext counter, as consumed fuel). */
extern uint64_t jmon_fuel_saved;
/** JMON_FUEL_LIMIT, or UINT64_MAX: out of fuel when saved + unsaved >= limit at a check. */
extern uint64_t jmon_fuel_limit;
/** The innermost wasm frame's node. */
extern jmon_node_t *jmon_cur;

/** Slow path of a function entry: find or make the child node of jmon_cur for `func`. */
jmon_node_t *jmon_enter_slow(uint32_t func);
/** Out of fuel at a check with `unsaved` pending: save it, trap. Never returns. */
WASM_RT_NO_RETURN void jmon_out_of_fuel(uint64_t unsaved);

/** Save `x` units of fuel: the global counter and the innermost stack's self fuel. */
static inline void jmon_save(uint64_t x) {
  jmon_fuel_saved += x;
  jmon_cur->self_fuel += x;
}

/** Function entry: push the frame, start the unsaved fuel at the entry cost 1, check the limit. */
#define JMON_FUNC_ENTER(index)                                                     \
  uint64_t jmon_d = 1;                                                             \
  do {                                                                             \
    jmon_node_t *jmon_c = jmon_cur->last_child;                                    \
    jmon_cur = (jmon_c && jmon_c->func == (index)) ? jmon_c : jmon_enter_slow(index); \
    jmon_cur->calls++;                                                             \
    if (UNLIKELY(jmon_fuel_saved + jmon_d >= jmon_fuel_limit)) jmon_out_of_fuel(jmon_d); \
  } while (0)

/** Function exit (every return goes through it): save, pop the frame. */
#define JMON_FUNC_EXIT(index)   \
  do {                          \
    (void)(index);              \
    jmon_save(jmon_d);          \
    jmon_cur = jmon_cur->parent; \
  } while (0)

/** jmon.fuel(k): move k buffered units into the unsaved counter. */
#define JMON_P_fuel(inst, k) ((void)(inst), jmon_d += (k))

/** jmon.fuel_save(k): add k, save everything unsaved (before call/return/unreachable). */
#define JMON_P_fuel_save(inst, k) ((void)(inst), jmon_save(jmon_d + (k)), jmon_d = 0)

/** jmon.loop_check(): wasmtime's out-of-fuel check at a loop header. */
#define JMON_P_loop_check(inst) \
  ((void)(inst), UNLIKELY(jmon_fuel_saved + jmon_d >= jmon_fuel_limit) ? jmon_out_of_fuel(jmon_d) : (void)0)

/**
 * jmon.sp_check(value, top) -> value: guards `global.set $__stack_pointer`. LLVM's shadow stack
 * grows down from `top` to 0; a frame that does not fit wraps the pointer above `top`: that is
 * the program's stack exhaustion, so trap `call stack exhausted` rather than let the wrapped
 * pointer fault as an out-of-bounds access (or corrupt memory).
 */
static inline uint32_t jmon_probe_sp_check(uint32_t value, uint32_t top) {
  if (UNLIKELY(value > top)) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  return value;
}
#define JMON_P_sp_check(inst, value, top) ((void)(inst), jmon_probe_sp_check((value), (top)))

#endif
