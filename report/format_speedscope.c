/* format_speedscope.c: speedscope's file format (https://www.speedscope.app/file-format-schema.json). */
#include <inttypes.h>

#include "formats.h"
#include "json.h"

int jmon_format_speedscope(FILE *o, const jmon_profile_t *p, const jmon_samples_t *s, char *err,
                           size_t errsz) {
  (void)err;
  (void)errsz;
  fputs("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\n"
        "\"shared\":{\"frames\":[\n", o);
  for (size_t i = 0; i < s->nframes; i++) {
    const jmon_frame_t *f = &s->frames[i];
    fputs(i ? ",\n{\"name\":" : "{\"name\":", o);
    jmon_json_write_string(o, f->label);
    if (*f->file) {
      fputs(",\"file\":", o);
      jmon_json_write_string(o, f->file);
      if (f->line) fprintf(o, ",\"line\":%" PRIu64, f->line);
      if (f->col) fprintf(o, ",\"col\":%" PRIu64, f->col);
    }
    fputc('}', o);
  }
  fputs("]},\n\"profiles\":[{\"type\":\"sampled\",\"name\":", o);
  char name[512];
  snprintf(name, sizeof name, "%s (%s fuel)", *p->module ? p->module : "jmon",
           s->js ? "JS" : "wasm");
  jmon_json_write_string(o, name);
  fprintf(o, ",\"unit\":\"none\",\"startValue\":0,\"endValue\":%" PRIu64 ",\n\"samples\":[", s->total);
  for (size_t i = 0; i < s->nsamples; i++) {
    fputs(i ? ",\n[" : "\n[", o);
    for (size_t d = 0; d < s->samples[i].depth; d++)
      fprintf(o, "%s%u", d ? "," : "", s->samples[i].frames[d]);
    fputc(']', o);
  }
  fputs("],\n\"weights\":[", o);
  for (size_t i = 0; i < s->nsamples; i++)
    fprintf(o, "%s%" PRIu64, i ? "," : "", s->samples[i].weight);
  fputs("]}],\n\"name\":", o);
  jmon_json_write_string(o, name);
  fprintf(o, ",\"activeProfileIndex\":0,\"exporter\":\"jmon-report %s\"}\n", JMON_VERSION);
  return 0;
}
