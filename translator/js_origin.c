/* js_origin.c: original positions, original and inferred names of JS functions (see js_origin.h). */
#include "js_origin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_ident(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c >= 0x80;
}

/* Where code ends on the line [ls, le): at a `//` comment outside quotes, else le. */
static size_t code_end(const char *t, size_t ls, size_t le) {
  char q = 0;
  for (size_t i = ls; i < le; i++) {
    if (q) {
      if (t[i] == '\\') i++;
      else if (t[i] == q) q = 0;
    } else if (t[i] == '"' || t[i] == '\'' || t[i] == '`') {
      q = t[i];
    } else if (t[i] == '/' && i + 1 < le && t[i + 1] == '/') {
      return i;
    }
  }
  return le;
}

/* Skip whitespace, line comments and block comments backwards from e; @return the new end. */
static size_t skip_back(const char *t, size_t e) {
  for (;;) {
    while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) e--;
    if (e > 0 && t[e - 1] == '\n') {
      size_t le = e - 1, ls = le;
      while (ls > 0 && t[ls - 1] != '\n') ls--;
      e = code_end(t, ls, le);
      continue;
    }
    if (e >= 2 && t[e - 1] == '/' && t[e - 2] == '*') {
      size_t i = e - 2;
      while (i >= 2 && !(t[i - 2] == '/' && t[i - 1] == '*')) i--;
      if (i < 2) return e;
      e = i - 2;
      continue;
    }
    return e;
  }
}

/* Skip spaces and tabs only (the parts of a name chain stay on one line). */
static size_t skip_sp(const char *t, size_t e) {
  while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == '\t')) e--;
  return e;
}

/* The identifier token ending at e, as its start (== e when none). */
static size_t ident_start(const char *t, size_t e) {
  size_t s = e;
  while (s > 0 && is_ident((unsigned char)t[s - 1])) s--;
  return s;
}

static bool token_is(const char *t, size_t s, size_t e, const char *word) {
  return e - s == strlen(word) && memcmp(t + s, word, e - s) == 0;
}

/* A string literal ending at e (t[e-1] is its quote): @return its opening quote's offset, or SIZE_MAX. */
static size_t string_start(const char *t, size_t e) {
  if (e == 0 || (t[e - 1] != '"' && t[e - 1] != '\'')) return SIZE_MAX;
  char q = t[e - 1];
  for (size_t i = e - 1; i > 0; i--) {
    if (t[i - 1] == q) return i - 1;
    if (t[i - 1] == '\\' || t[i - 1] == '\n') return SIZE_MAX;   /* escapes: not worth guessing */
  }
  return SIZE_MAX;
}

size_t jmon_js_infer_name(const char *text, size_t end, size_t starts[], size_t lens[], size_t max) {
  size_t e = skip_back(text, end);
  size_t s = ident_start(text, e);
  if (token_is(text, s, e, "async")) e = skip_back(text, s);
  if (e == 0) return 0;
  char c = text[e - 1];
  if (c == ':') {
    /* object literal key */
    size_t ke = skip_back(text, e - 1), ks;
    size_t q = string_start(text, ke);
    if (q != SIZE_MAX) {
      ks = q;
    } else {
      ks = ident_start(text, ke);
      if (ks == ke) return 0;
    }
    size_t b = skip_back(text, ks);
    if (b == 0 || (text[b - 1] != '{' && text[b - 1] != ',') || max == 0) return 0;
    starts[0] = q != SIZE_MAX ? ks + 1 : ks;
    lens[0] = q != SIZE_MAX ? ke - ks - 2 : ke - ks;
    return lens[0] ? 1 : 0;
  }
  if (c != '=' || e < 2) return 0;
  if (strchr("=!<>+-*/%&|^?", text[e - 2])) return 0;   /* ==, !=, <=, >=, compound assignments */
  /* Chain backwards: IDENT ( . IDENT | ["KEY"] )* */
  size_t n = 0, total = 0;
  size_t cs[32], cl[32];
  size_t p = skip_back(text, e - 1);
  for (;;) {
    if (n == 32) return 0;
    if (p > 0 && text[p - 1] == ']') {
      size_t qe = skip_back(text, p - 1);
      size_t q = string_start(text, qe);
      if (q == SIZE_MAX) return 0;   /* a computed key: no name */
      size_t b = skip_sp(text, q);
      if (b == 0 || text[b - 1] != '[') return 0;
      cs[n] = q + 1;
      cl[n] = qe - q - 2;
      n++;
      p = skip_sp(text, b - 1);
      continue;
    }
    size_t is = ident_start(text, p);
    if (is == p || (text[is] >= '0' && text[is] <= '9')) return 0;
    cs[n] = is;
    cl[n] = p - is;
    n++;
    size_t b = skip_sp(text, is);
    if (b > 0 && text[b - 1] == '.' && !(b > 1 && text[b - 2] == '.')) {
      p = skip_sp(text, b - 1);
      continue;
    }
    break;
  }
  /* components were collected innermost last-first: reverse, dropping `prototype` */
  for (size_t i = n; i-- > 0;) {
    if (token_is(text, cs[i], cs[i] + cl[i], "prototype")) continue;
    if (total == max) return 0;
    starts[total] = cs[i];
    lens[total] = cl[i];
    total++;
  }
  return total;
}

