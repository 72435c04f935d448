/* c_splitter.c: cut wasm2c 1.0.32's one-file output into parallel, cache-stable units.
 *
 * The shape relied on (read off wasm2c 1.0.32 output, wabt src/c-writer.cc): a prelude of
 * includes/macros/inline helpers ending before `static bool s_module_initialized = false;`,
 * then one-line prototypes `static T NAME(Z_x_instance_t*, ...);`, module-level code (func
 * types, globals, `static const u8 data_segment_data_*[] = {...};` arrays, init functions),
 * function definitions `static T NAME(...) {` closed by a `}` line, then exports/instantiate. */
#include "c_splitter.h"

#include "text_buffer.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *jmon_split_strerror(jmon_split_status_t status) {
  switch (status) {
    case JMON_SPLIT_OK: return "ok";
    case JMON_SPLIT_ERR_NOMEM: return "out of memory";
    case JMON_SPLIT_ERR_FORMAT: return "unexpected wasm2c output";
  }
  return "unknown split status";
}

typedef struct { const char *p; size_t n; } line_t;

static void sb_str(jmon_text_t *b, const char *s) { jmon_text_put(b, s, strlen(s)); }
static void sb_line(jmon_text_t *b, line_t l) { jmon_text_put(b, l.p, l.n); jmon_text_put(b, "\n", 1); }

static bool starts(line_t l, const char *s) {
  size_t n = strlen(s);
  return l.n >= n && memcmp(l.p, s, n) == 0;
}
static bool ends(line_t l, const char *s) {
  size_t n = strlen(s);
  return l.n >= n && memcmp(l.p + l.n - n, s, n) == 0;
}
static bool is_ident(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A global symbol a unit may reference: its declaration line as other units need it. */
typedef struct {
  const char *name; size_t name_len;
  char *decl;          /* owned, e.g. "u32 w2c_f27(Z_app_instance_t*, u32);" */
  unsigned mark;       /* unit ordinal that last included it */
} sym_t;

typedef struct {
  sym_t *syms; size_t nsyms, cap;
  int32_t *slots; size_t nslots;   /* open addressing, -1 = empty */
} symtab_t;

static uint64_t hash_name(const char *p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)p[i]) * 1099511628211ull;
  return h;
}

static int32_t sym_find(const symtab_t *t, const char *p, size_t n) {
  if (!t->nslots) return -1;
  size_t i = hash_name(p, n) & (t->nslots - 1);
  for (;;) {
    int32_t s = t->slots[i];
    if (s < 0) return -1;
    if (t->syms[s].name_len == n && memcmp(t->syms[s].name, p, n) == 0) return s;
    i = (i + 1) & (t->nslots - 1);
  }
}

static bool sym_add(symtab_t *t, const char *name, size_t n, char *decl) {
  if (t->nsyms == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    sym_t *s = realloc(t->syms, cap * sizeof *s);
    if (!s) return false;
    t->syms = s;
    t->cap = cap;
  }
  t->syms[t->nsyms] = (sym_t){name, n, decl, 0};
  t->nsyms++;
  return true;
}

static bool sym_index(symtab_t *t) {
  size_t n = 1;
  while (n < t->nsyms * 2 + 2) n *= 2;
  free(t->slots);
  t->slots = malloc(n * sizeof *t->slots);
  if (!t->slots) return false;
  t->nslots = n;
  for (size_t i = 0; i < n; i++) t->slots[i] = -1;
  for (size_t s = 0; s < t->nsyms; s++) {
    size_t i = hash_name(t->syms[s].name, t->syms[s].name_len) & (n - 1);
    while (t->slots[i] >= 0) i = (i + 1) & (n - 1);
    t->slots[i] = (int32_t)s;
  }
  return true;
}

/* For `static T NAME(...)...`: find NAME (the identifier right before the first '('). */
static bool proto_name(line_t l, const char **name, size_t *name_len) {
  const char *paren = memchr(l.p, '(', l.n);
  if (!paren) return false;
  const char *e = paren;
  const char *b = e;
  while (b > l.p && is_ident(b[-1])) b--;
  if (b == e) return false;
  *name = b;
  *name_len = (size_t)(e - b);
  return true;
}

