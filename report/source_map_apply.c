/* source_map_apply.c: a source map applied to a loaded profile (see source_map_apply.h). */
#include "source_map_apply.h"

#include "../translator/js_origin.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  jmon_js_sources_t src;
  jmon_qjs_function_t *fns;     /* one per js function + the enclosing stand-in */
  uint32_t nfns;
  jmon_js_origin_t *origins;
  char **packages;              /* js_packages keys we made */
  size_t npackages;
} applied_t;

/* Offset of a QuickJS position (1-based line; column 0-based on line 1, 1-based after) in text. */
static size_t bundle_offset(const char *t, size_t len, uint64_t line, uint64_t col) {
  size_t i = 0;
  for (uint64_t l = 1; l < line; l++) {
    const char *nl = memchr(t + i, '\n', len - i);
    if (!nl) return SIZE_MAX;
    i = (size_t)(nl - t) + 1;
  }
  uint64_t c = line == 1 ? col : col - 1;
  if (line > 1 && col == 0) return SIZE_MAX;
  return i + c <= len ? i + (size_t)c : SIZE_MAX;
}

/* A bundle line's original (source, line) when every segment on it agrees, else NULL. */
static const jmon_smap_segment_t *whole_line(const jmon_smap_t *m, uint64_t line) {
  if (line < 1 || line > UINT32_MAX) return NULL;
  const jmon_smap_segment_t *s = jmon_smap_lookup(m, (uint32_t)line - 1, UINT32_MAX), *one = NULL;
  if (!s) return NULL;
  while (s > m->segments && s[-1].gen_line == s->gen_line) s--;
  for (; s < m->segments + m->nsegments && s->gen_line == line - 1; s++) {
    if (s->source < 0) continue;
    if (one && (one->source != s->source || one->line != s->line)) return NULL;
    one = s;
  }
  return one;
}

/* The last identifier before the first `(`, `{` or `=` of a function's text is `name`. */
static bool own_name_is(const char *s, size_t len, const char *name) {
  size_t n = len < 512 ? len : 512, ls = SIZE_MAX, le = 0;
  for (size_t i = 0; i < n && s[i] != '(' && s[i] != '{' && s[i] != '='; i++) {
    unsigned char c = (unsigned char)s[i];
    bool id = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
    if (id && (i == 0 || ls == SIZE_MAX || le != i)) ls = i;
    if (id) le = i + 1;
  }
  return ls != SIZE_MAX && le - ls == strlen(name) && memcmp(s + ls, name, le - ls) == 0;
}

void jmon_source_map_apply_free(jmon_profile_t *p) {
  applied_t *a = p->mapped_strings;
  if (!a) return;
  jmon_js_origin_free(a->origins, a->nfns);
  free(a->fns);
  for (size_t i = 0; i < a->npackages; i++) free(a->packages[i]);
  free(a->packages);
  jmon_js_sources_free(&a->src);
  free(a);
  p->mapped_strings = NULL;
}

static void rollup_add(jmon_js_rollup_t *r, size_t *n, const char *key, uint64_t fuel) {
  for (size_t k = 0; k < *n; k++)
    if (strcmp(r[k].key, key) == 0) {
      r[k].fuel += fuel;
      return;
    }
  r[(*n)++] = (jmon_js_rollup_t){key, fuel};
}

static int cmp_rollup(const void *x, const void *y) {
  const jmon_js_rollup_t *a = x, *b = y;
  if (a->fuel != b->fuel) return a->fuel < b->fuel ? 1 : -1;
  return strcmp(a->key, b->key);
}

