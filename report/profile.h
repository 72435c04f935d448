/* profile.h: the profile JSON of docs/profile.md loaded into plain structs for the formatters. */
#ifndef JMON_PROFILE_H
#define JMON_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t index;
  const char *name;
  uint64_t calls, self_fuel, total_fuel;
} jmon_wasm_func_t;

typedef struct {
  const char *name;
  uint64_t count, fuel;
} jmon_opcode_stat_t;

typedef struct {
  uint32_t id;
  const char *name, *file;   /**< file may be "" */
  uint64_t line, col, addr, calls, resumes, self_fuel, total_fuel;
  bool mapped;               /**< has gen_line (a source map already gave file/line/col) */
  jmon_opcode_stat_t *opcodes;
  size_t nopcodes;
  bool builtin;              /**< "kind": "builtin": a native (C) function's frame */
} jmon_js_func_t;

typedef struct {
  const char *file;
  uint64_t line, fuel;
} jmon_js_line_t;

typedef struct {
  uint64_t opcode;
  const char *name;
  uint64_t count, fuel;
} jmon_js_opcode_t;

/** One row of js_files / js_packages: JS self fuel by original file or npm package. */
typedef struct {
  const char *key;   /**< the file or package ("" / "(unmapped)" for what no map named) */
  uint64_t fuel;
} jmon_js_rollup_t;

typedef struct {
  uint32_t *frames;  /**< root first: wasm indices or js ids */
  size_t depth;
  uint64_t fuel;
} jmon_stack_t;

typedef struct {
  const char *module, *probes, *fuel_model, *tool, *trap;  /**< "" when absent; trap NULL */
  uint64_t total_fuel;
  int64_t exit_code;
  size_t nwarnings;
  bool has_js;               /**< any of js_functions/js_stacks/outside_js_fuel present */
  uint64_t outside_js_fuel;
  jmon_wasm_func_t *wasm_funcs; size_t nwasm_funcs;
  jmon_stack_t *wasm_stacks;    size_t nwasm_stacks;
  bool has_wasm_stacks;      /**< wasm_stacks present (absent when not collected: --probes js
                                  without --wasm-stacks, --probes fuel --no-wasm-stacks) */
  jmon_js_func_t *js_funcs;     size_t njs_funcs;
  jmon_js_line_t *js_lines;     size_t njs_lines;
  jmon_js_opcode_t *js_opcodes; size_t njs_opcodes;
  jmon_stack_t *js_stacks;      size_t njs_stacks;
  jmon_js_rollup_t *js_files;    size_t njs_files;     /**< absent in older profiles: 0 */
  jmon_js_rollup_t *js_packages; size_t njs_packages;  /**< present with a source map */
  void *doc;                 /**< the JSON document the strings point into */
  void *mapped_strings;      /**< strings a report-time source map made (report/source_map_apply.c) */
} jmon_profile_t;

/**
 * Load a profile from `path`. @return 0, or -1 with a message in err (errsz bytes): the
 * file cannot be read, is not JSON, or a field has the wrong type ("js_stacks[3].fuel: expected
 * a non-negative integer"). Only total_fuel is required. Free with jmon_profile_free.
 */
int jmon_profile_load(const char *path, jmon_profile_t *prof, char *err, size_t errsz);
void jmon_profile_free(jmon_profile_t *prof);

/** Lookups by wasm index / js id; NULL when absent. */
const jmon_wasm_func_t *jmon_profile_wasm_func(const jmon_profile_t *prof, uint32_t index);
const jmon_js_func_t *jmon_profile_js_func(const jmon_profile_t *prof, uint32_t id);

#endif