/* Emit the declarations of every symbol `body` references (once per unit). */
static void emit_referenced_decls(jmon_text_t *out, symtab_t *t, const char *body, size_t n,
                                  unsigned unit_mark) {
  size_t i = 0;
  while (i < n) {
    if (is_ident(body[i]) && !(body[i] >= '0' && body[i] <= '9')) {
      size_t b = i;
      while (i < n && is_ident(body[i])) i++;
      /* Member accesses (instance->w2c_g0) are struct fields, not symbols. */
      bool member = (b >= 1 && body[b - 1] == '.') || (b >= 2 && body[b - 2] == '-' && body[b - 1] == '>');
      if (member) continue;
      int32_t s = sym_find(t, body + b, i - b);
      if (s >= 0 && t->syms[s].mark != unit_mark) {
        t->syms[s].mark = unit_mark;
        sb_str(out, t->syms[s].decl);
        jmon_text_put(out, "\n", 1);
      }
    } else {
      i++;
    }
  }
}

/* The C names of the interpreter's parameters params[0..2] (wasm positions, -1 = none) from its
 * definition line `static u64 w2c_f338(Z_app_instance_t* instance, u32 w2c_p0, u64 w2c_p1, ...) {`
 * (wasm param k is the (k+2)-th item: `instance` comes first), as JMON_JS_ENTER's arguments; a
 * missing one is 0 (the probe then treats the entry as unknown). */
static void interp_entry_args(line_t def, const int *params, char *out, size_t outlen) {
  const char *open = memchr(def.p, '(', def.n), *end = def.p + def.n;
  size_t used = 0;
  out[0] = 0;
  for (int i = 0; i < 3; i++) {
    const char *name = "0";
    size_t nn = 1;
    if (open && params[i] >= 0) {
      const char *q = open + 1;
      for (int item = 0; item < params[i] + 1 && q < end; q++)
        if (*q == ',') item++;
      const char *e = q;
      while (e < end && *e != ',' && *e != ')') e++;
      const char *s = e;
      while (s > q && is_ident(s[-1])) s--;
      if (e < end && s < e) {
        name = s;
        nn = (size_t)(e - s);
      }
    }
    int n = snprintf(out + used, outlen - used, "%s%.*s", i ? ", " : "", (int)nn, name);
    if (n < 0 || (size_t)n >= outlen - used) {
      snprintf(out, outlen, "0, 0, 0");
      return;
    }
    used += (size_t)n;
  }
}

/* One line of a function body: probe calls made inlinable, prologue/epilogue woven when
 * index >= 0. wasm2c writes an import call as `(*Z_jmonZ_NAME)(`; a function-like macro needs
 * `JMON_P_NAME(`. */
static void emit_body_line(jmon_text_t *b, line_t l, long index, const char *interp_args, bool leaf) {
  static const char k_call[] = "(*Z_jmonZ_";
  const char *kind = leaf ? "LEAF" : "FUNC";
  bool interp = interp_args != NULL;
  if (index >= 0 && l.n == 16 && memcmp(l.p, "  FUNC_PROLOGUE;", 16) == 0) {
    char t[256];
    if (interp) snprintf(t, sizeof t, "  JMON_%s_ENTER(%ldu); JMON_JS_ENTER(%s);\n", kind, index, interp_args);
    else snprintf(t, sizeof t, "  JMON_%s_ENTER(%ldu);\n", kind, index);
    sb_str(b, t);
    return;
  }
  if (index >= 0 && l.n == 16 && memcmp(l.p, "  FUNC_EPILOGUE;", 16) == 0) {
    char t[64];
    snprintf(t, sizeof t, "  %sJMON_%s_EXIT(%ldu);\n", interp ? "JMON_JS_EXIT(); " : "", kind, index);
    sb_str(b, t);
    return;
  }
  const char *p = l.p, *e = l.p + l.n;
  for (;;) {
    const char *hit = NULL;
    for (const char *q = p; q + sizeof k_call - 1 <= e; q++)
      if (*q == '(' && memcmp(q, k_call, sizeof k_call - 1) == 0) { hit = q; break; }
    if (!hit) break;
    const char *name = hit + sizeof k_call - 1;
    const char *close = name;
    while (close < e && is_ident(*close)) close++;
    if (close + 1 >= e || close[0] != ')' || close[1] != '(') break;
    jmon_text_put(b, p, (size_t)(hit - p));
    sb_str(b, "JMON_P_");
    jmon_text_put(b, name, (size_t)(close - name));
    jmon_text_put(b, "(", 1);
    p = close + 2;
  }
  jmon_text_put(b, p, (size_t)(e - p));
  jmon_text_put(b, "\n", 1);
}

