/* profile.c: validates and converts a profile JSON document into jmon_profile_t. */
#include "profile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define MAX_PROFILE_BYTES (1ull << 31)

typedef struct {
  char *err;
  size_t errsz;
  bool failed;
} ctx_t;

static void failf(ctx_t *c, const char *fmt, ...) {
  if (c->failed) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->err, c->errsz, fmt, ap);
  va_end(ap);
  c->failed = true;
}

static uint64_t get_u64(ctx_t *c, const jmon_json_t *obj, const char *key, const char *where,
                        size_t i, bool required) {
  const jmon_json_t *v = jmon_json_get(obj, key);
  if (!v || v->type == JMON_JSON_NULL) {
    if (required) failf(c, "%s[%zu].%s: missing", where, i, key);
    return 0;
  }
  if (v->type != JMON_JSON_NUMBER || !v->is_uint) {
    failf(c, "%s[%zu].%s: expected a non-negative integer", where, i, key);
    return 0;
  }
  return v->uint;
}

static const char *get_str(ctx_t *c, const jmon_json_t *obj, const char *key, const char *where,
                           size_t i) {
  const jmon_json_t *v = jmon_json_get(obj, key);
  if (!v || v->type == JMON_JSON_NULL) return "";
  if (v->type != JMON_JSON_STRING) {
    failf(c, "%s[%zu].%s: expected a string", where, i, key);
    return "";
  }
  return v->string;
}

/* The array `key` of the top object (absent = empty), each item an object. */
static const jmon_json_t *get_array(ctx_t *c, const jmon_json_t *doc, const char *key) {
  const jmon_json_t *v = jmon_json_get(doc, key);
  if (!v || v->type == JMON_JSON_NULL) return NULL;
  if (v->type != JMON_JSON_ARRAY) {
    failf(c, "%s: expected an array", key);
    return NULL;
  }
  for (size_t i = 0; i < v->count; i++)
    if (v->items[i].type != JMON_JSON_OBJECT) {
      failf(c, "%s[%zu]: expected an object", key, i);
      return NULL;
    }
  return v;
}

static void *alloc_items(ctx_t *c, size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) failf(c, "out of memory");
  return p;
}

static jmon_stack_t *load_stacks(ctx_t *c, const jmon_json_t *doc, const char *key, size_t *n) {
  const jmon_json_t *a = get_array(c, doc, key);
  *n = a ? a->count : 0;
  jmon_stack_t *out = alloc_items(c, *n, sizeof *out);
  if (!out || !a) return out;
  for (size_t i = 0; i < a->count && !c->failed; i++) {
    const jmon_json_t *fr = jmon_json_get(&a->items[i], "frames");
    if (!fr || fr->type != JMON_JSON_ARRAY) {
      failf(c, "%s[%zu].frames: expected an array", key, i);
      break;
    }
    out[i].fuel = get_u64(c, &a->items[i], "fuel", key, i, true);
    out[i].depth = fr->count;
    out[i].frames = alloc_items(c, fr->count, sizeof *out[i].frames);
    for (size_t k = 0; out[i].frames && k < fr->count; k++) {
      const jmon_json_t *f = &fr->items[k];
      if (f->type != JMON_JSON_NUMBER || !f->is_uint || f->uint > UINT32_MAX) {
        failf(c, "%s[%zu].frames[%zu]: expected a function index", key, i, k);
        break;
      }
      out[i].frames[k] = (uint32_t)f->uint;
    }
  }
  return out;
}

