/* format_chrome.c: Chrome/Perfetto trace-event JSON (B/E events, ts = fuel) from a JMON_TRACE. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "json.h"
#include "trace_reader.h"
#include "trace_writer.h"

typedef struct {
  uint32_t id;
  char *name;
} name_t;

typedef struct {
  name_t *v;
  size_t n, cap;
  bool oom;
} names_t;

static int cmp_name(const void *a, const void *b) {
  uint32_t x = ((const name_t *)a)->id, y = ((const name_t *)b)->id;
  return x < y ? -1 : x > y;
}

/* Pass 1: NAME events (a later name for the same id wins, as the last one written). */
static int collect_names(const jmon_trace_event_t *ev, void *ctx) {
  names_t *t = ctx;
  if (ev->kind != JMON_TRACE_NAME) return 0;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 256;
    name_t *v = realloc(t->v, cap * sizeof *v);
    if (!v) {
      t->oom = true;
      return 1;
    }
    t->v = v;
    t->cap = cap;
  }
  char *s = strndup(ev->name, ev->name_len);
  if (!s) {
    t->oom = true;
    return 1;
  }
  t->v[t->n++] = (name_t){ev->id, s};
  return 0;
}

typedef struct {
  FILE *o;
  const names_t *names;
  const jmon_profile_t *prof;
  uint64_t depth[2];   /* open frames: [0] JS (tid 1), [1] wasm (tid 2) */
  uint64_t last_fuel;
} emit_t;

static const char *js_name(emit_t *e, uint32_t id, char *buf, size_t n) {
  name_t key = {id, NULL};
  /* the last name recorded for an id: bsearch then walk right over equal ids */
  name_t *hit = bsearch(&key, e->names->v, e->names->n, sizeof key, cmp_name);
  if (hit) {
    while (hit + 1 < e->names->v + e->names->n && hit[1].id == id) hit++;
    return hit->name;
  }
  const jmon_js_func_t *f = e->prof ? jmon_profile_js_func(e->prof, id) : NULL;
  if (f) return f->name;
  snprintf(buf, n, "js#%u", id);
  return buf;
}

static void begin(emit_t *e, int tid, const char *name, uint64_t fuel, const char *cat) {
  fprintf(e->o, ",\n{\"name\":");
  jmon_json_write_string(e->o, name);
  fprintf(e->o, ",\"cat\":\"%s\",\"ph\":\"B\",\"ts\":%" PRIu64 ",\"pid\":1,\"tid\":%d}", cat, fuel,
          tid);
  e->depth[tid - 1]++;
}

static void end(emit_t *e, int tid, uint64_t fuel) {
  if (!e->depth[tid - 1]) return; /* an exit without its entry (trace started mid-call) */
  e->depth[tid - 1]--;
  fprintf(e->o, ",\n{\"ph\":\"E\",\"ts\":%" PRIu64 ",\"pid\":1,\"tid\":%d}", fuel, tid);
}

static int emit(const jmon_trace_event_t *ev, void *ctx) {
  emit_t *e = ctx;
  char buf[48];
  e->last_fuel = ev->fuel;
  switch (ev->kind) {
    case JMON_TRACE_JS_ENTER: begin(e, 1, js_name(e, ev->id, buf, sizeof buf), ev->fuel, "js"); break;
    case JMON_TRACE_JS_RESUME:
      begin(e, 1, js_name(e, ev->id, buf, sizeof buf), ev->fuel, "js,resume");
      break;
    case JMON_TRACE_JS_EXIT: end(e, 1, ev->fuel); break;
    case JMON_TRACE_WASM_ENTER: {
      const jmon_wasm_func_t *f = e->prof ? jmon_profile_wasm_func(e->prof, ev->id) : NULL;
      if (f && *f->name) begin(e, 2, f->name, ev->fuel, "wasm");
      else {
        snprintf(buf, sizeof buf, "f%u", ev->id);
        begin(e, 2, buf, ev->fuel, "wasm");
      }
      break;
    }
    case JMON_TRACE_WASM_EXIT: end(e, 2, ev->fuel); break;
    default: break;
  }
  return 0;
}

int jmon_format_chrome(FILE *o, const char *trace_path, const jmon_profile_t *prof, char *err,
                       size_t errsz) {
  names_t names = {0};
  jmon_trace_info_t info;
  int rc = -1;
  jmon_trace_read_status_t st = jmon_trace_read_file(trace_path, collect_names, &names, &info);
  if (names.oom) st = JMON_TRACE_READ_NOMEM;
  if (st != JMON_TRACE_READ_OK) {
    snprintf(err, errsz, "%s: %s", trace_path, jmon_trace_read_strerror(st));
    goto done;
  }
  /* stable order by id keeps the last name of an id last (merge-free: sort indices by id, pos) */
  for (size_t i = 1; i < names.n; i++) { /* insertion sort is stable; names are few */
    name_t x = names.v[i];
    size_t j = i;
    while (j > 0 && names.v[j - 1].id > x.id) {
      names.v[j] = names.v[j - 1];
      j--;
    }
    names.v[j] = x;
  }
  fputs("{\"traceEvents\":[\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":1,"
        "\"args\":{\"name\":", o);
  jmon_json_write_string(o, *info.module ? info.module : "app_mon");
  fputs("}},\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":1,\"args\":{\"name\":\"JS\"}}", o);
  if (info.wasm_events)
    fputs(",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":2,\"args\":{\"name\":\"wasm\"}}", o);
  emit_t e = {o, &names, prof, {0, 0}, 0};
  st = jmon_trace_read_file(trace_path, emit, &e, &info);
  if (st != JMON_TRACE_READ_OK) {
    snprintf(err, errsz, "%s: %s", trace_path, jmon_trace_read_strerror(st));
    goto done;
  }
  /* close what a trap or a cut trace left open, so viewers show every frame */
  while (e.depth[0]) end(&e, 1, e.last_fuel);
  while (e.depth[1]) end(&e, 2, e.last_fuel);
  fprintf(o, "\n],\"displayTimeUnit\":\"ns\",\"otherData\":{\"ts_unit\":\"fuel\",\"frames\":%" PRIu64
          ",\"truncated\":%s}}\n", info.frames, info.truncated ? "true" : "false");
  if (info.truncated)
    fprintf(stderr, "jmon-report: warning: %s: truncated after %" PRIu64 " complete frames\n",
            trace_path, info.frames);
  rc = 0;
done:
  for (size_t i = 0; i < names.n; i++) free(names.v[i].name);
  free(names.v);
  return rc;
}
