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

/** Child-cache slots per node (a power of two), and the slot of a function: a multiplicative
 *  hash, constant-folded at every entry (the index is a literal there), so helpers an
 *  interpreter frame calls in turn rarely share a slot. */
#define JMON_KID_BITS 5u
#define JMON_KID_SLOTS (1u << JMON_KID_BITS)
#define JMON_KID_SLOT(func) ((uint32_t)((uint32_t)(func) * 2654435761u) >> (32u - JMON_KID_BITS))
/** A function's second slot (two-way cache): looked at only when the first holds another. */
#define JMON_KID_SLOT2(func) ((uint32_t)((uint32_t)(func) * 2246822519u) >> (32u - JMON_KID_BITS))

/** A calling-context-tree node: one distinct stack of wasm functions (the root is the host). */
typedef struct jmon_node {
  uint32_t func;                 /**< absolute function index of the input module */
  uint32_t depth;                /**< frames from the root (root 0) */
  uint64_t self_fuel;            /**< fuel saved while this stack was innermost */
  uint64_t calls;                /**< times this stack was entered */
  struct jmon_node *parent;
  struct jmon_node *kids[JMON_KID_SLOTS]; /**< child cache, two-way by JMON_KID_SLOT/SLOT2; empty slots point
                                     at jmon_no_node, so a lookup needs no NULL test */
  struct jmon_node *hash_next;   /**< chain in the (parent, func) hash */
  uint64_t resumes;              /**< JS only: generator/async re-entries */
  uint32_t id;                   /**< creation order: parents before children */
} jmon_node_t;

/** The empty child-cache slot: its func (UINT32_MAX - 1) is no function's and no JS id's. */
extern jmon_node_t jmon_no_node;

/** Fuel saved so far (wasmtime's VMStoreContext counter, as consumed fuel). */
extern uint64_t jmon_fuel_saved;
/** The threshold the checks compare with: JMON_FUEL_LIMIT (UINT64_MAX without one), or 0 while
 *  wasm function events are traced or a signal stops the guest, so one compare at each entry and
 *  loop header covers all three; jmon_check_slow sorts them out. Volatile: the signal watcher
 *  lowers it from its own thread. */
extern volatile uint64_t jmon_fuel_limit;
/** Nonzero when a check can fire at all: a JMON_FUEL_LIMIT, wasm function events, or a stop
 *  signal. Without them (a plain profiling run) a check is one byte test, not two loads and a
 *  compare. Volatile: the signal watcher sets it from its own thread. */
extern volatile uint8_t jmon_checks_on;
/** The check at a function entry or loop header, with `unsaved` pending. */
#define JMON_CHECK_FIRES(unsaved) \
  (UNLIKELY(jmon_checks_on) && UNLIKELY(jmon_fuel_saved + (unsaved) >= jmon_fuel_limit))
/** The innermost wasm frame's node, as functions that call others keep it. Each function also
 *  holds its own node in a local (`jmon_me`): guest stores may alias any global, so the local
 *  saves a reload at every save. Leaf functions (they call nothing) never touch jmon_cur. */
extern jmon_node_t *jmon_cur;

/** Slow path of a function entry: find or make the child node of `parent` for `func`. */
jmon_node_t *jmon_enter_slow(jmon_node_t *parent, uint32_t func);
/** A check found saved + `unsaved` >= jmon_fuel_limit in the frame of node `me`, at the entry of
 *  function `entered` or at a loop header (JMON_NO_FUNC): trace the entry, stop for a signal, or
 *  trap out of fuel (then it does not return). */
void jmon_check_slow(jmon_node_t *me, uint64_t unsaved, uint32_t entered);
#define JMON_NO_FUNC UINT32_MAX

/** Per-function counters of a build without wasm stacks (`--probes js` unless --wasm-stacks,
 *  `--probes fuel --no-wasm-stacks`): the calling-context tree's per-function sums, kept
 *  directly. total_fuel is bracketed: a function's outermost activation subtracts the counter
 *  at its entry and adds it at its exit, so recursion counts each unit once; while neg_active is
 *  nonzero it is open (the profile writer closes it with the final counter). */
