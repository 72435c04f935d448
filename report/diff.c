/* diff.c: base vs new profile: per-identity tables sorted by |Δ|, differential flame graph. */
#include "diff.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "json.h"
#include "samples.h"

#define TOP 20

typedef struct {
  char *key, *label;
  uint64_t v[2];   /* base, new */
} row_t;

typedef struct {
  row_t *r;
  size_t n, cap;
  bool oom;
} rows_t;

static char *fmt_str(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static char *fmt_str(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  if (vasprintf(&s, fmt, ap) < 0) s = NULL;
  va_end(ap);
  return s;
}

/* Takes ownership of key and label (NULL = out of memory). */
static void row_add(rows_t *rs, int side, char *key, char *label, uint64_t v) {
  if (!key || !label || rs->oom) {
    free(key);
    free(label);
    rs->oom = true;
    return;
  }
  if (rs->n == rs->cap) {
    size_t cap = rs->cap ? rs->cap * 2 : 64;
    row_t *r = realloc(rs->r, cap * sizeof *r);
    if (!r) {
      free(key);
      free(label);
      rs->oom = true;
      return;
    }
    rs->r = r;
    rs->cap = cap;
  }
  rs->r[rs->n++] = (row_t){key, label, {side == 0 ? v : 0, side == 1 ? v : 0}};
}

static void rows_free(rows_t *rs) {
  for (size_t i = 0; i < rs->n; i++) free(rs->r[i].key), free(rs->r[i].label);
  free(rs->r);
  memset(rs, 0, sizeof *rs);
}

static int cmp_key(const void *a, const void *b) {
  const row_t *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (c) return c;
  return (x->v[1] != 0) - (y->v[1] != 0);  /* base rows first: the new label wins below */
}

/* One row per key: values summed per side, the new side's label preferred. */
static void rows_combine(rows_t *rs) {
  if (!rs->n) return;
  qsort(rs->r, rs->n, sizeof *rs->r, cmp_key);
  size_t out = 0;
  for (size_t i = 0; i < rs->n; i++) {
    if (out && !strcmp(rs->r[out - 1].key, rs->r[i].key)) {
      row_t *o = &rs->r[out - 1];
      o->v[0] += rs->r[i].v[0];
      o->v[1] += rs->r[i].v[1];
      if (rs->r[i].v[1] || !o->v[1]) {
        free(o->label);
        o->label = rs->r[i].label;
      } else {
        free(rs->r[i].label);
      }
      free(rs->r[i].key);
    } else {
      rs->r[out++] = rs->r[i];
    }
  }
  rs->n = out;
}

static uint64_t absdelta(const row_t *r) {
  return r->v[1] > r->v[0] ? r->v[1] - r->v[0] : r->v[0] - r->v[1];
}

static int cmp_abs(const void *a, const void *b) {
  const row_t *x = a, *y = b;
  uint64_t dx = absdelta(x), dy = absdelta(y);
  if (dx != dy) return dx < dy ? 1 : -1;
  return strcmp(x->label, y->label);
}

static void print_pct(FILE *o, uint64_t b, uint64_t n) {
  if (!b) fprintf(o, "%9s", n ? "new" : "0.0%");
  else fprintf(o, "%+8.1f%%", 100.0 * ((double)n - (double)b) / (double)b);
}

static void print_table(FILE *o, const char *title, rows_t *rs) {
  rows_combine(rs);
  qsort(rs->r, rs->n, sizeof *rs->r, cmp_abs);
  size_t changed = 0;
  for (size_t i = 0; i < rs->n; i++) changed += absdelta(&rs->r[i]) != 0;
  fprintf(o, "\n%s\n%14s %14s %14s %9s  %s\n", title, "base", "new", "delta", "delta%", "name");
  for (size_t i = 0; i < changed && i < TOP; i++) {
    const row_t *r = &rs->r[i];
    fprintf(o, "%14" PRIu64 " %14" PRIu64 " %+14" PRId64 " ", r->v[0], r->v[1],
            (int64_t)(r->v[1] - r->v[0]));
    print_pct(o, r->v[0], r->v[1]);
    fprintf(o, "  %s\n", r->label);
  }
  if (changed > TOP) fprintf(o, "%14s (%zu more changed)\n", "", changed - TOP);
  fprintf(o, "%14s (%zu unchanged)\n", "", rs->n - changed);
}

/* ---- JS function identity: name, file, and rank among equal (name, file) in line order ---- */

static const jmon_profile_t *rank_prof;
static int cmp_pos(const void *a, const void *b) {
  const jmon_js_func_t *x = &rank_prof->js_funcs[*(const size_t *)a],
                       *y = &rank_prof->js_funcs[*(const size_t *)b];
  int c = strcmp(x->name, y->name);
  if (!c) c = strcmp(x->file, y->file);
  if (!c && x->line != y->line) c = x->line < y->line ? -1 : 1;
  if (!c && x->col != y->col) c = x->col < y->col ? -1 : 1;
  if (!c && x->id != y->id) c = x->id < y->id ? -1 : 1;
  return c;
}

/* keys[i] for js_funcs[i]: "name\x1ffile\x1fk". @return NULL on OOM. */
static char **js_keys(const jmon_profile_t *p) {
  size_t n = p->njs_funcs;
  char **keys = calloc(n ? n : 1, sizeof *keys);
  size_t *idx = malloc((n ? n : 1) * sizeof *idx);
  if (!keys || !idx) goto oom;
  for (size_t i = 0; i < n; i++) idx[i] = i;
  rank_prof = p;
  qsort(idx, n, sizeof *idx, cmp_pos);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const jmon_js_func_t *f = &p->js_funcs[idx[i]], *prev = i ? &p->js_funcs[idx[i - 1]] : NULL;
    k = prev && !strcmp(prev->name, f->name) && !strcmp(prev->file, f->file) ? k + 1 : 0;
    if (!(keys[idx[i]] = fmt_str("%s\x1f%s\x1f%zu", f->name, f->file, k))) goto oom;
  }
  free(idx);
  return keys;
oom:
  for (size_t i = 0; keys && i < n; i++) free(keys[i]);
  free(keys);
  free(idx);
  return NULL;
}