bool jmon_js_is_returned(const char *text, size_t end) {
  size_t e = skip_back(text, end);
  size_t s = ident_start(text, e);
  if (token_is(text, s, e, "async")) e = skip_back(text, s);
  if (e >= 2 && text[e - 1] == '>' && text[e - 2] == '=') return true;   /* an arrow's body */
  s = ident_start(text, e);
  return token_is(text, s, e, "return") && (s == 0 || !(text[s - 1] == '.' || is_ident((unsigned char)text[s - 1])));
}

const char *jmon_js_package_of(const char *file, char *buf, size_t n) {
  const char *p = NULL, *q = file;
  while ((q = strstr(q, "node_modules/")) != NULL) {
    p = q + strlen("node_modules/");
    q = p;
  }
  if (!p || !*p) {
    snprintf(buf, n, "your code");
    return buf;
  }
  const char *slash = strchr(p, '/');
  if (*p == '@' && slash) slash = strchr(slash + 1, '/');
  size_t len = slash ? (size_t)(slash - p) : strlen(p);
  snprintf(buf, n, "%.*s", (int)len, p);
  return buf;
}

/* Offset of 1-based (line, col) in text that starts at 1-based (l0, c0); SIZE_MAX when outside. */
static size_t offset_of(const char *t, size_t len, int32_t l0, int32_t c0, int32_t line, int32_t col) {
  if (line < l0 || (line == l0 && col < c0)) return SIZE_MAX;
  size_t i = 0;
  int32_t l = l0;
  while (l < line) {
    const char *nl = memchr(t + i, '\n', len - i);
    if (!nl) return SIZE_MAX;
    i = (size_t)(nl - t) + 1;
    l++;
  }
  size_t o = i + (size_t)(col - (line == l0 ? c0 : 1));
  return o <= len ? o : SIZE_MAX;
}

/* 1-based position of offset o in text that starts at (l0, c0). */
static void position_of(const char *t, size_t o, int32_t l0, int32_t c0, int32_t *line, int32_t *col) {
  int32_t l = l0;
  size_t ls = 0;
  for (size_t i = 0; i < o; i++)
    if (t[i] == '\n') { l++; ls = i + 1; }
  *line = l;
  *col = l == l0 ? c0 + (int32_t)o : (int32_t)(o - ls) + 1;
}

/* QuickJS's column as a 0-based one (js_origin.h: 0-based on line 1, 1-based after); -1 if invalid. */
static int32_t col0(int32_t line, int32_t col) {
  return line == 1 ? col : col - 1;
}

/* The covering / exact segment of a QuickJS position (1-based line, QuickJS column). */
static const jmon_smap_segment_t *lookup_q(const jmon_smap_t *map, int32_t line, int32_t col, bool exact) {
  if (line < 1 || col0(line, col) < 0) return NULL;
  return exact ? jmon_smap_at(map, (uint32_t)line - 1, (uint32_t)col0(line, col))
               : jmon_smap_lookup(map, (uint32_t)line - 1, (uint32_t)col0(line, col));
}