typedef struct {
  uint64_t calls;
  uint32_t neg_active;  /**< minus the activations on the stack now (mod 2^32): the entry's
                             decrement borrows exactly at the outermost one, so the test is
                             the decrement's own flag */
  uint32_t pad;
  uint64_t self_fuel;
  uint64_t total_fuel;  /**< mod 2^64 while open */
} jmon_func_stat_t;

/** [jmon_probe_info.nfuncs], defined by the glue, indexed by the input module's function index:
 *  a literal at each entry, so a function's counters are at a link-time address. */
extern jmon_func_stat_t jmon_funcs[];
/** jmon_check_slow for a build without wasm stacks: `me` is the checking function's counters. */
void jmon_check_slow_flat(jmon_func_stat_t *me, uint64_t unsaved, uint32_t entered);

/** Decrement `*p` (uint32_t): @return nonzero when it borrowed (it was 0). On x86-64 the
 *  decrement's own carry flag, so the test costs no load, compare or extra instruction. */
#if defined(__x86_64__) && defined(__GCC_ASM_FLAG_OUTPUTS__)
static inline int jmon_dec_borrows(uint32_t *p) {
  int borrow;
  __asm__("subl $1, %0" : "+m"(*p), "=@ccc"(borrow));
  return borrow;
}
#else
static inline int jmon_dec_borrows(uint32_t *p) { return (*p)-- == 0; }
#endif

/** 1: the unit keeps the calling-context tree (wasm_stacks); 0: only jmon_funcs. The build
 *  defines it in each unit's preamble. */
#ifndef JMON_WASM_STACKS
#define JMON_WASM_STACKS 1
#endif

/** Save `x` units of fuel: the global counter and the self fuel of the frame's node or counters
 *  `n` (a jmon_node_t or a jmon_func_stat_t). `x` is evaluated twice: a local or a sum of them. */
#define jmon_save_at(n, x) (jmon_fuel_saved += (x), (n)->self_fuel += (x))

/** jmon_save_at the innermost stack. */
static inline void jmon_save(uint64_t x) { jmon_save_at(jmon_cur, x); }

#if JMON_WASM_STACKS

#define JMON_CHECK_SLOW jmon_check_slow

/** The entry of function `index`: find its node under `parent`, count the call, start the unsaved
 *  fuel at the entry cost 1 and check it. */
#define JMON_ENTER_NODE(index, parent)                                             \
  uint64_t jmon_d = 1;                                                             \
  jmon_node_t *jmon_me = (parent)->kids[JMON_KID_SLOT(index)];                     \
  do {                                                                             \
    if (UNLIKELY(jmon_me->func != (index))) {                                      \
      jmon_me = (parent)->kids[JMON_KID_SLOT2(index)];                             \
      if (UNLIKELY(jmon_me->func != (index))) jmon_me = jmon_enter_slow((parent), (index)); \
    }                                                                              \
    jmon_me->calls++;                                                              \
    if (JMON_CHECK_FIRES(1)) jmon_check_slow(jmon_me, 1, (index));                 \
  } while (0)

/** Function exit (every return goes through it): save the unsaved fuel. */
#define JMON_EXIT_SAVE()                                                            \
  do {                                                                              \
    if (UNLIKELY(jmon_trace_wasm_on)) jmon_trace_wasm_exit(jmon_fuel_saved + jmon_d); \
    jmon_save_at(jmon_me, jmon_d);                                                  \
  } while (0)

/** Entry/exit of a function that calls others: it becomes jmon_cur, its callees' parent. */
#define JMON_FUNC_ENTER(index)            \
  JMON_ENTER_NODE(index, jmon_cur);       \
  jmon_cur = jmon_me
#define JMON_FUNC_EXIT(index)             \
  do {                                    \
    (void)(index);                        \
    JMON_EXIT_SAVE();                     \
    jmon_cur = jmon_me->parent;           \
  } while (0)

