/* formats.h: the output formats of jmon-report, one source file each (format_<name>.c). */
#ifndef JMON_FORMATS_H
#define JMON_FORMATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"
#include "samples.h"

/** Budget the text report and --max-fuel compare against: Shopify Functions' 11M. */
#define JMON_REPORT_BUDGET 11000000ull

/* Each writer returns 0, or -1 with a message in err (errsz bytes). Output errors are the
 * caller's to detect (ferror/fclose). */

/** Human-readable summary: top JS functions, lines, opcodes (or wasm functions), total, exit. */
int jmon_format_text(FILE *out, const jmon_profile_t *prof, char *err, size_t errsz);
/** `a;b;c 123` lines, weights summing to the samples' total. */
int jmon_format_folded(FILE *out, const jmon_samples_t *s, char *err, size_t errsz);
/** speedscope file-format JSON: shared.frames + one "sampled" profile, unit "none". */
int jmon_format_speedscope(FILE *out, const jmon_profile_t *prof, const jmon_samples_t *s,
                           char *err, size_t errsz);
/** gzipped pprof profile.proto, sample type fuel/count. */
int jmon_format_pprof(FILE *out, const jmon_samples_t *s, char *err, size_t errsz);
/** Chrome trace-event JSON (B/E, ts = fuel) from the trace file; names from the trace and
 *  the profile (which may be NULL). */
int jmon_format_chrome(FILE *out, const char *trace_path, const jmon_profile_t *prof,
                       char *err, size_t errsz);
/** A self-contained, interactive SVG flame graph, one <rect> per node of the merged call tree
 *  (format_svg.c: click zooms, "Reset Zoom", "Search" by regular expression with the matched
 *  share, labels refitted after a zoom; inline script, no network). */
int jmon_format_svg(FILE *out, const jmon_profile_t *prof, const jmon_samples_t *s,
                    char *err, size_t errsz);

/* The flame graph tree behind jmon_format_svg, also used by `diff` (format_svg.c). */
typedef struct jmon_flame jmon_flame_t;
/** An empty tree with the root "all". diff: frames carry a base value and are coloured by
 *  change (red grew, blue shrank). @return NULL when out of memory. */
jmon_flame_t *jmon_flame_new(bool diff);
/** Add one stack (labels root first, copied) with its fuel (`value`; the new side of a diff)
 *  and its base fuel (0 outside a diff). @return 0, or -1 out of memory. */
int jmon_flame_add(jmon_flame_t *t, const char *const *labels, size_t depth, uint64_t value,
                   uint64_t base);
/** Write the SVG: widths ∝ value; in a diff, frames whose value is 0 (base only) are left out. */
int jmon_flame_write_svg(FILE *out, jmon_flame_t *t, const char *title, char *err, size_t errsz);
/** Write `a;b;c base new` lines: self fuel of every node present on either side. */
int jmon_flame_write_folded_pairs(FILE *out, jmon_flame_t *t, char *err, size_t errsz);
void jmon_flame_free(jmon_flame_t *t);

#endif
