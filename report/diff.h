/* diff.h: compares two profiles (two builds or two inputs): tables, differential flame graph. */
#ifndef JMON_DIFF_H
#define JMON_DIFF_H

#include <stddef.h>
#include <stdio.h>

#include "profile.h"

typedef enum { JMON_DIFF_TEXT, JMON_DIFF_SVG, JMON_DIFF_FOLDED } jmon_diff_format_t;

/**
 * Write the comparison of `base` and `cur` in `fmt`:
 * - TEXT: total, then per JS function (self fuel), line, opcode, package and builtin (when
 *   present; wasm functions for fuel-only profiles): base, new, Δ, Δ%, sorted by |Δ|;
 * - SVG: a differential flame graph (widths = new fuel; red grew, blue shrank, as Brendan
 *   Gregg's), interactive like jmon_format_svg;
 * - FOLDED: `a;b;c base new` lines (difffolded.pl's shape).
 * JS functions are matched by name and file (the k-th of a repeated name in a file, in line
 * order), never by id or address, so two builds of changed code still line up.
 * @return 0, or -1 with err (out of memory).
 */
int jmon_diff_write(FILE *out, jmon_diff_format_t fmt, const jmon_profile_t *base,
                    const jmon_profile_t *cur, char *err, size_t errsz);

#endif
