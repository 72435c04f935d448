/* format_folded.c: folded stacks (`a;b;c 123`) for flamegraph.pl, inferno and speedscope. */
#include <inttypes.h>

#include "formats.h"

/* ';' separates frames and the last space separates the weight: keep both out of names'
 * ambiguity by mapping ';' and line breaks (spaces are fine: the weight is after the last). */
static void put_frame(FILE *o, const char *s) {
  for (; *s; s++) fputc(*s == ';' ? ',' : (*s == '\n' || *s == '\r') ? ' ' : *s, o);
}

int jmon_format_folded(FILE *o, const jmon_samples_t *s, char *err, size_t errsz) {
  (void)err;
  (void)errsz;
  for (size_t i = 0; i < s->nsamples; i++) {
    const jmon_sample_t *x = &s->samples[i];
    for (size_t d = 0; d < x->depth; d++) {
      if (d) fputc(';', o);
      put_frame(o, s->frames[x->frames[d]].label);
    }
    if (!x->depth) fputs("[root]", o);
    fprintf(o, " %" PRIu64 "\n", x->weight);
  }
  return 0;
}