static char *read_file(const char *path, size_t *len, ctx_t *c) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    failf(c, "%s: cannot open", path);
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    if (cap >= MAX_PROFILE_BYTES) {
      failf(c, "%s: file too large", path);
      free(buf);
      buf = NULL;
      break;
    }
    char *bigger = realloc(buf, cap * 2);
    if (!bigger) {
      free(buf);
      buf = NULL;
      failf(c, "out of memory");
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  if (buf && ferror(f)) {
    failf(c, "%s: read error", path);
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

int jmon_profile_load(const char *path, jmon_profile_t *p, char *err, size_t errsz) {
  memset(p, 0, sizeof *p);
  ctx_t c = {err, errsz, false};
  size_t len = 0;
  char *text = read_file(path, &len, &c);
  if (!text) return -1;
  char jerr[200];
  jmon_json_t *doc = jmon_json_parse(text, len, jerr, sizeof jerr);
  free(text);
  if (!doc) {
    failf(&c, "%s: not a JSON profile: %s", path, jerr);
    return -1;
  }
  p->doc = doc;
  if (doc->type != JMON_JSON_OBJECT) {
    failf(&c, "%s: not a JSON profile: the top level is not an object", path);
    goto fail;
  }
  const jmon_json_t *tf = jmon_json_get(doc, "total_fuel");
  if (!tf || tf->type != JMON_JSON_NUMBER || !tf->is_uint) {
    failf(&c, "%s: not a jmon profile: no integer total_fuel", path);
    goto fail;
  }
  p->total_fuel = tf->uint;
  p->module = get_str(&c, doc, "module", "profile", 0);
  p->probes = get_str(&c, doc, "probes", "profile", 0);
  p->fuel_model = get_str(&c, doc, "fuel_model", "profile", 0);
  p->tool = get_str(&c, doc, "tool", "profile", 0);
  const jmon_json_t *ex = jmon_json_get(doc, "exit");
  if (ex && ex->type == JMON_JSON_OBJECT) {
    const jmon_json_t *code = jmon_json_get(ex, "code");
    if (code && code->type == JMON_JSON_NUMBER) p->exit_code = (int64_t)code->number;
    const jmon_json_t *trap = jmon_json_get(ex, "trap");
    if (trap && trap->type == JMON_JSON_STRING) p->trap = trap->string;
  }
  const jmon_json_t *w = jmon_json_get(doc, "warnings");
  if (w && w->type == JMON_JSON_ARRAY) p->nwarnings = w->count;

  const jmon_json_t *a = get_array(&c, doc, "wasm_functions");
  p->nwasm_funcs = a ? a->count : 0;
  p->wasm_funcs = alloc_items(&c, p->nwasm_funcs, sizeof *p->wasm_funcs);
  for (size_t i = 0; a && p->wasm_funcs && i < a->count && !c.failed; i++) {
    const jmon_json_t *o = &a->items[i];
    jmon_wasm_func_t *f = &p->wasm_funcs[i];
    uint64_t idx = get_u64(&c, o, "index", "wasm_functions", i, true);
    if (idx > UINT32_MAX) failf(&c, "wasm_functions[%zu].index: out of range", i);
    f->index = (uint32_t)idx;
    f->name = get_str(&c, o, "name", "wasm_functions", i);
    f->calls = get_u64(&c, o, "calls", "wasm_functions", i, false);
    f->self_fuel = get_u64(&c, o, "self_fuel", "wasm_functions", i, false);
    f->total_fuel = get_u64(&c, o, "total_fuel", "wasm_functions", i, false);
  }
  p->wasm_stacks = load_stacks(&c, doc, "wasm_stacks", &p->nwasm_stacks);
  p->has_wasm_stacks = jmon_json_get(doc, "wasm_stacks") != NULL;

  const jmon_json_t *ojs = jmon_json_get(doc, "outside_js_fuel");
  a = get_array(&c, doc, "js_functions");
  p->has_js = a || jmon_json_get(doc, "js_stacks") || ojs;
  if (ojs && (ojs->type != JMON_JSON_NUMBER || !ojs->is_uint))
    failf(&c, "outside_js_fuel: expected a non-negative integer");
  else if (ojs)
    p->outside_js_fuel = ojs->uint;
  p->njs_funcs = a ? a->count : 0;
  p->js_funcs = alloc_items(&c, p->njs_funcs, sizeof *p->js_funcs);
  for (size_t i = 0; a && p->js_funcs && i < a->count && !c.failed; i++) {
    const jmon_json_t *o = &a->items[i];
    jmon_js_func_t *f = &p->js_funcs[i];
    uint64_t id = get_u64(&c, o, "id", "js_functions", i, true);
    if (id > UINT32_MAX) failf(&c, "js_functions[%zu].id: out of range", i);
    f->id = (uint32_t)id;
    f->name = get_str(&c, o, "name", "js_functions", i);
    if (!*f->name) f->name = "<anonymous>";
    f->file = get_str(&c, o, "file", "js_functions", i);
    const jmon_json_t *kind = jmon_json_get(o, "kind");
    f->builtin = kind && kind->type == JMON_JSON_STRING && strcmp(kind->string, "builtin") == 0;
    f->line = get_u64(&c, o, "line", "js_functions", i, false);
    f->col = get_u64(&c, o, "col", "js_functions", i, false);
    f->mapped = jmon_json_get(o, "gen_line") != NULL;
    f->addr = get_u64(&c, o, "addr", "js_functions", i, false);
    f->calls = get_u64(&c, o, "calls", "js_functions", i, false);
    f->resumes = get_u64(&c, o, "resumes", "js_functions", i, false);
    f->self_fuel = get_u64(&c, o, "self_fuel", "js_functions", i, false);
    f->total_fuel = get_u64(&c, o, "total_fuel", "js_functions", i, false);
    const jmon_json_t *ops = jmon_json_get(o, "opcodes");
    if (ops && ops->type == JMON_JSON_ARRAY) {
      f->nopcodes = ops->count;
      f->opcodes = alloc_items(&c, ops->count, sizeof *f->opcodes);
      for (size_t k = 0; f->opcodes && k < ops->count && !c.failed; k++) {
        const jmon_json_t *op = &ops->items[k];
        if (op->type != JMON_JSON_OBJECT) {
          failf(&c, "js_functions[%zu].opcodes[%zu]: expected an object", i, k);
          break;
        }
        f->opcodes[k].name = get_str(&c, op, "name", "opcodes", k);
        f->opcodes[k].count = get_u64(&c, op, "count", "opcodes", k, false);
        f->opcodes[k].fuel = get_u64(&c, op, "fuel", "opcodes", k, false);
      }
    } else if (ops && ops->type != JMON_JSON_NULL) {
      failf(&c, "js_functions[%zu].opcodes: expected an array", i);
    }
  }
  a = get_array(&c, doc, "js_lines");
  p->njs_lines = a ? a->count : 0;
  p->js_lines = alloc_items(&c, p->njs_lines, sizeof *p->js_lines);
  for (size_t i = 0; a && p->js_lines && i < a->count && !c.failed; i++) {
    p->js_lines[i].file = get_str(&c, &a->items[i], "file", "js_lines", i);
    p->js_lines[i].line = get_u64(&c, &a->items[i], "line", "js_lines", i, false);
    p->js_lines[i].fuel = get_u64(&c, &a->items[i], "fuel", "js_lines", i, true);
  }
  static const struct { const char *array, *key; } k_rollups[] = {{"js_files", "file"}, {"js_packages", "package"}};
  for (size_t r = 0; r < 2; r++) {
    jmon_js_rollup_t **items = r ? &p->js_packages : &p->js_files;
    size_t *count = r ? &p->njs_packages : &p->njs_files;
    a = get_array(&c, doc, k_rollups[r].array);
    *count = a ? a->count : 0;
    *items = alloc_items(&c, *count, sizeof **items);
    for (size_t i = 0; a && *items && i < a->count && !c.failed; i++) {
      (*items)[i].key = get_str(&c, &a->items[i], k_rollups[r].key, k_rollups[r].array, i);
      (*items)[i].fuel = get_u64(&c, &a->items[i], "fuel", k_rollups[r].array, i, true);
    }
  }
  a = get_array(&c, doc, "js_opcodes");
  p->njs_opcodes = a ? a->count : 0;
  p->js_opcodes = alloc_items(&c, p->njs_opcodes, sizeof *p->js_opcodes);
  for (size_t i = 0; a && p->js_opcodes && i < a->count && !c.failed; i++) {
    p->js_opcodes[i].opcode = get_u64(&c, &a->items[i], "opcode", "js_opcodes", i, false);
    p->js_opcodes[i].name = get_str(&c, &a->items[i], "name", "js_opcodes", i);
    p->js_opcodes[i].count = get_u64(&c, &a->items[i], "count", "js_opcodes", i, false);
    p->js_opcodes[i].fuel = get_u64(&c, &a->items[i], "fuel", "js_opcodes", i, true);
  }
  p->js_stacks = load_stacks(&c, doc, "js_stacks", &p->njs_stacks);
  if (c.failed) goto fail;
  return 0;
fail:
  jmon_profile_free(p);
  return -1;
}

static void free_stacks(jmon_stack_t *s, size_t n) {
  for (size_t i = 0; s && i < n; i++) free(s[i].frames);
  free(s);
}

void jmon_profile_free(jmon_profile_t *p) {
  free(p->wasm_funcs);
  free_stacks(p->wasm_stacks, p->nwasm_stacks);
  for (size_t i = 0; p->js_funcs && i < p->njs_funcs; i++) free(p->js_funcs[i].opcodes);
  free(p->js_funcs);
  free(p->js_lines);
  free(p->js_opcodes);
  free(p->js_files);
  free(p->js_packages);
  free_stacks(p->js_stacks, p->njs_stacks);
  jmon_json_free(p->doc);
  memset(p, 0, sizeof *p);
}

const jmon_wasm_func_t *jmon_profile_wasm_func(const jmon_profile_t *p, uint32_t index) {
  for (size_t i = 0; i < p->nwasm_funcs; i++)
    if (p->wasm_funcs[i].index == index) return &p->wasm_funcs[i];
  return NULL;
}

const jmon_js_func_t *jmon_profile_js_func(const jmon_profile_t *p, uint32_t id) {
  for (size_t i = 0; i < p->njs_funcs; i++)
    if (p->js_funcs[i].id == id) return &p->js_funcs[i];
  return NULL;
}