static void free_keys(char **keys, size_t n) {
  for (size_t i = 0; keys && i < n; i++) free(keys[i]);
  free(keys);
}

/* The display name of a function key: the bare name when no other function shares it. */
static char *display(const char *key, const rows_t *funcs) {
  const char *s1 = strchr(key, '\x1f');
  const char *s2 = strchr(s1 + 1, '\x1f');
  size_t namelen = (size_t)(s1 - key), same = 0;
  for (size_t i = 0; i < funcs->n; i++)
    same += !strncmp(funcs->r[i].key, key, namelen) && funcs->r[i].key[namelen] == '\x1f';
  unsigned long k = strtoul(s2 + 1, NULL, 10);
  if (same <= 1) return fmt_str("%.*s", (int)namelen, key);
  if (!k) return fmt_str("%.*s (%.*s)", (int)namelen, key, (int)(s2 - s1 - 1), s1 + 1);
  return fmt_str("%.*s (%.*s #%lu)", (int)namelen, key, (int)(s2 - s1 - 1), s1 + 1, k + 1);
}

/* The sections a diff compares. rows[0..]: functions, lines, opcodes, packages, builtins, wasm. */
enum { R_FUNCS, R_LINES, R_OPS, R_PKGS, R_BUILTINS, R_WASM, R_COUNT };

static void rows_from_array(rows_t *rs, int side, const jmon_profile_t *p, const char *array,
                            const char *name_field, const char *value_field) {
  const jmon_json_t *a = jmon_json_get(p->doc, array);
  for (size_t i = 0; a && a->type == JMON_JSON_ARRAY && i < a->count; i++) {
    const jmon_json_t *nm = jmon_json_get(&a->items[i], name_field),
                      *v = jmon_json_get(&a->items[i], value_field);
    if (!nm || nm->type != JMON_JSON_STRING || !v || !v->is_uint) continue;
    row_add(rs, side, strdup(nm->string), strdup(nm->string), v->uint);
  }
}