/** Entry/exit of a leaf function (no call of any kind): jmon_cur stays its parent's, as nothing
 *  runs below it to read it; traps and checks get its node passed explicitly. */
#define JMON_LEAF_ENTER(index) JMON_ENTER_NODE(index, jmon_cur)
#define JMON_LEAF_EXIT(index) \
  do {                        \
    (void)(index);            \
    JMON_EXIT_SAVE();         \
  } while (0)

#else /* !JMON_WASM_STACKS */

#define JMON_CHECK_SLOW jmon_check_slow_flat

/** The entry of function `index`: count the call, open its inclusive fuel at its outermost
 *  activation, start the unsaved fuel at the entry cost 1 and check it. */
#define JMON_FUNC_ENTER(index)                                                    \
  uint64_t jmon_d = 1;                                                            \
  jmon_func_stat_t *const jmon_me = &jmon_funcs[index];                           \
  do {                                                                            \
    jmon_me->calls++;                                                             \
    if (jmon_dec_borrows(&jmon_me->neg_active))                                   \
      jmon_me->total_fuel -= jmon_fuel_saved;                                     \
    if (JMON_CHECK_FIRES(1)) jmon_check_slow_flat(jmon_me, 1, (index));           \
  } while (0)

/** Function exit: save the unsaved fuel, close the inclusive fuel at the outermost activation. */
#define JMON_FUNC_EXIT(index)                                                       \
  do {                                                                              \
    (void)(index);                                                                  \
    if (UNLIKELY(jmon_trace_wasm_on)) jmon_trace_wasm_exit(jmon_fuel_saved + jmon_d); \
    jmon_save_at(jmon_me, jmon_d);                                                  \
    if (++jmon_me->neg_active == 0) jmon_me->total_fuel += jmon_fuel_saved;         \
  } while (0)

/** A leaf (it calls nothing) is never re-entered while active and all the fuel of an activation
 *  is its own: its inclusive fuel is its self fuel, so it keeps no depth and no bracket
 *  (total_fuel stays 0; jmon_monitor_function_stats reports max(total, self)). */
#define JMON_LEAF_ENTER(index)                                                    \
  uint64_t jmon_d = 1;                                                            \
  jmon_func_stat_t *const jmon_me = &jmon_funcs[index];                           \
  do {                                                                            \
    jmon_me->calls++;                                                             \
    if (JMON_CHECK_FIRES(1)) jmon_check_slow_flat(jmon_me, 1, (index));           \
  } while (0)
#define JMON_LEAF_EXIT(index)                                                       \
  do {                                                                              \
    (void)(index);                                                                  \
    if (UNLIKELY(jmon_trace_wasm_on)) jmon_trace_wasm_exit(jmon_fuel_saved + jmon_d); \
    jmon_save_at(jmon_me, jmon_d);                                                  \
  } while (0)

#endif /* JMON_WASM_STACKS */

/** jmon.fuel(k): move k buffered units into the unsaved counter. */
#define JMON_P_fuel(inst, k) ((void)(inst), jmon_d += (k))

/** jmon.fuel_save(k): add k, save everything unsaved (before call/return/unreachable). */
#define JMON_P_fuel_save(inst, k) \
  ((void)(inst), jmon_save_at(jmon_me, jmon_d + (k)), jmon_d = 0)

/** jmon.loop_check(): wasmtime's out-of-fuel check at a loop header. */
#define JMON_P_loop_check(inst) \
  ((void)(inst), JMON_CHECK_FIRES(jmon_d) ? JMON_CHECK_SLOW(jmon_me, jmon_d, JMON_NO_FUNC) : (void)0)

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

/** Stats an unknown function outgrew: activations that started before the growth may still count
 *  into them (they hold the pointer), so they are kept, and the profile sums every generation. */
typedef struct jmon_pc_gen {
  jmon_pc_stat_t *stats;
  uint32_t cap;
  const struct jmon_pc_gen *older;
} jmon_pc_gen_t;