int jmon_source_map_apply(jmon_profile_t *p, const char *map_path, const char *js_path, char *err, size_t errsz) {
  applied_t *a = calloc(1, sizeof *a);
  if (!a) goto nomem;
  p->mapped_strings = a;
  if (jmon_js_sources_read(map_path, js_path, &a->src, err, errsz) != 0) return -1;
  if (!a->src.has_map) {
    snprintf(err, errsz, "%s: no inline source map (give --source-map FILE.map)", js_path ? js_path : "?");
    return -1;
  }
  const jmon_smap_t *map = &a->src.map;
  size_t n = p->njs_funcs;
  a->nfns = (uint32_t)n + 1;
  a->fns = calloc(n + 1, sizeof *a->fns);
  if (!a->fns) goto nomem;
  /* Stand-ins for the bytecode's functions: positions from the profile, the text from the bundle
   * (whose rest starts with the function's own text), all children of one text-less top. */
  /* The bundle's file name: the top level's (<eval>); functions elsewhere (eval'd code named at
   * run time, builtins) are left alone. */
  const char *bundle_name = NULL;
  for (size_t i = 0; i < n && !bundle_name; i++)
    if (strcmp(p->js_funcs[i].name, "<eval>") == 0) bundle_name = p->js_funcs[i].file;
  jmon_qjs_function_t *top = &a->fns[n];
  top->name = top->filename = (char *)"";
  top->parent = -1;
  for (size_t i = 0; i < n; i++) {
    const jmon_js_func_t *f = &p->js_funcs[i];
    jmon_qjs_function_t *q = &a->fns[i];
    bool eval = strcmp(f->name, "<eval>") == 0;
    /* `PARENT/<` (a returned function, named after its parent at build time) names the
     * minified parent: anonymous here, where parents are not known (docs/source-maps.md). */
    size_t nl = strlen(f->name);
    bool returned = nl > 2 && strcmp(f->name + nl - 2, "/<") == 0;
    q->name = (char *)(strcmp(f->name, "<anonymous>") == 0 || returned ? "" : f->name);
    q->filename = (char *)f->file;
    q->line = (int32_t)(f->line > INT32_MAX ? 0 : f->line);
    q->col = (int32_t)(f->col > INT32_MAX ? 0 : f->col);
    q->has_debug = !f->mapped && *f->file && f->line > 0 && !eval && (!bundle_name || strcmp(f->file, bundle_name) == 0);
    q->parent = eval ? -1 : (int32_t)n;
    size_t o = a->src.bundle && q->has_debug ? bundle_offset(a->src.bundle, a->src.bundle_len, f->line, f->col) : SIZE_MAX;
    if (o != SIZE_MAX) {
      q->source = (const uint8_t *)a->src.bundle + o;
      q->source_len = (uint32_t)(a->src.bundle_len - o > UINT32_MAX ? UINT32_MAX : a->src.bundle_len - o);
      /* The bytecode would say whether JS took the name from the context (`var a=function`):
       * here, when the name is not the function's own name token. */
      q->name_inferred = *q->name && !own_name_is(a->src.bundle + o, a->src.bundle_len - o, q->name);
    }
  }
  jmon_qjs_module_t qm = {.nfunctions = a->nfns, .functions = a->fns};
  if (jmon_js_origin_compute(&qm, map, a->src.bundle, a->src.bundle_len, &a->origins) != 0) goto nomem;
  /* The bundle's file name(s), to know which js_lines to map. */
  const char *bundle_file = NULL;
  for (size_t i = 0; i < n; i++) {
    jmon_js_func_t *f = &p->js_funcs[i];
    const jmon_js_origin_t *o = &a->origins[i];
    if (!a->fns[i].has_debug) continue;
    if (!bundle_file) bundle_file = f->file;
    f->name = *o->name ? o->name : "<anonymous>";
    f->file = o->file;
    f->line = (uint64_t)(o->line > 0 ? o->line : 0);
    f->col = (uint64_t)(o->col > 0 ? o->col : 0);
    f->mapped = o->source >= 0;
  }
  for (size_t i = 0; bundle_file && i < p->njs_lines; i++) {
    jmon_js_line_t *l = &p->js_lines[i];
    const jmon_smap_segment_t *s = strcmp(l->file, bundle_file) == 0 ? whole_line(map, l->line) : NULL;
    if (s) {
      l->file = map->sources[s->source];
      l->line = s->line + 1;
    }
  }
  /* js_files / js_packages from the functions' self fuel (a profile has no per-opcode files). */
  free(p->js_files);
  free(p->js_packages);
  p->js_files = calloc(n + 1, sizeof *p->js_files);
  p->js_packages = calloc(n + 1, sizeof *p->js_packages);
  a->packages = calloc(n + 1, sizeof *a->packages);
  p->njs_files = p->njs_packages = 0;
  if (!p->js_files || !p->js_packages || !a->packages) goto nomem;
  for (size_t i = 0; i < n; i++) {
    const jmon_js_func_t *f = &p->js_funcs[i];
    if (!f->self_fuel) continue;
    rollup_add(p->js_files, &p->njs_files, f->file, f->self_fuel);
    const char *pkg = a->origins[i].package[0] ? a->origins[i].package : "(unmapped)";
    if (f->mapped && !a->fns[i].has_debug) {   /* mapped when it was built */
      char buf[256];
      if (!(a->packages[a->npackages] = strdup(jmon_js_package_of(f->file, buf, sizeof buf)))) goto nomem;
      pkg = a->packages[a->npackages++];
    }
    rollup_add(p->js_packages, &p->njs_packages, pkg, f->self_fuel);
  }
  qsort(p->js_files, p->njs_files, sizeof *p->js_files, cmp_rollup);
  qsort(p->js_packages, p->njs_packages, sizeof *p->js_packages, cmp_rollup);
  return 0;
nomem:
  snprintf(err, errsz, "out of memory");
  return -1;
}