static bool has_array(const jmon_profile_t *p, const char *array) {
  const jmon_json_t *a = jmon_json_get(p->doc, array);
  return a && a->type == JMON_JSON_ARRAY;
}

static int collect(rows_t rows[R_COUNT], const jmon_profile_t *const prof[2], char **keys[2]) {
  for (int side = 0; side < 2; side++) {
    const jmon_profile_t *p = prof[side];
    for (size_t i = 0; i < p->njs_funcs; i++) {
      const jmon_js_func_t *f = &p->js_funcs[i];
      row_add(&rows[R_FUNCS], side, strdup(keys[side][i]),
              fmt_str("%s (%s:%" PRIu64 ")", f->name, *f->file ? f->file : "?", f->line),
              f->self_fuel);
    }
    for (size_t i = 0; i < p->njs_lines; i++) {
      const jmon_js_line_t *l = &p->js_lines[i];
      char *lab = fmt_str("%s:%" PRIu64, *l->file ? l->file : "?", l->line);
      row_add(&rows[R_LINES], side, lab ? strdup(lab) : NULL, lab, l->fuel);
    }
    for (size_t i = 0; i < p->njs_opcodes; i++) {
      const jmon_js_opcode_t *op = &p->js_opcodes[i];
      char *lab = *op->name ? strdup(op->name) : fmt_str("op_%" PRIu64, op->opcode);
      row_add(&rows[R_OPS], side, lab ? strdup(lab) : NULL, lab, op->fuel);
    }
    rows_from_array(&rows[R_PKGS], side, p, "js_packages", "package", "fuel");
    rows_from_array(&rows[R_BUILTINS], side, p, "js_builtins", "name", "self_fuel");
    for (size_t i = 0; i < p->nwasm_funcs; i++) {
      const jmon_wasm_func_t *w = &p->wasm_funcs[i];
      row_add(&rows[R_WASM], side, fmt_str("%010u", w->index),
              *w->name ? strdup(w->name) : fmt_str("f%u", w->index), w->self_fuel);
    }
  }
  for (int r = 0; r < R_COUNT; r++)
    if (rows[r].oom) return -1;
  return 0;
}

static int write_text(FILE *o, const jmon_profile_t *const prof[2], rows_t rows[R_COUNT]) {
  uint64_t b = prof[0]->total_fuel, n = prof[1]->total_fuel;
  fprintf(o, "diff %s -> %s\ntotal fuel %14" PRIu64 " -> %" PRIu64 "  %+" PRId64 " ",
          *prof[0]->module ? prof[0]->module : "?", *prof[1]->module ? prof[1]->module : "?", b, n,
          (int64_t)(n - b));
  print_pct(o, b, n);
  fputc('\n', o);
  bool js = prof[0]->has_js || prof[1]->has_js;
  if (js) {
    print_table(o, "JS functions by self fuel (matched by name and file)", &rows[R_FUNCS]);
    fprintf(o, "%14" PRIu64 " %14" PRIu64 " %+14" PRId64 " ", prof[0]->outside_js_fuel,
            prof[1]->outside_js_fuel, (int64_t)(prof[1]->outside_js_fuel - prof[0]->outside_js_fuel));
    print_pct(o, prof[0]->outside_js_fuel, prof[1]->outside_js_fuel);
    fputs("  [outside JS]\n", o);
    if (rows[R_BUILTINS].n) print_table(o, "Builtins by self fuel", &rows[R_BUILTINS]);
    if (rows[R_PKGS].n || has_array(prof[0], "js_packages") || has_array(prof[1], "js_packages"))
      print_table(o, "Packages by fuel", &rows[R_PKGS]);
    print_table(o, "JS lines by fuel", &rows[R_LINES]);
    print_table(o, "JS opcodes by fuel", &rows[R_OPS]);
  } else {
    print_table(o, "Wasm functions by self fuel", &rows[R_WASM]);
  }
  return 0;
}

