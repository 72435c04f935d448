/* dynamic_link.h: link a javy dynamic module into its plugin, giving one module of javy's static shape.
 *
 * A javy dynamic module (`javy build -C dynamic`) imports `NS.cabi_realloc`, `NS.invoke` and the
 * memory `NS.memory` from its plugin, NS being the plugin's `import_namespace` custom section.
 * Linking keeps the plugin's index spaces untouched (imports, functions, memory, globals, data)
 * and appends the app's types (deduplicated), defined functions and data segments, with the app's
 * imports replaced by the plugin's exports of the same name. The result is what javy's static
 * codegen builds from the same plugin and bytecode (without wasm-opt): so the dispatch finder,
 * the QuickJS bytecode reader, the probes and the compile cache apply unchanged. Fuel is the
 * same too: wasmtime 39 charges a call to an imported function like any call. */
#ifndef JMON_DYNAMIC_LINK_H
#define JMON_DYNAMIC_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "wasm_module.h"

typedef enum {
  JMON_LINK_OK = 0,
  JMON_LINK_NOMEM,
  JMON_LINK_NOT_PLUGIN,       /**< the plugin lacks invoke/realloc/memory, or exports _start */
  JMON_LINK_NOT_DYNAMIC,      /**< the app imports nothing from a plugin (a static module) */
  JMON_LINK_NAMESPACE,        /**< the app imports from another namespace than the plugin's */
  JMON_LINK_MISSING_EXPORT,   /**< an app import the plugin does not export (or of another type) */
  JMON_LINK_UNSUPPORTED       /**< app features javy never emits (own memory, tables, elements, start) */
} jmon_link_status_t;

typedef struct {
  const char *app_path;       /**< for messages */
  const char *plugin_path;    /**< for messages */
} jmon_link_options_t;

typedef struct {
  /** The namespace the app's imports were resolved in (the plugin's `import_namespace`, or the
   *  app's only import module when the plugin has no such section). */
  char import_namespace[256];
  /** Set when the plugin has no `import_namespace` section (a warning for the caller). */
  char warning[512];
  uint32_t app_first_func;    /**< merged index of the app's first defined function */
  uint32_t app_nfuncs;        /**< the app's defined functions */
  /** Profile names by merged function index (nfunc_names entries, each malloc'd): plugin
   *  functions by the plugin's own export names (invoke, compile-src, ...) or NULL (the default
   *  rule: import name or f<N>); app functions `app:<export name>` or `app:f<N>`, N being the
   *  function's index in the app file (imports counted). */
  char **func_names;
  uint32_t nfunc_names;
  char message[600];          /**< the one-line error when not OK */
} jmon_link_result_t;

/**
 * Link `app` into `plugin` in place: `plugin` becomes the merged module (its exports: the
 * plugin's `memory` and realloc export, then the app's exports, as javy's static module); the
 * app's functions are moved out of `app` (which must still be freed, and stays readable for
 * its imports/exports). @return JMON_LINK_OK, or a status with res->message set.
 */
jmon_link_status_t jmon_link_dynamic(jmon_wasm_module_t *plugin, jmon_wasm_module_t *app,
                                     const jmon_link_options_t *opts, jmon_link_result_t *res);

/**
 * @return the import module of `m` if it looks like a javy dynamic module (it imports a memory,
 * or a function named invoke, cabi_realloc or canonical_abi_realloc), else NULL.
 */
const char *jmon_link_dynamic_namespace(const jmon_wasm_module_t *m);

/** Release what a result owns. */
void jmon_link_free(jmon_link_result_t *res);

#endif