/* The map's original name for the identifier at a QuickJS bundle position, or NULL. */
static const char *map_name_at(const jmon_smap_t *map, int32_t line, int32_t col) {
  if (!map) return NULL;
  const jmon_smap_segment_t *s = lookup_q(map, line, col, true);
  return s && s->name >= 0 ? map->names[s->name] : NULL;
}

/* Text that holds function f: its parent's source text, else the bundle; `start` = f's first byte. */
typedef struct { const char *text; size_t len; int32_t l0, c0; size_t start; } where_t;

static bool is_class(const jmon_qjs_function_t *f) {
  return f->source && f->source_len > 6 && memcmp(f->source, "class", 5) == 0 && !is_ident(f->source[5]);
}

/* f's own text at offset o of t (a class constructor's position is its class's last byte). */
static bool found_at(const char *t, size_t len, size_t o, const jmon_qjs_function_t *f, size_t *start) {
  if (o == SIZE_MAX || !f->source) return false;
  if (o + f->source_len <= len && memcmp(t + o, f->source, f->source_len) == 0) {
    *start = o;
    return true;
  }
  if (is_class(f) && o + 1 >= f->source_len && o < len && memcmp(t + o + 1 - f->source_len, f->source, f->source_len) == 0) {
    *start = o + 1 - f->source_len;
    return true;
  }
  return false;
}

/* QuickJS's position is not always its text's first byte (a getter's is its name after `get `,
 * an arrow's bound by `a=(x)=>` in a minified line can be `a`): the nearest place within
 * NEAR bytes where its text is. */
#define NEAR 64
static bool found_near(const char *t, size_t len, size_t o, const jmon_qjs_function_t *f, size_t *start) {
  if (found_at(t, len, o, f, start)) return true;
  if (o == SIZE_MAX || !f->source || f->source_len == 0) return false;
  for (size_t d = 1; d <= NEAR; d++) {
    if (o + d < len && found_at(t, len, o + d, f, start)) return true;
    if (o >= d && found_at(t, len, o - d, f, start)) return true;
  }
  return false;
}

/* A parent's text starts where it was located (origins computed so far: parents come first), else
 * at its own position (QuickJS's position is not always its text's start: an arrow passed as an
 * argument, `R(()=>{`, is at the callee `R`). */
static bool locate(const jmon_qjs_module_t *qm, const jmon_js_origin_t *done, const jmon_qjs_function_t *f,
                   const char *bundle, size_t blen, where_t *w) {
  for (int32_t p = f->parent; p >= 0; p = qm->functions[p].parent) {
    const jmon_qjs_function_t *pf = &qm->functions[p];
    if (!pf->source || !pf->has_debug) continue;
    int32_t l0 = done[p].text_line ? done[p].text_line : pf->line, c0 = done[p].text_line ? done[p].text_col : pf->col;
    size_t o = offset_of((const char *)pf->source, pf->source_len, l0, c0, f->line, f->col), st;
    /* Trust the position only where the child's own text is found there. */
    if (found_near((const char *)pf->source, pf->source_len, o, f, &st)) {
      *w = (where_t){(const char *)pf->source, pf->source_len, l0, c0, st};
      return true;
    }
  }
  if (bundle) {
    size_t o = offset_of(bundle, blen, 1, 0, f->line, f->col), st;   /* line 1 counts from column 0 */
    if (found_near(bundle, blen, o, f, &st)) {
      *w = (where_t){bundle, blen, 1, 0, st};
      return true;
    }
  }
  return false;
}

/* Where f's text starts, in QuickJS units: its own position, except for a class constructor,
 * whose position is near its class's end (the last `}` of a plain class, elsewhere with fields):
 * then from the located text, else back from a method of the class (a sibling whose text is in the
 * class's text, at a known position), else back from the end; *col = -1 when only the line is known. */
