/* dispatch_finder.h: finds QuickJS's interpreter function and its opcode load (`*pc`) in a decoded module. */
#ifndef JMON_DISPATCH_FINDER_H
#define JMON_DISPATCH_FINDER_H

#include <stddef.h>
#include <stdint.h>

#include "text_buffer.h"

#include "wasm_module.h"

/** Outcome of jmon_dispatch_find(); jmon_dispatch_strstatus() names them. */
typedef enum {
  JMON_DISPATCH_FOUND = 0,         /**< `chosen` is the interpreter (found, or a valid override) */
  JMON_DISPATCH_NONE,              /**< no br_table of >= JMON_DISPATCH_MIN_LABELS labels is fed by an i32.load8_u */
  JMON_DISPATCH_AMBIGUOUS,         /**< several candidates, none clearly best; see `cands` */
  JMON_DISPATCH_OVERRIDE_INVALID,  /**< the override names no defined function or no i32.load8_u; see `message` */
  JMON_DISPATCH_NOMEM              /**< an allocation failed */
} jmon_dispatch_status_t;

/** A br_table needs at least this many labels (default included) to be a dispatch (Wizard uses 150). */
#define JMON_DISPATCH_MIN_LABELS 150u
/** The best candidate must score at least this many times the runner-up to be chosen. */
#define JMON_DISPATCH_MIN_RATIO 2.0

/** One `i32.load8_u → ... → br_table` site, with the evidence that it is QuickJS's opcode dispatch. */
typedef struct {
  uint32_t func;              /**< absolute function index (imports counted) */
  uint32_t load_offset;       /**< file offset of the i32.load8_u opcode byte */
  uint32_t load_instr;        /**< index of the load in funcs[func - nimported_funcs].instrs */
  uint32_t br_table_instr;    /**< index of the br_table it feeds (UINT32_MAX for an override that feeds none) */
  uint32_t br_table_labels;   /**< labels of that br_table, default included (as wasm-objdump lists them) */
  uint32_t pc_local;          /**< local holding the load's address (local.get/tee X), else UINT32_MAX */
  /* Evidence (see dispatch_finder.c for how it is weighed). */
  uint32_t distinct_targets;  /**< distinct labels of the br_table: one handler per opcode in an interpreter */
  uint32_t imm_reads;         /**< loads at pc+1..pc+16 through pc_local: opcode handlers reading immediates */
  uint32_t pc_advances;       /**< `pc_local + k` (1 <= k <= 16): pc++ and pc += instruction length */
  uint32_t distinct_callees;  /**< distinct functions called directly: QuickJS's interpreter calls hundreds */
  uint32_t ninstrs;           /**< size of the function */
  int score;
  char why[160];              /**< the evidence, one line, for --analyze */
} jmon_dispatch_candidate_t;

typedef struct {
  int status;                        /**< a jmon_dispatch_status_t */
  jmon_dispatch_candidate_t chosen;  /**< valid when status is JMON_DISPATCH_FOUND */
  jmon_dispatch_candidate_t *cands;  /**< every candidate, best first (owned; NULL when none) */
  size_t ncands;
  uint32_t pc_local;                 /**< chosen.pc_local: the wasm local that holds pc at the load, else UINT32_MAX */
  int overridden;                    /**< 1 when `chosen` came from the override */
  char message[200];                 /**< why OVERRIDE_INVALID / AMBIGUOUS / NONE, for error lines */
} jmon_dispatch_t;

/**
 * Find the interpreter of module `m`.
 * override_func (absolute index) and override_offset (file offset of an i32.load8_u) replace the
 * search when >= 0; either one alone is allowed: a function alone takes its best candidate, an
 * offset alone takes the function containing it. Candidates are still listed for --analyze.
 * @return out->status (also stored in *out). *out is always initialised; release it with
 *         jmon_dispatch_free(), whatever the status.
 */
int jmon_dispatch_find(const jmon_wasm_module_t *m, long override_func, long override_offset,
                       jmon_dispatch_t *out);

/** Release what *d owns and zero it. Safe on a zeroed result. */
void jmon_dispatch_free(jmon_dispatch_t *d);

/** @return a static string naming a status: "found", "none", "ambiguous", "override-invalid", "nomem". */
const char *jmon_dispatch_strstatus(int status);

/**
 * Append the result to `t` as `key: value` lines for `jmon-aot --analyze`:
 *   interp_func: 338            (only when found)
 *   pc_load_offset: 0x2d90a     (only when found)
 *   br_table_labels: 248        (only when found)
 *   pc_local: 11                (only when found; "none" if the address is not a plain local)
 *   override: yes|no
 *   candidates: K
 *   candidate: func=338 load=0x2d90a labels=248 score=N why=...   (one line each, best first)
 *   decision: found|ambiguous|none|override-invalid
 *   message: ...                (when there is one)
 */
void jmon_dispatch_describe(const jmon_dispatch_t *d, jmon_text_t *t);

#endif
