/* source_map_apply.h: jmon-report --source-map/--js-source for a profile built without them. */
#ifndef JMON_SOURCE_MAP_APPLY_H
#define JMON_SOURCE_MAP_APPLY_H

#include <stddef.h>

#include "profile.h"

/**
 * Rewrite the JS functions of `p` that no map has named yet (no gen_line) in the user's terms,
 * with the rules jmon-aot applies at build time (translator/js_origin.h): original file, line,
 * col and names, inferred names, js_files and js_packages recomputed from the functions' self fuel.
 * What a profile cannot give back: the functions' own source text (so names are remapped and
 * inferred only with --js-source) and the columns of js_lines (a js_lines entry is mapped only
 * when every segment of its bundle line comes from one source and line; top-level code stays in
 * the bundle). `map_path` and `js_path` may each be NULL, not both.
 * @return 0, or -1 with a one-line message in err ("app.js.map: offset 0x2f: ...").
 */
int jmon_source_map_apply(jmon_profile_t *p, const char *map_path, const char *js_path, char *err, size_t errsz);

/** Free what jmon_source_map_apply added to a profile (jmon_profile_free calls it). */
void jmon_source_map_apply_free(jmon_profile_t *p);

#endif
