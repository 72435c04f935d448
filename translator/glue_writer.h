/* glue_writer.h: write jmon_glue.c, the per-module C that binds wasm2c's instance to the
 * runtime (import instances, stubs for unimplemented imports, the jmon_module descriptor). */
#ifndef JMON_GLUE_WRITER_H
#define JMON_GLUE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm_module.h"

typedef struct {
  const char *c_module;      /**< wasm2c -n name, e.g. "app" */
  const char *module_name;   /**< basename of the input .wasm (WASI argv[0]) */
  const char *module_sha256; /**< hex */
  const char *probes;        /**< "none", "fuel" or "js" */
  const char *at_exit;       /**< C function name for jmon_module.at_exit, or NULL */
  const char *extra_decls;   /**< C text placed before the descriptor, or NULL */
  const char *init_call;     /**< statement run first in instantiate (e.g. "jmon_probes_init();"), or NULL */
  bool js_init;              /**< call jmon_js_init(&memory 0) after instantiation (--probes js) */
  const char *host_symbols;  /**< newline-separated C names `--host` code defines: no stubs for them */
} jmon_glue_options_t;

/**
 * Read wasm2c's header text (`app.h`) and write the glue C text.
 * @return 0 and *out (malloc'd, caller frees); or -1 with `err` (size errlen) saying why, e.g.
 * "import wasi_snapshot_preview1.fd_write has type (i32) -> i32, the WASI host implements ...".
 */
int jmon_glue_write(const char *header, const jmon_glue_options_t *opts, char **out,
                    char *err, size_t errlen);

/**
 * Write the profile's function names table and probe info as C (`g_func_names[]` and
 * `jmon_probe_info`, probes/monitor.h, its fuel_model `fuel_model`), by input function index:
 * imports as "module.name"; for a
 * defined function f a non-NULL `given[f]` (f < ngiven; --plugin's names), else the name
 * section's, else its export name, else "f<N>". Also the per-function counters `jmon_funcs[]` a
 * build without wasm stacks (`wasm_stacks` false) counts into.
 * @return 0 and *out (malloc'd, caller frees), or -1 when out of memory.
 */
int jmon_glue_names_write(const jmon_wasm_module_t *m, char *const *given, uint32_t ngiven, bool wasm_stacks,
                          const char *fuel_model, char **out);

#endif
