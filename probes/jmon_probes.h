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
#include "trace_writer.h"
#include "wasm-rt.h"

struct Z_jmon_instance_t;

/** Child-cache slots per node (a power of two). */
#define JMON_KID_SLOTS 8u

/** A calling-context-tree node: one distinct stack of wasm functions (the root is the host). */
typedef struct jmon_node {
  uint32_t func;                 /**< absolute function index of the input module */
  uint32_t depth;                /**< frames from the root (root 0) */
  uint32_t id;                   /**< creation order: parents before children */
  struct jmon_node *parent;
  struct jmon_node *kids[JMON_KID_SLOTS]; /**< child cache, slot func % JMON_KID_SLOTS: an
                                     interpreter frame calling helpers in turn hits it */
  struct jmon_node *hash_next;   /**< chain in the (parent, func) hash */
  uint64_t self_fuel;            /**< fuel saved while this stack was innermost */
  uint64_t calls;                /**< times this stack was entered */
  uint64_t resumes;              /**< JS only: generator/async re-entries */
} jmon_node_t;

/** Fuel saved so far (wasmtime's VMStoreContext counter, as consumed fuel). */
extern uint64_t jmon_fuel_saved;
/** JMON_FUEL_LIMIT, or UINT64_MAX: out of fuel when saved + unsaved >= limit at a check.
 *  Volatile: the signal watcher lowers it to 0 to stop the guest at its next check. */
extern volatile uint64_t jmon_fuel_limit;
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
    jmon_node_t *jmon_c = jmon_cur->kids[(index) & (JMON_KID_SLOTS - 1)];          \
    jmon_cur = (jmon_c && jmon_c->func == (index)) ? jmon_c : jmon_enter_slow(index); \
    jmon_cur->calls++;                                                             \
    if (UNLIKELY(jmon_fuel_saved + jmon_d >= jmon_fuel_limit)) jmon_out_of_fuel(jmon_d); \
    if (UNLIKELY(jmon_trace_wasm_on)) jmon_trace_wasm_enter((index), jmon_fuel_saved + jmon_d); \
  } while (0)

/** Function exit (every return goes through it): save, pop the frame. */
#define JMON_FUNC_EXIT(index)   \
  do {                          \
    (void)(index);              \
    if (UNLIKELY(jmon_trace_wasm_on)) jmon_trace_wasm_exit(jmon_fuel_saved + jmon_d); \
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

/* ---- JS attribution (--probes js): the interpreter's entry/exit and its opcode load ---- */

/** Fuel and executions of one bytecode position of one JS function. */
typedef struct {
  uint64_t fuel;      /**< fuel from this opcode's load to the next load (or frame change) */
  uint64_t count;     /**< times the opcode at this position was loaded */
} jmon_pc_stat_t;

/** One JS function as found in the guest's heap: its bytecode buffer and per-position stats. */
typedef struct jmon_js_fn {
  uint32_t base;           /**< guest address of byte_code_buf */
  uint32_t len;            /**< its length when known from the module's bytecode, else 0 */
  uint32_t cap;            /**< entries in stats (len, or grown for unknown functions) */
  int32_t fid;             /**< index in jmon_js_info.funcs, or -1 (not found: named by address) */
  uint32_t id;             /**< the profile's js_functions id */
  jmon_pc_stat_t *stats;
  uint64_t calls, resumes;
} jmon_js_fn_t;

/** A frame of the interpreter: `fn` NULL until its first opcode load tells which function. */
typedef struct {
  jmon_js_fn_t *fn;
  jmon_node_t *node;       /**< JS calling-context node (the caller's while fn is unknown) */
  uint64_t *saved_last;    /**< the caller's running-opcode bucket, restored at exit */
} jmon_js_frame_t;

extern jmon_js_frame_t *jmon_js_top;     /**< innermost frame (frames[0]: outside any JS) */
extern uint64_t jmon_js_mark;            /**< fuel at the last attribution */
extern uint64_t *jmon_js_last;           /**< bucket of the opcode running now */

void jmon_js_enter(uint64_t now);
void jmon_js_exit(uint64_t now);

/** Give the fuel since the last mark to the running opcode. (The innermost JS stack's node
 *  is credited when the innermost frame changes, see js_monitor.c.) */
static inline void jmon_js_attribute(uint64_t now) {
  *jmon_js_last += now - jmon_js_mark;
  jmon_js_mark = now;
}

/** What an interpreter activation knows of its function, kept in its own locals: the opcode
 *  probe's fast path then touches no frame stack at all. */
typedef struct {
  uint32_t base, cap;
  jmon_pc_stat_t *stats;
} jmon_js_view_t;

/** Slow path of the opcode probe: identify the frame's function or grow it; @return its view. */
jmon_js_view_t jmon_js_pc_slow(uint32_t pc, uint64_t now);

/** The opcode load at `pc`: the fuel since the last load belongs to the previous opcode. */
static inline uint32_t jmon_js_pc(uint32_t pc, uint64_t now, jmon_js_view_t *v) {
  uint32_t off = pc - v->base;
  if (UNLIKELY(off >= v->cap)) {
    *v = jmon_js_pc_slow(pc, now);
    return pc;
  }
  jmon_js_attribute(now);
  jmon_pc_stat_t *s = &v->stats[off];
  s->count++;
  jmon_js_last = &s->fuel;
  return pc;
}

/** jmon.pc(addr) -> addr: inserted right before the interpreter's `i32.load8_u` of *pc, after the
 *  buffered fuel was flushed, so jmon_fuel_saved + jmon_d is exact here. */
#define JMON_P_pc(inst, addr) ((void)(inst), jmon_js_pc((addr), jmon_fuel_saved + jmon_d, &jmon_js_view))
/** Woven after JMON_FUNC_ENTER / before JMON_FUNC_EXIT of the interpreter function only. */
#define JMON_JS_ENTER()                    \
  jmon_js_view_t jmon_js_view = {0, 0, NULL}; \
  jmon_js_enter(jmon_fuel_saved + jmon_d)
#define JMON_JS_EXIT() jmon_js_exit(jmon_fuel_saved + jmon_d)

#endif