static void start_of(const jmon_qjs_module_t *qm, const jmon_qjs_function_t *f, const where_t *w, bool located,
                     int32_t *line, int32_t *col) {
  *line = f->line;
  *col = f->col;
  if (located) {   /* where its text really starts */
    position_of(w->text, w->start, w->l0, w->c0, line, col);
    return;
  }
  if (!is_class(f)) return;
  int32_t al = f->line, ac = f->col;   /* an anchor: (al, ac) is at offset k of the class text */
  size_t k = f->source_len - 1;
  for (uint32_t i = 0; i < qm->nfunctions; i++) {
    const jmon_qjs_function_t *g = &qm->functions[i];
    if (g == f || g->parent != f->parent || !g->source || !g->has_debug || g->source_len >= f->source_len) continue;
    const uint8_t *hit = memmem(f->source, f->source_len, g->source, g->source_len);
    if (!hit) continue;
    al = g->line;
    ac = g->col;
    k = (size_t)(hit - f->source);
    break;
  }
  int32_t nl = 0;
  for (size_t i = 0; i < k; i++) nl += f->source[i] == '\n';
  *line = al - nl;
  *col = nl ? -1 : ac - (int32_t)k;
}

/* The segment covering the start (line, col) of a function; col -1: the line's first segment. */
static const jmon_smap_segment_t *lookup_start(const jmon_smap_t *map, int32_t line, int32_t col) {
  if (col >= 0) return lookup_q(map, line, col, false);
  if (line < 1) return NULL;
  const jmon_smap_segment_t *s = jmon_smap_lookup(map, (uint32_t)line - 1, UINT32_MAX);
  if (!s) return NULL;
  while (s > map->segments && s[-1].gen_line == s->gen_line) s--;   /* the line's first */
  return s->source >= 0 ? s : NULL;
}

/* Whether f's text names it: the last identifier before the first `(`, `{` or `=` of its text
 * is its bytecode name (`function a(`, `a(` of a method, `class a{`); its offset in *off. */
static bool own_name_token(const jmon_qjs_function_t *f, size_t *off) {
  if (!f->source || !f->name || !f->name[0]) return false;
  const char *s = (const char *)f->source;
  size_t n = f->source_len < 512 ? f->source_len : 512, last_s = SIZE_MAX, last_e = 0;
  for (size_t i = 0; i < n && s[i] != '(' && s[i] != '{' && s[i] != '='; i++) {
    if (is_ident((unsigned char)s[i]) && (i == 0 || !is_ident((unsigned char)s[i - 1]))) {
      size_t e = i;
      while (e < n && is_ident((unsigned char)s[e])) e++;
      last_s = i;
      last_e = e;
      i = e - 1;
    }
  }
  if (is_class(f)) {   /* `class A extends B{`: the name follows `class` */
    size_t i = 5;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) i++;
    last_s = i;
    while (i < n && is_ident((unsigned char)s[i])) i++;
    last_e = i;
  }
  if (last_s == SIZE_MAX || !token_is(s, last_s, last_e, f->name)) return false;
  if (off) *off = last_s;
  return true;
}

/* A function expression's text (`function`, `class`, `async`, `(`, `x =>`): JS may have named it
 * from a binding before it. */
static bool is_expression_text(const jmon_qjs_function_t *f) {
  const char *s = (const char *)f->source;
  size_t n = f->source ? f->source_len : 0, i = 0;
  if (!n) return false;
  if (s[0] == '(') return true;
  while (i < n && is_ident((unsigned char)s[i])) i++;
  if (token_is(s, 0, i, "function") || token_is(s, 0, i, "class") || token_is(s, 0, i, "async")) return true;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  return i + 1 < n && s[i] == '=' && s[i + 1] == '>';
}

/* A declared function's original name: the map's name at its own name token, or NULL. */
static const char *declared_original(const jmon_qjs_function_t *f, const jmon_smap_t *map, int32_t sl, int32_t sc) {
  size_t off;
  if (!map || sc < 0 || !own_name_token(f, &off)) return NULL;
  int32_t line, col;
  position_of((const char *)f->source, off, sl, sc, &line, &col);
  return map_name_at(map, line, col);
}

/* In the original text at a function's exactly mapped start, `[async] function [*] NAME`: NAME
 * (a named function expression whose name the minifier dropped). @return its length, 0 if none. */
