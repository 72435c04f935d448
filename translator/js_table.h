/* js_table.h: the C the glue carries for --probes js: the module's QuickJS functions (names,
 * lines, bytecode + atom masks to recognise them in the heap) as jmon_js_info. */
#ifndef JMON_JS_TABLE_H
#define JMON_JS_TABLE_H

#include <stdint.h>

#include "js_origin.h"
#include "qjs_builtins.h"
#include "qjs_bytecode.h"

/** What the interpreter entry needs (all may be absent: NULL / 0). */
typedef struct {
  const jmon_qjs_layout_t *layout;      /**< NULL: the entry is not decoded */
  const jmon_qjs_builtins_t *builtins;  /**< the module's builtin table */
  const uint32_t *table;                /**< funcref table 0 */
  size_t ntable;
} jmon_js_natives_t;

/**
 * Write `const jmon_js_info_t jmon_js_info = {...}` (probes/js_monitor.h) as C text.
 * qm may be NULL (no usable bytecode: functions are then reported by address); `origins` (one per
 * function of qm: names, files and lines in the user's terms, js_origin.h) may be NULL (the
 * bytecode's own); `map` is the source map origins refer to (NULL: none); `quickjs` and `warning` may be NULL. @return 0 and *out (malloc'd), or -1
 * when out of memory.
 */
int jmon_js_table_write(const jmon_qjs_module_t *qm, const jmon_js_origin_t *origins, const jmon_smap_t *map,
                        uint32_t interp_func, uint32_t pc_load_offset, const char *quickjs, const char *warning,
                        const jmon_js_natives_t *natives, char **out);

#endif
