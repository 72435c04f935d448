/* formats.h: the output formats of jmon-report, one source file each (format_<name>.c). */
#ifndef JMON_FORMATS_H
#define JMON_FORMATS_H

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
/** A self-contained SVG flame graph, one <rect> per node of the merged call tree. */
int jmon_format_svg(FILE *out, const jmon_profile_t *prof, const jmon_samples_t *s,
                    char *err, size_t errsz);

#endif