static size_t original_fn_name(const char *t, size_t len, size_t o, size_t *name_start) {
  size_t i = o;
  static const char *const skip[] = {"export", "default"};
  for (size_t k = 0; k < 2; k++) {
    size_t n = strlen(skip[k]);
    if (len - i > n && memcmp(t + i, skip[k], n) == 0 && !is_ident((unsigned char)t[i + n])) {
      i += n;
      while (i < len && (t[i] == ' ' || t[i] == '\t')) i++;
    }
  }
  if (len - i >= 5 && memcmp(t + i, "async", 5) == 0) {
    i += 5;
    while (i < len && (t[i] == ' ' || t[i] == '\t')) i++;
  }
  if (len - i >= 6 && memcmp(t + i, "class", 5) == 0 && !is_ident((unsigned char)t[i + 5]))
    i += 5;   /* `class NAME` */
  else if (len - i < 9 || memcmp(t + i, "function", 8) != 0 || is_ident((unsigned char)t[i + 8]))
    return 0;
  else
    i += 8;
  while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '*' || t[i] == '\n' || t[i] == '\r')) i++;
  size_t e = i;
  while (e < len && is_ident((unsigned char)t[e])) e++;
  *name_start = i;
  return e - i;
}

/* After a binding at o: `NAME =` (not `==`) or `NAME:` and the space after it; SIZE_MAX if none. */
static size_t skip_binding(const char *t, size_t len, size_t o) {
  size_t i = o;
  while (i < len && is_ident((unsigned char)t[i])) i++;
  if (i == o) return SIZE_MAX;
  while (i < len && (t[i] == ' ' || t[i] == '\t')) i++;
  if (i >= len || (t[i] != '=' && t[i] != ':') || (i + 1 < len && (t[i + 1] == '=' || t[i + 1] == '>'))) return SIZE_MAX;
  i++;
  while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) i++;
  return i;
}

/* Join components into a name; each renamed through the map where it has a name there. */
static char *join_name(const char *t, const size_t *st, const size_t *ln, size_t n, const jmon_smap_t *map,
                       const where_t *w) {
  size_t cap = 1;
  const char *parts[16];
  size_t plen[16];
  if (n > 16) return NULL;
  for (size_t i = 0; i < n; i++) {
    parts[i] = t + st[i];
    plen[i] = ln[i];
    if (w) {
      int32_t line, col;
      position_of(w->text, st[i], w->l0, w->c0, &line, &col);
      const char *orig = map_name_at(map, line, col);
      if (orig) {
        parts[i] = orig;
        plen[i] = strlen(orig);
      }
    }
    cap += plen[i] + 1;
  }
  char *s = malloc(cap), *o = s;
  if (!s) return NULL;
  for (size_t i = 0; i < n; i++) {
    if (i) *o++ = '.';
    memcpy(o, parts[i], plen[i]);
    o += plen[i];
  }
  *o = 0;
  return s;
}

/* The segment covering f's row r. */
static const jmon_smap_segment_t *row_seg(const jmon_smap_t *map, const jmon_qjs_function_t *f, uint32_t r) {
  return lookup_q(map, f->pc2line[r].line, f->pc2line[r].col, false);
}

/* Whether the map has a segment that starts within f: at or after its start (sl, sc) on a row of f
 * (a segment that starts before f and covers it belongs to the code before it: in a one-line
 * minified bundle, code the map leaves out is covered by the last mapped code before it). */
static bool has_own_segment(const jmon_smap_t *map, const jmon_qjs_function_t *f, const where_t *w, bool located,
                            int32_t sl, int32_t sc) {
  if (!located || sc < 0 || sl < 1 || !f->source_len) return true;   /* its text not known: trust the map */
  uint32_t l = (uint32_t)sl - 1, c = (uint32_t)col0(sl, sc);
  if (jmon_smap_at(map, l, c)) return true;
  /* the segment covering its last byte (then every row's) starts within it */
  int32_t el, ec;
  position_of(w->text, w->start + f->source_len - 1, w->l0, w->c0, &el, &ec);
  const jmon_smap_segment_t *e = lookup_q(map, el, ec, false);
  if (e && (e->gen_line > l || (e->gen_line == l && e->gen_col >= c))) return true;
  for (uint32_t r = 0; r < f->npc2line; r++) {
    const jmon_smap_segment_t *rs = row_seg(map, f, r);
    if (rs && (rs->gen_line > l || (rs->gen_line == l && rs->gen_col >= c))) return true;
  }
  return false;
}

