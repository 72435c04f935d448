/* merge.h: sums profiles of one app_mon (many inputs) into one profile, field by identity. */
#ifndef JMON_MERGE_H
#define JMON_MERGE_H

#include <stddef.h>
#include <stdio.h>

#include "json.h"

/*
 * The rule, applied to every array of objects at any depth (so fields other branches add merge
 * without code here):
 * - an item's identity is every field that is a string, bool, null, integer array (stack
 *   frames) or an integer that is not a measure; measures (calls, resumes, count, fuel, samples,
 *   *_fuel, *_calls, *_count, *_resumes) are summed; `addr`, `id`, floats and objects keep the
 *   first value; nested arrays of objects (js_functions[].opcodes) merge by the same rule;
 *   js_functions' run-local `id`s are renumbered and js_stacks remapped.
 * Top level: measures are summed (total_fuel, outside_js_fuel, ...), the rest kept; `exit`
 * keeps the first non-zero exit (or trap); `warnings` are united; `merged_profiles` counts the
 * inputs (a merged profile counts as many). `wasm_stacks` is kept only when every input has it.
 * Output arrays are sorted by fuel (self_fuel, else fuel) descending, then identity, so the
 * result does not depend on the order profiles were added.
 */
typedef struct jmon_merge jmon_merge_t;

/** A new, empty merge. @return NULL when out of memory. */
jmon_merge_t *jmon_merge_new(void);

/**
 * Add one profile document (not kept: copied). `name` names it in errors. @return 0, or -1
 * with one line in err: not a profile, or a different module_sha256/probes/fuel_model than
 * the first one added ("b.json: different module (module_sha256 ab12.. vs cd34..)").
 */
int jmon_merge_add(jmon_merge_t *m, const jmon_json_t *doc, const char *name, char *err,
                   size_t errsz);

/** Read, parse and add the profile file `path`. @return as jmon_merge_add. */
int jmon_merge_add_file(jmon_merge_t *m, const char *path, char *err, size_t errsz);

/** How many profiles were added (merged inputs count as their merged_profiles). */
size_t jmon_merge_count(const jmon_merge_t *m);

/** Write the merged profile JSON. @return 0, or -1 (nothing added, out of memory) with err. */
int jmon_merge_write(jmon_merge_t *m, FILE *out, char *err, size_t errsz);

void jmon_merge_free(jmon_merge_t *m);


#endif
