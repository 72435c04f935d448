/* c_splitter.h: cut wasm2c's single C file into translation units that compile in parallel
 * and hash stably across apps built on the same plugin. */
#ifndef JMON_C_SPLITTER_H
#define JMON_C_SPLITTER_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

typedef enum {
  JMON_SPLIT_OK = 0,
  JMON_SPLIT_ERR_NOMEM,
  JMON_SPLIT_ERR_FORMAT   /**< the C text is not shaped as wasm2c 1.0.32 writes it */
} jmon_split_status_t;

/** @return a static string naming a status. */
const char *jmon_split_strerror(jmon_split_status_t status);

/** One translation unit: complete C text (owned) and a name such as "func_025", "hot_000",
 *  "data_001" or "module". */
typedef struct {
  char name[32];
  char *text;
  size_t len;
  bool hot;   /**< holds only functions the options marked hot */
  bool init;  /**< the module unit or a data unit: start-up code and data, no function of the module */
} jmon_c_unit_t;

typedef struct {
  jmon_c_unit_t *units;   /**< owned */
  size_t nunits;
  size_t nfuncs;          /**< function definitions found */
} jmon_c_split_t;

/** Options of the split. */
typedef struct {
  /** Cut a new function unit once a unit holds this many bytes of function text. The boundary
   *  only depends on the sizes of the functions before it, so appending a function (an app's
   *  `_start`) leaves every earlier unit unchanged. */
  size_t unit_bytes;
  /** Same for the data-segment units. */
  size_t data_unit_bytes;
  /** Text inserted right after the prelude of every unit (probe macros), may be NULL. */
  const char *unit_preamble;
  /** Replace each function's FUNC_PROLOGUE/FUNC_EPILOGUE by JMON_FUNC_ENTER/EXIT(index), where
   *  index = first_func_index + the function's position among the defined functions. */
  bool weave_functions;
  unsigned first_func_index;
  /** With weave_functions: the interpreter's index (gets JMON_JS_ENTER/EXIT too), or -1. */
  long interp_index;
  /** The interpreter's parameters JMON_JS_ENTER gets (wasm parameter positions; -1 = none):
   *  [0] ctx (i32), [1] func_obj (i64 JSValue), [2] flags (i32). */
  int interp_params[3];
  /** With weave_functions, may be NULL: leaf[k] nonzero when defined function k calls no
   *  function (direct or indirect): it gets JMON_LEAF_ENTER/EXIT, which skip jmon_cur. */
  const uint8_t *leaf;
  size_t nleaf;
  /** May be NULL: hot[k] nonzero puts defined function k into a "hot_K" unit of hot functions
   *  only (grouped like the others), so the caller can compile those at a higher -O level. */
  const uint8_t *hot;
  size_t nhot;
} jmon_split_options_t;

/**
 * Split `c_text` (wasm2c output of one module, `#include "app.h"` form). Units: one "module" unit
 * (func types, globals, tables, segments' init, exports, instantiate), "data_K" units holding
 * data segment arrays, "func_K" units holding function definitions and "hot_K" units holding
 * the hot ones (opts->hot), each unit carrying the
 * prelude and just the prototypes it references. Function and data symbols lose `static`.
 * Probe calls `(*Z_jmonZ_NAME)(` become `JMON_P_NAME(` so probes/jmon_probes.h can inline them.
 * @return JMON_SPLIT_OK and fills *out (free with jmon_split_free), or an error; *detail (static)
 * says what was not found.
 */
jmon_split_status_t jmon_split_c(const char *c_text, size_t len, const jmon_split_options_t *opts,
                                 jmon_c_split_t *out, const char **detail);

/** Free what jmon_split_c allocated. */
void jmon_split_free(jmon_c_split_t *split);

#endif