/* Whether the map puts f's pc2line rows in more than one source. */
static bool spans_sources(const jmon_smap_t *map, const jmon_qjs_function_t *f) {
  int32_t first = -1;
  for (uint32_t r = 0; r < f->npc2line; r++) {
    const jmon_smap_segment_t *rs = row_seg(map, f, r);
    if (!rs || rs->source < 0) continue;
    if (first < 0) first = rs->source;
    else if (rs->source != first) return true;
  }
  return false;
}

/* Top-level code a bundler wrapped in a function, named `<eval>` as QuickJS names top-level code:
 * a function the map treats as top level (its start unmapped, its rows in several sources:
 * esbuild's IIFE wrapper), or a module's wrapper: its start mapped to line 1, column 1 of its
 * source, anonymous or named by a key that is no identifier (esbuild's `__esm({"src/a.js"() {`,
 * minified `R(()=>{`). */
static bool wraps_top_level(const jmon_qjs_function_t *f, const jmon_smap_t *map, const jmon_smap_segment_t *seg,
                            bool own_code, const char *name) {
  if (!map || f->parent < 0 || !f->has_debug || !own_code) return false;
  bool key = !name[0];
  for (const char *c = name; *c && !key; c++) key = !is_ident((unsigned char)*c);
  if (!seg) return spans_sources(map, f);
  return key && seg->line == 0 && seg->col == 0;
}