/** One JS function as found in the guest's heap: its bytecode buffer and per-position stats. */
typedef struct jmon_js_fn {
  uint32_t base;           /**< guest address of byte_code_buf */
  uint32_t len;            /**< its length when known from the module's bytecode, else 0 */
  uint32_t cap;            /**< entries in stats (len, or grown for unknown functions) */
  int32_t fid;             /**< index in jmon_js_info.funcs, or -1 (not found: named by address) */
  uint32_t id;             /**< the profile's js_functions id */
  jmon_pc_stat_t *stats;
  const jmon_pc_gen_t *older; /**< unknown functions: the smaller stats they outgrew, or NULL */
  uint64_t calls, resumes;
  int32_t builtin;         /**< a native frame: index in jmon_js_info.builtins, or -1 (then `[native fN]`) */
  uint32_t native_func;    /**< a native frame: its wasm function (UINT32_MAX: unknown); JS: UINT32_MAX */
  uint8_t native;          /**< 1: a native (C) function's frame, no bytecode; stats[0] is its bucket */
  uint8_t other_files;     /**< 1: some of its pc2line rows lie in another file than its own (the top
                                level of a bundle): its natives' call sites are looked up */
} jmon_js_fn_t;

/** A frame of the interpreter: `fn` NULL until its first opcode load tells which function (a
 *  native frame has it from the entry). */
typedef struct {
  jmon_js_fn_t *fn;
  uint32_t b;              /**< guest JSFunctionBytecode from the entry's func_obj, 0 unknown */
  jmon_node_t *node;       /**< JS calling-context node (the caller's while fn is unknown) */
  uint64_t *saved_last;    /**< the caller's running-opcode bucket, restored at exit */
} jmon_js_frame_t;

extern jmon_js_frame_t *jmon_js_top;     /**< innermost frame (frames[0]: outside any JS) */
extern uint64_t *jmon_js_last;           /**< bucket of the opcode running now (open) */

/** The interpreter's entry with its parameters ctx, func_obj and flags (0 when not known). */
void jmon_js_enter(uint64_t now, uint32_t ctx, uint64_t func_obj, uint32_t flags);
void jmon_js_exit(uint64_t now);

/** Buckets are bracketed: opening one subtracts the fuel of that moment, closing it adds the fuel
 *  of its end, so a bucket sums its intervals without a separate mark to load and store at every
 *  opcode (mod 2^64 while open). Exactly one bucket is open: jmon_js_last. (The innermost JS
 *  stack's node is credited when the innermost frame changes, see js_monitor.c.) */
static inline void jmon_js_close(uint64_t now) { *jmon_js_last += now; }
static inline void jmon_js_open(uint64_t *bucket, uint64_t now) {
  *bucket -= now;
  jmon_js_last = bucket;
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
  jmon_pc_stat_t *s = &v->stats[off];
  s->count++;
  /* After the count, not before: the close's store may alias, so gcc cannot pair the count and
   * the open into SSE code (it did, 8 instructions instead of 2). */
  jmon_js_close(now);
  jmon_js_open(&s->fuel, now);
  return pc;
}

/** jmon.pc(addr) -> addr: inserted right before the interpreter's `i32.load8_u` of *pc, after the
 *  buffered fuel was flushed, so jmon_fuel_saved + jmon_d is exact here. */
#define JMON_P_pc(inst, addr) ((void)(inst), jmon_js_pc((addr), jmon_fuel_saved + jmon_d, &jmon_js_view))
/** Woven after JMON_FUNC_ENTER / before JMON_FUNC_EXIT of the interpreter function only, with its
 *  parameters ctx, func_obj, flags (0 for the ones the build could not find). */
#define JMON_JS_ENTER(ctx, func_obj, flags)   \
  jmon_js_view_t jmon_js_view = {0, 0, NULL}; \
  jmon_js_enter(jmon_fuel_saved + jmon_d, (uint32_t)(ctx), (uint64_t)(func_obj), (uint32_t)(flags))
#define JMON_JS_EXIT() jmon_js_exit(jmon_fuel_saved + jmon_d)

#endif