/* The flame graph labels of one side's frames: function keys' display names, else the label. */
static char **frame_labels(const jmon_samples_t *s, const jmon_profile_t *p, char **keys,
                           const rows_t *funcs) {
  char **out = calloc(s->nframes ? s->nframes : 1, sizeof *out);
  if (!out) return NULL;
  for (size_t i = 0; i < s->nframes; i++) {
    const jmon_frame_t *f = &s->frames[i];
    const char *key = NULL;
    for (size_t k = 0; s->js && k < p->njs_funcs && !key; k++) {
      const jmon_js_func_t *j = &p->js_funcs[k];
      if (!strcmp(j->name, f->name) && !strcmp(j->file, f->file) && j->line == f->line &&
          j->col == f->col)
        key = keys[k];
    }
    out[i] = key ? display(key, funcs) : strdup(f->label);
    if (!out[i]) {
      free_keys(out, s->nframes);
      return NULL;
    }
  }
  return out;
}

static int write_flame(FILE *o, jmon_diff_format_t fmt, const jmon_profile_t *const prof[2],
                       char **keys[2], rows_t *funcs, char *err, size_t errsz) {
  jmon_samples_t s[2];
  char **labels[2] = {NULL, NULL};
  const char **path = NULL;
  jmon_flame_t *t = jmon_flame_new(true);
  int built = 0, rc = -1;
  rows_combine(funcs);
  if (!t) goto done;
  for (; built < 2; built++)
    if (jmon_samples_build(prof[built], &s[built]) != 0) goto done;
  size_t maxd = 1;
  for (int side = 0; side < 2; side++) {
    if (!(labels[side] = frame_labels(&s[side], prof[side], keys[side], funcs))) goto done;
    for (size_t i = 0; i < s[side].nsamples; i++)
      if (s[side].samples[i].depth > maxd) maxd = s[side].samples[i].depth;
  }
  if (!(path = malloc(maxd * sizeof *path))) goto done;
  for (int side = 0; side < 2; side++)
    for (size_t i = 0; i < s[side].nsamples; i++) {
      const jmon_sample_t *x = &s[side].samples[i];
      for (size_t d = 0; d < x->depth; d++) path[d] = labels[side][x->frames[d]];
      if (jmon_flame_add(t, path, x->depth, side ? x->weight : 0, side ? 0 : x->weight) != 0)
        goto done;
    }
  if (fmt == JMON_DIFF_FOLDED) {
    rc = jmon_flame_write_folded_pairs(o, t, err, errsz);
  } else {
    uint64_t b = prof[0]->total_fuel, n = prof[1]->total_fuel;
    char title[400];
    snprintf(title, sizeof title, "%.150s — differential flame graph: fuel %" PRIu64 " -> %" PRIu64
             " (%+.2f%%); widths: new, red grew, blue shrank", *prof[1]->module ?
             prof[1]->module : "jmon", b, n, b ? 100.0 * ((double)n - (double)b) / (double)b : 0.0);
    rc = jmon_flame_write_svg(o, t, title, err, errsz);
  }
  err = NULL;
done:
  if (rc != 0 && err) snprintf(err, errsz, "out of memory");
  for (int side = 0; side < 2; side++) {
    if (side < built) {
      free_keys(labels[side], s[side].nframes);
      jmon_samples_free(&s[side]);
    }
  }
  free(path);
  jmon_flame_free(t);
  return rc;
}

int jmon_diff_write(FILE *o, jmon_diff_format_t fmt, const jmon_profile_t *base,
                    const jmon_profile_t *cur, char *err, size_t errsz) {
  const jmon_profile_t *const prof[2] = {base, cur};
  char **keys[2] = {js_keys(base), js_keys(cur)};
  rows_t rows[R_COUNT] = {0};
  int rc = -1;
  if (!keys[0] || !keys[1] || collect(rows, prof, keys) != 0) {
    snprintf(err, errsz, "out of memory");
    goto done;
  }
  if (fmt == JMON_DIFF_TEXT) rc = write_text(o, prof, rows);
  else rc = write_flame(o, fmt, prof, keys, &rows[R_FUNCS], err, errsz);
done:
  for (int r = 0; r < R_COUNT; r++) rows_free(&rows[r]);
  free_keys(keys[0], base->njs_funcs);
  free_keys(keys[1], cur->njs_funcs);
  return rc;
}