static int origin_one(const jmon_qjs_module_t *qm, uint32_t i, const jmon_smap_t *map, const char *bundle, size_t blen,
                      jmon_js_origin_t *all) {
  jmon_js_origin_t *o = &all[i];
  const jmon_qjs_function_t *f = &qm->functions[i];
  const char *name = f->name ? f->name : "";
  const char *file = f->filename ? f->filename : "";
  o->line = f->line;
  o->col = f->col;
  o->source = -1;
  where_t w;
  bool located = f->has_debug && locate(qm, all, f, bundle, blen, &w);
  int32_t sl, sc;
  start_of(qm, f, &w, located, &sl, &sc);
  if (located) {
    o->text_line = sl;
    o->text_col = sc;
  }
  int32_t src = -1;
  const jmon_smap_segment_t *seg = NULL;
  bool own_code = map && f->has_debug && f->parent >= 0 && has_own_segment(map, f, &w, located, sl, sc);
  /* The top level (<eval>) has no position of its own in a bundle: only its rows are mapped; so
   * is a function whose start the map does not cover and whose rows it puts in several sources
   * (esbuild's `(() => {...})()` around a whole IIFE bundle: top-level code by another name). */
  if (own_code) {
    seg = lookup_start(map, sl, sc);
    if (!seg && !spans_sources(map, f))
      for (uint32_t r = 0; r < f->npc2line && !seg; r++)   /* the start itself unmapped: its first mapped row */
        seg = row_seg(map, f, r);
    if (seg) {
      src = o->source = seg->source;
      file = map->sources[src];
      o->gen_line = sl;
      o->gen_col = sc >= 0 ? col0(sl, sc) + 1 : 1;
      o->line = (int32_t)seg->line + 1;
      o->col = (int32_t)seg->col + 1;
    }
  }
  o->row_lines = malloc(((size_t)f->npc2line + 1) * sizeof *o->row_lines);
  o->row_sources = malloc(((size_t)f->npc2line + 1) * sizeof *o->row_sources);
  if (!o->row_lines || !o->row_sources) return -1;
  int32_t prev = o->line, prev_src = src;
  for (uint32_t r = 0; r < f->npc2line; r++) {
    int32_t l = f->pc2line[r].line, rsrc = -1;
    if (map && (own_code || f->parent < 0)) {
      const jmon_smap_segment_t *rs = row_seg(map, f, r);
      if (src >= 0) {   /* a function's rows stay in its file: an unmapped row keeps the line before */
        rsrc = src;
        l = rs && rs->source == src ? (int32_t)rs->line + 1 : prev;
      } else if (rs) {  /* top-level code: each row where the map puts it */
        rsrc = rs->source;
        l = (int32_t)rs->line + 1;
      } else if (prev_src >= 0) {
        rsrc = prev_src;
        l = prev;
      }
    }
    o->row_lines[r] = prev = l;
    o->row_sources[r] = prev_src = rsrc;
  }
  char pkg[256] = "";
  if (src >= 0) jmon_js_package_of(file, pkg, sizeof pkg);
  o->package = strdup(pkg);
  o->file = strdup(file);
  if (!o->package || !o->file) return -1;

  /* Names (js_origin.h). */
  char *result = NULL;
  /* the original text at the exactly mapped start, when the map carries it; else after the binding
   * `NAME =` / `NAME:` that the segment just before the start maps (a minifier's map may have
   * none at `function` in `a.parse=function(`) */
  const jmon_smap_segment_t *x = map && f->has_debug && sc >= 0 ? lookup_q(map, sl, sc, true) : NULL;
  bool after_binding = false;
  if (!x && map && f->has_debug && sc >= 0 && (x = lookup_q(map, sl, sc, false)) != NULL &&
      (x->gen_line != (uint32_t)sl - 1 || (uint32_t)col0(sl, sc) - x->gen_col > NEAR))
    x = NULL;
  else after_binding = x != NULL && x->gen_col != (uint32_t)col0(sl, sc);
  const char *otext = x && x->source >= 0 ? map->contents[x->source] : NULL;
  size_t olen = otext ? map->content_lens[x->source] : 0;
  size_t ooff = otext ? offset_of(otext, olen, 1, 1, (int32_t)x->line + 1, (int32_t)x->col + 1) : SIZE_MAX;
  if (ooff != SIZE_MAX && after_binding && skip_binding(otext, olen, ooff) != SIZE_MAX) ooff = skip_binding(otext, olen, ooff);
  if (ooff == SIZE_MAX) otext = NULL;
  /* A name token of its own (a declaration, a method `m(`, a class `class A{`) settles it: JS
   * marks methods and classes as named by context too, but their text names them. */
  bool own_token = own_name_token(f, NULL);
  const char *orig = own_token ? declared_original(f, map, sl, sc) : NULL;
  size_t ns, nl = 0;
  if (wraps_top_level(f, map, seg, own_code, name)) {
    if (!(result = strdup("<eval>"))) return -1;
    o->inferred = true;
  } else if ((!name[0] || own_token || is_expression_text(f)) && otext &&
             (nl = original_fn_name(otext, olen, ooff, &ns)) != 0) {
    /* the source's own name at the exactly mapped start: a function expression whose name a
     * minifier dropped, a declaration or class a bundler renamed (esbuild: `Schema` → `Schema2`,
     * `class ParseStatus` → `class _ParseStatus`, which its map's names repeat) */
    result = strndup(otext + ns, nl);   /* named in the source: the name is not inferred */
    if (!result) return -1;
  } else if (orig) {
    result = strdup(orig);
    if (!result) return -1;
  } else if (!own_token && (!name[0] || f->name_inferred || is_expression_text(f))) {
    /* anonymous, or named by JS from the context: at run time (name_inferred) or when compiling
     * `var E=r=>{` (a function expression's text: the name is its binding's, minified or not) */
    size_t st[16], ln[16], n = 0;
    if (located && (n = jmon_js_infer_name(w.text, w.start, st, ln, 16))) {
      result = join_name(w.text, st, ln, n, map, &w);
      if (!result) return -1;
    } else if (otext && (n = jmon_js_infer_name(otext, ooff, st, ln, 16))) {
      result = join_name(otext, st, ln, n, NULL, NULL);
      if (!result) return -1;
    }
    if (!result && name[0] && map && sc >= 0 && is_expression_text(f)) {
      /* Named by JS from a binding (`var a=class{`, `a = function`) whose text we do not have: the
       * map's name at `a` right before the start, if a segment with a name starts exactly there. */
      /* QuickJS's position itself can be `a` (an arrow in a minified line), else `a=` / `a = `
       * precede the start */
      static const int32_t gaps[] = {0, 1, 3};
      for (size_t g = 0; g < 3 && !result; g++) {
        int32_t c = gaps[g] ? sc - gaps[g] - (int32_t)strlen(name) : sc;
        const char *orig2 = c >= 0 && col0(sl, c) >= 0 ? map_name_at(map, sl, c) : NULL;
        if (orig2 && !(result = strdup(orig2))) return -1;
      }
    }
    if (result && !name[0]) o->inferred = true;
    /* Still anonymous and returned by its parent: named after the parent in a second pass. */
    if (!result && !name[0])
      o->returned = (located && jmon_js_is_returned(w.text, w.start)) || (otext && jmon_js_is_returned(otext, ooff));
  }
  o->name = result ? result : strdup(name);
  return o->name ? 0 : -1;
}