typedef struct { size_t first, last; } range_t;   /* line range [first, last] */

/* Whether defined function k (in definition order, which is wasm2c's index order) is hot. */
static bool is_hot(const jmon_split_options_t *opts, size_t k) {
  return opts->hot && k < opts->nhot && opts->hot[k];
}

static bool push_unit(jmon_c_split_t *out, const char *name, jmon_text_t *text) {
  jmon_c_unit_t *u = realloc(out->units, (out->nunits + 1) * sizeof *u);
  if (!u) return false;
  out->units = u;
  jmon_c_unit_t *unit = &out->units[out->nunits++];
  memset(unit, 0, sizeof *unit);
  snprintf(unit->name, sizeof unit->name, "%s", name);
  unit->text = text->p;
  unit->len = text->n;
  text->p = NULL;
  text->n = text->cap = 0;
  return true;
}

jmon_split_status_t jmon_split_c(const char *c_text, size_t len, const jmon_split_options_t *opts,
                                 jmon_c_split_t *out, const char **detail) {
  jmon_split_status_t st = JMON_SPLIT_ERR_NOMEM;
  line_t *lines = NULL;
  size_t nlines = 0, cap = 0;
  symtab_t syms = {0};
  range_t *funcs = NULL, *datas = NULL;
  size_t nfuncs = 0, ndatas = 0;
  bool *is_taken = NULL;
  size_t *fsym = NULL, *group = NULL;
  jmon_text_t buf = {0}, prelude = {0};
  memset(out, 0, sizeof *out);
  *detail = "";

  for (size_t i = 0; i < len;) {
    const char *nl = memchr(c_text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - c_text) : len;
    if (nlines == cap) {
      cap = cap ? cap * 2 : 65536;
      line_t *q = realloc(lines, cap * sizeof *q);
      if (!q) goto fail;
      lines = q;
    }
    lines[nlines++] = (line_t){c_text + i, e - i};
    i = e + 1;
  }

  size_t body_start = nlines;
  for (size_t i = 0; i < nlines; i++)
    if (starts(lines[i], "static bool s_module_initialized")) { body_start = i; break; }
  if (body_start == nlines) {
    st = JMON_SPLIT_ERR_FORMAT;
    *detail = "no `s_module_initialized` line";
    goto fail;
  }

  is_taken = calloc(nlines, sizeof *is_taken);
  if (!is_taken) goto fail;

  /* Pass 1: prototypes become symbols. */
  for (size_t i = body_start; i < nlines; i++) {
    line_t l = lines[i];
    if (!starts(l, "static ") || !ends(l, ");") || memchr(l.p, '=', l.n) || memchr(l.p, '{', l.n))
      continue;
    const char *name;
    size_t nn;
    if (!proto_name(l, &name, &nn)) continue;
    char *decl = strndup(l.p + 7, l.n - 7);   /* drop "static " */
    if (!decl || !sym_add(&syms, name, nn, decl)) { free(decl); goto fail; }
    is_taken[i] = true;   /* prototypes are re-emitted per unit */
  }
  size_t nfunc_syms = syms.nsyms;
  if (!sym_index(&syms)) goto fail;

  /* Pass 2: function definitions and data arrays. */
  for (size_t i = body_start; i < nlines; i++) {
    line_t l = lines[i];
    if (!starts(l, "static ")) continue;
    bool is_data = starts(l, "static const u8 data_segment_data_") && ends(l, "[] = {");
    bool is_func = false;
    if (!is_data && !ends(l, ";")) {
      /* wasm2c wraps long parameter lists: the header may span lines up to its ") {". */
      const char *name;
      size_t nn;
      if (proto_name(l, &name, &nn) && sym_find(&syms, name, nn) >= 0) is_func = true;
    }
    if (!is_data && !is_func) continue;
    const char *closer = is_data ? "};" : "}";
    size_t j = i;
    if (is_func)
      while (j < nlines && !ends(lines[j], ") {")) j++;
    j++;
    while (j < nlines && !(lines[j].n == strlen(closer) && memcmp(lines[j].p, closer, lines[j].n) == 0))
      j++;
    if (j == nlines) {
      st = JMON_SPLIT_ERR_FORMAT;
      *detail = "unterminated function or data array";
      goto fail;
    }
    range_t r = {i, j};
    range_t **arr = is_data ? &datas : &funcs;
    size_t *n = is_data ? &ndatas : &nfuncs;
    range_t *q = realloc(*arr, (*n + 1) * sizeof *q);
    if (!q) goto fail;
    *arr = q;
    q[(*n)++] = r;
    for (size_t k = i; k <= j; k++) is_taken[k] = true;
    if (is_data) {
      /* Data arrays are referenced from the module unit and from memory.init. */
      const char *br = memchr(l.p, '[', l.n);
      const char *b = br;
      while (b > l.p && is_ident(b[-1])) b--;
      char decl[256];
      snprintf(decl, sizeof decl, "extern const u8 %.*s[];", (int)(br - b), b);
      char *d = strdup(decl);
      if (!d || !sym_add(&syms, b, (size_t)(br - b), d)) { free(d); goto fail; }
    }
    i = j;
  }
  /* Element segment arrays may be referenced by table.init. */
  for (size_t i = body_start; i < nlines; i++) {
    line_t l = lines[i];
    if (is_taken[i] || !starts(l, "static const wasm_elem_segment_expr_t elem_segment_exprs_")) continue;
    const char *br = memchr(l.p, '[', l.n);
    if (!br) continue;
    const char *b = br;
    while (b > l.p && is_ident(b[-1])) b--;
    char decl[256];
    snprintf(decl, sizeof decl, "extern const wasm_elem_segment_expr_t %.*s[];", (int)(br - b), b);
    char *d = strdup(decl);
    if (!d || !sym_add(&syms, b, (size_t)(br - b), d)) { free(d); goto fail; }
  }
  if (!sym_index(&syms)) goto fail;

  /* Each definition's defined-function index (its prototype's position), for weaving and `hot`. */
  fsym = malloc((nfuncs ? nfuncs : 1) * sizeof *fsym);
  group = malloc((nfuncs ? nfuncs : 1) * sizeof *group);
  if (!fsym || !group) goto fail;
  for (size_t f = 0; f < nfuncs; f++) {
    const char *name;
    size_t nn;
    int32_t s = proto_name(lines[funcs[f].first], &name, &nn) ? sym_find(&syms, name, nn) : -1;
    if (s < 0 || (size_t)s >= nfunc_syms) {
      st = JMON_SPLIT_ERR_FORMAT;
      *detail = "a function definition without a prototype";
      goto fail;
    }
    fsym[f] = (size_t)s;
  }

  /* The prelude every code unit starts with. */
  for (size_t i = 0; i < body_start; i++) sb_line(&prelude, lines[i]);
  if (opts->unit_preamble) sb_str(&prelude, opts->unit_preamble);
  sb_str(&prelude, "extern u32 func_types[];\n");
  if (prelude.failed) goto fail;

  unsigned mark = 0;

  /* Module unit: everything not taken, in order, with symbols made external. */
  jmon_text_put(&buf, prelude.p, prelude.n);
  mark++;
  for (size_t s = 0; s < syms.nsyms; s++) {
    sb_str(&buf, syms.syms[s].decl);
    jmon_text_put(&buf, "\n", 1);
  }
  for (size_t i = body_start; i < nlines; i++) {
    if (is_taken[i]) continue;
    line_t l = lines[i];
    if (starts(l, "static u32 func_types[")) {
      l.p += 7; l.n -= 7;
    } else if (starts(l, "static const wasm_elem_segment_expr_t elem_segment_exprs_")) {
      l.p += 7; l.n -= 7;
    }
    sb_line(&buf, l);
  }
  if (buf.failed || !push_unit(out, "module", &buf)) goto fail;
  out->units[out->nunits - 1].init = true;

  /* Data units: arrays only, grouped by size in index order. */
  size_t unit_no = 0;
  for (size_t d = 0; d < ndatas;) {
    sb_str(&buf, "/* data segments, split out of the wasm2c output by jmon-aot */\n"
                 "#include <stdint.h>\ntypedef uint8_t u8;\n");
    size_t bytes = 0;
    /* The last segment gets a unit of its own: javy appends the app's bytecode there, so every
     * other data unit stays identical between apps built on one plugin. */
    while (d < ndatas && (bytes == 0 || (bytes < opts->data_unit_bytes && d != ndatas - 1))) {
      for (size_t k = datas[d].first; k <= datas[d].last; k++) {
        line_t l = lines[k];
        if (k == datas[d].first) { l.p += 7; l.n -= 7; }
        sb_line(&buf, l);
        bytes += l.n + 1;
      }
      d++;
    }
    char name[32];
    snprintf(name, sizeof name, "data_%03zu", unit_no++);
    if (buf.failed || !push_unit(out, name, &buf)) goto fail;
    out->units[out->nunits - 1].init = true;
  }

  /* Function units, grouped by size in definition order: the cold functions first, then the hot
   * ones (opts->hot) in units of their own, which the caller compiles at a higher -O level. */
  for (int pass = 0; pass < 2; pass++) {
    bool want_hot = pass == 1;
    unit_no = 0;
    for (size_t f = 0; f < nfuncs;) {
      if (is_hot(opts, fsym[f]) != want_hot) { f++; continue; }
      size_t ngroup = 0, bytes = 0;
      /* Likewise the last function (javy's `_start`) is alone in its unit. */
      while (f < nfuncs && (ngroup == 0 || (bytes < opts->unit_bytes && f != nfuncs - 1))) {
        if (is_hot(opts, fsym[f]) == want_hot) {
          bytes += (size_t)(lines[funcs[f].last].p + lines[funcs[f].last].n - lines[funcs[f].first].p);
          group[ngroup++] = f;
        }
        f++;
      }
      mark++;
      jmon_text_put(&buf, prelude.p, prelude.n);
      for (size_t g = 0; g < ngroup; g++) {
        size_t k = group[g];
        const char *b = lines[funcs[k].first].p;
        const char *e = lines[funcs[k].last].p + lines[funcs[k].last].n;
        emit_referenced_decls(&buf, &syms, b, (size_t)(e - b), mark);
      }
      for (size_t g = 0; g < ngroup; g++) {
        size_t k = group[g];
        long index = -1;
        bool leaf = false;
        if (opts->weave_functions) {
          size_t s = fsym[k];
          index = (long)opts->first_func_index + s;
          leaf = opts->leaf && (size_t)s < opts->nleaf && opts->leaf[s] && index != opts->interp_index;
        }
        char interp_args[160];
        bool interp = index >= 0 && index == opts->interp_index;
        if (interp) interp_entry_args(lines[funcs[k].first], opts->interp_params, interp_args, sizeof interp_args);
        for (size_t i = funcs[k].first; i <= funcs[k].last; i++) {
          line_t l = lines[i];
          if (i == funcs[k].first) { l.p += 7; l.n -= 7; }
          emit_body_line(&buf, l, index, interp ? interp_args : NULL, leaf);
        }
        jmon_text_put(&buf, "\n", 1);
      }
      char name[32];
      snprintf(name, sizeof name, "%s_%03zu", want_hot ? "hot" : "func", unit_no++);
      if (buf.failed || !push_unit(out, name, &buf)) goto fail;
      out->units[out->nunits - 1].hot = want_hot;
    }
  }
  out->nfuncs = nfuncs;
  st = JMON_SPLIT_OK;

fail:
  if (st != JMON_SPLIT_OK) jmon_split_free(out);
  for (size_t s = 0; s < syms.nsyms; s++) free(syms.syms[s].decl);
  free(syms.syms);
  free(syms.slots);
  free(lines);
  free(funcs);
  free(datas);
  free(is_taken);
  free(fsym);
  free(group);
  free(buf.p);
  free(prelude.p);
  return st;
}

void jmon_split_free(jmon_c_split_t *split) {
  for (size_t i = 0; i < split->nunits; i++) free(split->units[i].text);
  free(split->units);
  memset(split, 0, sizeof *split);
}
