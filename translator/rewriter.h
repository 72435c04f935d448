/* rewriter.h: weave probes into a decoded module. Probes are calls to functions imported from
 * the module "jmon"; the generated C turns each into an inline macro (probes/jmon_probes.h),
 * so a probe costs what its macro does, not a call. */
#ifndef JMON_REWRITER_H
#define JMON_REWRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm_module.h"

/** Name of the import module probes are imported from. */
#define JMON_PROBE_MODULE "jmon"

typedef struct {
  /** Trap with `call stack exhausted` when the shadow-stack pointer global wraps below 0. */
  bool stack_guard;
  /** Count fuel as wasmtime 39 does (translator/fuel_pass.c): jmon.fuel / fuel_save / loop_check. */
  bool fuel;
  /** With fuel: the interpreter's function index and the index (in its instructions) of the
   *  opcode load that gets a jmon.pc probe; -1 for none. */
  long pc_func;
  long pc_instr;
  /** With fuel: wasmtime 46's rules (bulk operators cost their length: jmon.bulk_* probes). */
  bool wasmtime46;
  /** Names for functions the input's name section does not name, by input function index (may be
   *  NULL, entries NULL): C identifiers, e.g. the recovered QuickJS builtins (`JSON_parse`), so
   *  wasm2c's symbols (and `perf report`) carry them. */
  const char *const *func_names;
  size_t nfunc_names;
} jmon_rewrite_options_t;

/** The probe imports, in the order they are added (those not needed are left out). */
typedef enum {
  JMON_PROBE_SP_CHECK = 0,  /**< (value, top) -> value */
  JMON_PROBE_FUEL,          /**< (k): add k to the function's unsaved fuel */
  JMON_PROBE_FUEL_SAVE,     /**< (k): add k, then save the unsaved fuel to the global counter */
  JMON_PROBE_LOOP_CHECK,    /**< (): out-of-fuel check at a loop header */
  JMON_PROBE_PC,            /**< (addr) -> addr: the interpreter loads the opcode at addr */
  JMON_PROBE_BULK_LEN,      /**< wasmtime 46: (n) -> n, a bulk operator's length */
  JMON_PROBE_BULK_BYTES,    /**< wasmtime 46: () after memory.copy/fill/init */
  JMON_PROBE_BULK_ELEMS,    /**< wasmtime 46: () after table.copy/fill/init */
  JMON_PROBE_BULK_GROWN,    /**< wasmtime 46: (result, k) -> result after table.grow */
  JMON_PROBE_COUNT
} jmon_probe_kind_t;

typedef struct {
  uint32_t added_imports;     /**< function imports added in front of the defined functions */
  uint32_t orig_imported_funcs;
  long sp_global;             /**< the stack-pointer global guarded, or -1 */
  uint32_t sp_top;            /**< its initial value (the stack top) */
  uint32_t guarded_sets;      /**< global.set instructions given a check */
  long probe_func[JMON_PROBE_COUNT];  /**< function index of each probe import, or -1 */
  uint32_t fuel_probes;       /**< fuel probe calls inserted */
} jmon_rewrite_result_t;

/**
 * Rewrite `m` in place. Defined functions move up by `added_imports` indices; every reference
 * (call, ref.func, elements, exports, start) is renumbered, and a "name" section whose indices
 * would no longer match is dropped.
 * @return 0, or -1 when out of memory (the module is then unusable).
 */
int jmon_rewrite(jmon_wasm_module_t *m, const jmon_rewrite_options_t *opts, jmon_rewrite_result_t *res);

/**
 * Which defined functions of the rewritten module `m` call nothing but probes (no call to another
 * function, no call_indirect, no tail call): their frames may skip the jmon_cur bookkeeping, since
 * no callee can look at it. @return a byte per defined function (1 = leaf; malloc'd, caller
 * frees), or NULL when out of memory (then treat none as a leaf).
 */
uint8_t *jmon_rewrite_leaf_functions(const jmon_wasm_module_t *m, const jmon_rewrite_result_t *res);

/**
 * Find the shadow-stack pointer LLVM keeps in a mutable i32 global (`global.get g; i32.const N;
 * i32.sub` in function prologues). @return its index, or -1; *top gets its initial value.
 */
long jmon_find_stack_pointer(const jmon_wasm_module_t *m, uint32_t *top);

#endif