/* A function returned by its parent: `PARENT/<` once its parent's name is known (js_origin.h). */
static int name_returned(const jmon_qjs_module_t *qm, jmon_js_origin_t *o, uint32_t i, unsigned depth) {
  if (!o[i].returned || depth > 64) return 0;
  o[i].returned = false;
  int32_t p = qm->functions[i].parent;
  if (p < 0 || (uint32_t)p >= qm->nfunctions || qm->functions[p].parent < 0) return 0;   /* the top level: none */
  if (name_returned(qm, o, (uint32_t)p, depth + 1) != 0) return -1;
  const char *pn = o[p].name;
  if (!pn[0]) return 0;
  size_t n = strlen(pn);
  char *name = malloc(n + 3);
  if (!name) return -1;
  memcpy(name, pn, n);
  memcpy(name + n, "/<", 3);
  free(o[i].name);
  o[i].name = name;
  o[i].inferred = true;
  return 0;
}

int jmon_js_origin_compute(const jmon_qjs_module_t *qm, const jmon_smap_t *map, const char *bundle, size_t bundle_len,
                           jmon_js_origin_t **out) {
  uint32_t n = qm->nfunctions;
  jmon_js_origin_t *o = calloc(n ? n : 1, sizeof *o);
  if (!o) return -1;
  for (uint32_t i = 0; i < n; i++) {
    if (origin_one(qm, i, map, bundle, bundle_len, o) != 0) {
      jmon_js_origin_free(o, n);
      return -1;
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    if (name_returned(qm, o, i, 0) != 0) {
      jmon_js_origin_free(o, n);
      return -1;
    }
  }
  *out = o;
  return 0;
}

void jmon_js_origin_free(jmon_js_origin_t *o, uint32_t n) {
  if (!o) return;
  for (uint32_t i = 0; i < n; i++) {
    free(o[i].name);
    free(o[i].file);
    free(o[i].row_lines);
    free(o[i].row_sources);
    free(o[i].package);
  }
  free(o);
}

static int read_file(const char *path, char **out, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  char *buf = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (cap - n < 65536) {
      cap = cap ? cap * 2 : 65536;
      char *p = realloc(buf, cap + 1);
      if (!p) { free(buf); fclose(f); return -1; }
      buf = p;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (!got) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) { free(buf); return -1; }
  buf[n] = 0;
  *out = buf;
  *len = n;
  return 0;
}

int jmon_js_sources_read(const char *map_path, const char *js_path, jmon_js_sources_t *s, char *err, size_t errlen) {
  memset(s, 0, sizeof *s);
  char msg[300];
  size_t off = 0;
  if (js_path && read_file(js_path, &s->bundle, &s->bundle_len) != 0) {
    snprintf(err, errlen, "%s: cannot read", js_path);
    return 1;
  }
  if (map_path) {
    char *text;
    size_t len;
    if (read_file(map_path, &text, &len) != 0) {
      snprintf(err, errlen, "%s: cannot read", map_path);
      jmon_js_sources_free(s);
      return 1;
    }
    jmon_smap_status_t st = jmon_smap_parse(text, len, &s->map, &off, msg, sizeof msg);
    free(text);
    if (st != JMON_SMAP_OK) {
      snprintf(err, errlen, "%s: offset 0x%zx: %s", map_path, off, msg);
      jmon_js_sources_free(s);
      return 1;
    }
    s->has_map = true;
  } else if (s->bundle) {
    jmon_smap_status_t st = jmon_smap_from_js(s->bundle, s->bundle_len, &s->map, &off, msg, sizeof msg);
    if (st == JMON_SMAP_OK) {
      s->has_map = true;
    } else if (st != JMON_SMAP_ERR_NOT_FOUND) {
      snprintf(err, errlen, "%s: %s", js_path, msg);
      jmon_js_sources_free(s);
      return 1;
    }
  }
  return 0;
}

void jmon_js_sources_free(jmon_js_sources_t *s) {
  if (!s) return;
  jmon_smap_free(&s->map);
  free(s->bundle);
  memset(s, 0, sizeof *s);
}
