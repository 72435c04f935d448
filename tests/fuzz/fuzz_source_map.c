/* fuzz_source_map.c: libFuzzer target — the source map reader (translator/source_map.h), the inline
 * map finder and the lexical name rule (translator/js_origin.h) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../translator/js_origin.h"
#include "../../translator/source_map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* An exact-size heap copy, so ASan catches reads past the end. */
  char *copy = malloc(size ? size : 1);
  if (!copy) return 0;
  memcpy(copy, data, size);
  jmon_smap_t m;
  char err[256];
  size_t off = 0;
  if (jmon_smap_parse(copy, size, &m, &off, err, sizeof err) == JMON_SMAP_OK) {
    /* Walk what the reader promises: sorted segments, indices in range, lookups that find them. */
    for (size_t i = 0; i < m.nsegments; i++) {
      const jmon_smap_segment_t *s = &m.segments[i];
      if (s->source >= (int32_t)m.nsources || s->name >= (int32_t)m.nnames) abort();
      if (i && (s->gen_line < s[-1].gen_line || (s->gen_line == s[-1].gen_line && s->gen_col < s[-1].gen_col))) abort();
      if (!jmon_smap_at(&m, s->gen_line, s->gen_col)) abort();
      (void)jmon_smap_lookup(&m, s->gen_line, s->gen_col + 1);
    }
    jmon_smap_free(&m);
  } else if (memchr(err, 0, sizeof err) == NULL || off > size) {
    abort();   /* the message must be terminated, the offset inside the input */
  }
  if (jmon_smap_from_js(copy, size, &m, &off, err, sizeof err) == JMON_SMAP_OK) jmon_smap_free(&m);
  size_t st[8], ln[8];
  size_t n = jmon_js_infer_name(copy, size, st, ln, 8);
  for (size_t i = 0; i < n; i++)
    if (st[i] + ln[i] > size) abort();
  free(copy);
  return 0;
}
