/* source_map.c: Source Map v3 reader (see source_map.h); JSON via report/json.c. */
#include "source_map.h"

#include "../report/json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *jmon_smap_strerror(jmon_smap_status_t status) {
  switch (status) {
    case JMON_SMAP_OK: return "ok";
    case JMON_SMAP_ERR_NOMEM: return "out of memory";
    case JMON_SMAP_ERR_JSON: return "not JSON";
    case JMON_SMAP_ERR_MALFORMED: return "malformed source map";
    case JMON_SMAP_ERR_UNSUPPORTED: return "unsupported source map";
    case JMON_SMAP_ERR_NOT_FOUND: return "no inline source map";
  }
  return "unknown status";
}

typedef struct {
  jmon_smap_t *m;
  size_t segs_cap;
  size_t *err_offset;
  char *err;
  size_t errlen;
} reader_t;

static jmon_smap_status_t fail(reader_t *r, jmon_smap_status_t st, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static jmon_smap_status_t fail(reader_t *r, jmon_smap_status_t st, size_t offset, const char *fmt, ...) {
  if (r->err_offset) *r->err_offset = offset;
  if (r->err && r->errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->errlen, fmt, ap);
    va_end(ap);
  }
  return st;
}

static int base64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

static char *dup_string(const char *s) {
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d) memcpy(d, s, n + 1);
  return d;
}

static char *concat(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  char *d = malloc(na + nb + 1);
  if (!d) return NULL;
  memcpy(d, a, na);
  memcpy(d + na, b, nb + 1);
  return d;
}

/* Decode one base64 VLQ at s[*pos] (spec: 5 value bits per digit, 0x20 = continuation, the
 * lowest bit of the first digit = sign). Values beyond ±2^31-1 are errors. */
static jmon_smap_status_t vlq(reader_t *r, const char *s, size_t len, size_t *pos, size_t base, int64_t *out) {
  uint64_t v = 0;
  int shift = 0;
  for (;;) {
    if (*pos >= len || s[*pos] == ',' || s[*pos] == ';')
      return fail(r, JMON_SMAP_ERR_MALFORMED, base + *pos, "mappings: segment ends inside a VLQ number");
    int d = base64_value((unsigned char)s[*pos]);
    if (d < 0)
      return fail(r, JMON_SMAP_ERR_MALFORMED, base + *pos, "mappings: invalid base64 character 0x%02x",
                  (unsigned char)s[*pos]);
    (*pos)++;
    if (shift > 30) return fail(r, JMON_SMAP_ERR_MALFORMED, base + *pos - 1, "mappings: VLQ number too large");
    v |= (uint64_t)(d & 31) << shift;
    shift += 5;
    if (!(d & 32)) break;
  }
  int64_t mag = (int64_t)(v >> 1);
  if (mag > INT32_MAX) return fail(r, JMON_SMAP_ERR_MALFORMED, base + *pos - 1, "mappings: VLQ number too large");
  *out = (v & 1) ? -mag : mag;
  return JMON_SMAP_OK;
}

static jmon_smap_status_t push_segment(reader_t *r, const jmon_smap_segment_t *s) {
  jmon_smap_t *m = r->m;
  if (m->nsegments == r->segs_cap) {
    size_t cap = r->segs_cap ? r->segs_cap * 2 : 256;
    jmon_smap_segment_t *p = realloc(m->segments, cap * sizeof *p);
    if (!p) return fail(r, JMON_SMAP_ERR_NOMEM, 0, "out of memory");
    m->segments = p;
    r->segs_cap = cap;
  }
  m->segments[m->nsegments++] = *s;
  return JMON_SMAP_OK;
}

/* Decode `mappings` (text at file offset `base`); sources/names indices are checked against
 * nsources/nnames and shifted by src0/name0; generated positions by the section's offset. */
static jmon_smap_status_t decode_mappings(reader_t *r, const char *s, size_t len, size_t base, uint32_t nsources,
                                          uint32_t nnames, uint32_t src0, uint32_t name0, uint32_t line0,
                                          uint32_t col0) {
  int64_t gen_line = 0, gen_col = 0, src = 0, line = 0, col = 0, name = 0;
  size_t pos = 0;
  while (pos < len) {
    char c = s[pos];
    if (c == ';') { gen_line++; gen_col = 0; pos++; continue; }
    if (c == ',') { pos++; continue; }
    size_t start = pos;
    int64_t f[5];
    int nf = 0;
    while (pos < len && s[pos] != ',' && s[pos] != ';') {
      if (nf == 5) return fail(r, JMON_SMAP_ERR_MALFORMED, base + start, "mappings: segment with more than 5 fields");
      jmon_smap_status_t st = vlq(r, s, len, &pos, base, &f[nf++]);
      if (st) return st;
    }
    if (nf == 2 || nf == 3)
      return fail(r, JMON_SMAP_ERR_MALFORMED, base + start, "mappings: segment with %d fields (1, 4 or 5 expected)", nf);
    gen_col += f[0];
    if (gen_col < 0) return fail(r, JMON_SMAP_ERR_MALFORMED, base + start, "mappings: negative generated column");
    jmon_smap_segment_t seg = {(uint32_t)(gen_line + line0), (uint32_t)(gen_col + (gen_line == 0 ? col0 : 0)), -1, 0, 0, -1};
    if (nf >= 4) {
      src += f[1];
      line += f[2];
      col += f[3];
      if (src < 0 || src >= nsources)
        return fail(r, JMON_SMAP_ERR_MALFORMED, base + start, "mappings: source index %lld out of range (%u sources)",
                    (long long)src, nsources);
      if (line < 0 || col < 0)
        return fail(r, JMON_SMAP_ERR_MALFORMED, base + start, "mappings: negative original line or column");
      seg.source = (int32_t)(src + src0);
      seg.line = (uint32_t)line;
      seg.col = (uint32_t)col;
    }
    if (nf == 5) {
      name += f[4];
      if (name < 0 || name >= nnames)
        return fail(r, JMON_SMAP_ERR_MALFORMED, base + start, "mappings: name index %lld out of range (%u names)",
                    (long long)name, nnames);
      seg.name = (int32_t)(name + name0);
    }
    if (gen_line + line0 > UINT32_MAX / 2 || gen_col + col0 > UINT32_MAX / 2)
      return fail(r, JMON_SMAP_ERR_MALFORMED, base + start, "mappings: generated position too large");
    jmon_smap_status_t st = push_segment(r, &seg);
    if (st) return st;
  }
  return JMON_SMAP_OK;
}

/* Append a JSON array of strings (or nulls, which become "") to *arr (count *n), each prefixed. */
static jmon_smap_status_t append_strings(reader_t *r, const jmon_json_t *a, const char *what, const char *prefix,
                                         char ***arr, uint32_t *n) {
  if (!a) return JMON_SMAP_OK;
  if (a->type != JMON_JSON_ARRAY) return fail(r, JMON_SMAP_ERR_MALFORMED, a->offset, "%s: not an array", what);
  if (a->count > (size_t)INT32_MAX - *n) return fail(r, JMON_SMAP_ERR_MALFORMED, a->offset, "%s: too many", what);
  char **p = realloc(*arr, ((size_t)*n + a->count + 1) * sizeof *p);
  if (!p) return fail(r, JMON_SMAP_ERR_NOMEM, 0, "out of memory");
  *arr = p;
  for (size_t i = 0; i < a->count; i++) {
    const jmon_json_t *v = &a->items[i];
    if (v->type != JMON_JSON_STRING && v->type != JMON_JSON_NULL)
      return fail(r, JMON_SMAP_ERR_MALFORMED, v->offset, "%s[%zu]: not a string", what, i);
    p[*n] = concat(v->type == JMON_JSON_STRING ? prefix : "", v->type == JMON_JSON_STRING ? v->string : "");
    if (!p[*n]) return fail(r, JMON_SMAP_ERR_NOMEM, 0, "out of memory");
    (*n)++;
  }
  return JMON_SMAP_OK;
}

/* One plain map object, its generated positions shifted by (line0, col0). */
static jmon_smap_status_t read_plain(reader_t *r, const jmon_json_t *o, uint32_t line0, uint32_t col0) {
  jmon_smap_t *m = r->m;
  const jmon_json_t *mappings = jmon_json_get(o, "mappings");
  if (!mappings) return fail(r, JMON_SMAP_ERR_MALFORMED, o->offset, "no \"mappings\"");
  if (mappings->type != JMON_JSON_STRING)
    return fail(r, JMON_SMAP_ERR_MALFORMED, mappings->offset, "\"mappings\" is not a string");
  const jmon_json_t *root = jmon_json_get(o, "sourceRoot");
  const char *prefix = "";
  char *rootbuf = NULL;
  if (root && root->type == JMON_JSON_STRING && root->string[0]) {
    size_t n = strlen(root->string);
    if (root->string[n - 1] != '/') {
      rootbuf = concat(root->string, "/");
      if (!rootbuf) return fail(r, JMON_SMAP_ERR_NOMEM, 0, "out of memory");
      prefix = rootbuf;
    } else {
      prefix = root->string;
    }
  } else if (root && root->type != JMON_JSON_STRING && root->type != JMON_JSON_NULL) {
    return fail(r, JMON_SMAP_ERR_MALFORMED, root->offset, "\"sourceRoot\" is not a string");
  }
  uint32_t src0 = m->nsources, name0 = m->nnames;
  const jmon_json_t *sources = jmon_json_get(o, "sources");
  if (!sources) {
    free(rootbuf);
    return fail(r, JMON_SMAP_ERR_MALFORMED, o->offset, "no \"sources\"");
  }
  jmon_smap_status_t st = append_strings(r, sources, "sources", prefix, &m->sources, &m->nsources);
  free(rootbuf);
  if (st) return st;
  /* contents parallel to sources: grow both to nsources. */
  char **c = realloc(m->contents, ((size_t)m->nsources + 1) * sizeof *c);
  size_t *cl = c ? realloc(m->content_lens, ((size_t)m->nsources + 1) * sizeof *cl) : NULL;
  if (c) m->contents = c;
  if (cl) m->content_lens = cl;
  if (!c || !cl) return fail(r, JMON_SMAP_ERR_NOMEM, 0, "out of memory");
  for (uint32_t i = src0; i < m->nsources; i++) { c[i] = NULL; cl[i] = 0; }
  const jmon_json_t *sc = jmon_json_get(o, "sourcesContent");
  if (sc && sc->type != JMON_JSON_NULL) {
    if (sc->type != JMON_JSON_ARRAY) return fail(r, JMON_SMAP_ERR_MALFORMED, sc->offset, "\"sourcesContent\" is not an array");
    for (size_t i = 0; i < sc->count && src0 + i < m->nsources; i++) {
      const jmon_json_t *v = &sc->items[i];
      if (v->type == JMON_JSON_NULL) continue;
      if (v->type != JMON_JSON_STRING)
        return fail(r, JMON_SMAP_ERR_MALFORMED, v->offset, "sourcesContent[%zu]: not a string", i);
      c[src0 + i] = dup_string(v->string);
      if (!c[src0 + i]) return fail(r, JMON_SMAP_ERR_NOMEM, 0, "out of memory");
      cl[src0 + i] = strlen(v->string);
    }
  }
  st = append_strings(r, jmon_json_get(o, "names"), "names", "", &m->names, &m->nnames);
  if (st) return st;
  /* The mappings string has no escapes in a valid map (base64, ',' and ';' only), so character
   * k of it is at file offset offset+1+k; an escaped one fails on its first odd character anyway. */
  return decode_mappings(r, mappings->string, strlen(mappings->string), mappings->offset + 1, m->nsources - src0,
                         m->nnames - name0, src0, name0, line0, col0);
}

static int cmp_segment(const void *a, const void *b) {
  const jmon_smap_segment_t *x = a, *y = b;
  if (x->gen_line != y->gen_line) return x->gen_line < y->gen_line ? -1 : 1;
  if (x->gen_col != y->gen_col) return x->gen_col < y->gen_col ? -1 : 1;
  return 0;
}

static jmon_smap_status_t check_version(reader_t *r, const jmon_json_t *o) {
  const jmon_json_t *v = jmon_json_get(o, "version");
  if (!v) return fail(r, JMON_SMAP_ERR_MALFORMED, o->offset, "no \"version\"");
  if (v->type != JMON_JSON_NUMBER || !v->is_uint || v->uint != 3)
    return fail(r, JMON_SMAP_ERR_UNSUPPORTED, v->offset, "version is not 3");
  return JMON_SMAP_OK;
}

static jmon_smap_status_t read_map(reader_t *r, const jmon_json_t *doc) {
  if (doc->type != JMON_JSON_OBJECT) return fail(r, JMON_SMAP_ERR_MALFORMED, doc->offset, "not a JSON object");
  jmon_smap_status_t st = check_version(r, doc);
  if (st) return st;
  const jmon_json_t *sections = jmon_json_get(doc, "sections");
  if (!sections) return read_plain(r, doc, 0, 0);
  if (sections->type != JMON_JSON_ARRAY)
    return fail(r, JMON_SMAP_ERR_MALFORMED, sections->offset, "\"sections\" is not an array");
  for (size_t i = 0; i < sections->count; i++) {
    const jmon_json_t *s = &sections->items[i];
    const jmon_json_t *off = jmon_json_get(s, "offset");
    const jmon_json_t *line = jmon_json_get(off, "line"), *col = jmon_json_get(off, "column");
    if (!line || !col || line->type != JMON_JSON_NUMBER || !line->is_uint || line->uint > INT32_MAX ||
        col->type != JMON_JSON_NUMBER || !col->is_uint || col->uint > INT32_MAX)
      return fail(r, JMON_SMAP_ERR_MALFORMED, s->offset, "sections[%zu]: no valid \"offset\" {line, column}", i);
    const jmon_json_t *sub = jmon_json_get(s, "map");
    if (!sub) {
      if (jmon_json_get(s, "url"))
        return fail(r, JMON_SMAP_ERR_UNSUPPORTED, s->offset, "sections[%zu]: \"url\" sections are not supported", i);
      return fail(r, JMON_SMAP_ERR_MALFORMED, s->offset, "sections[%zu]: no \"map\"", i);
    }
    if (sub->type != JMON_JSON_OBJECT) return fail(r, JMON_SMAP_ERR_MALFORMED, sub->offset, "sections[%zu]: map is not an object", i);
    if ((st = check_version(r, sub))) return st;
    if (jmon_json_get(sub, "sections"))
      return fail(r, JMON_SMAP_ERR_MALFORMED, sub->offset, "sections[%zu]: nested index map", i);
    if ((st = read_plain(r, sub, (uint32_t)line->uint, (uint32_t)col->uint))) return st;
  }
  return JMON_SMAP_OK;
}

jmon_smap_status_t jmon_smap_parse(const char *text, size_t len, jmon_smap_t *out, size_t *err_offset, char *err,
                                   size_t errlen) {
  memset(out, 0, sizeof *out);
  reader_t r = {out, 0, err_offset, err, errlen};
  char jerr[256];
  size_t joff = 0;
  jmon_json_t *doc = jmon_json_parse_at(text, len, &joff, jerr, sizeof jerr);
  if (!doc) {
    const char *what = strstr(jerr, ": ");
    return fail(&r, strcmp(jerr, "out of memory") == 0 ? JMON_SMAP_ERR_NOMEM : JMON_SMAP_ERR_JSON, joff,
                "JSON: %s", what ? what + 2 : jerr);
  }
  jmon_smap_status_t st = read_map(&r, doc);
  jmon_json_free(doc);
  if (st) {
    jmon_smap_free(out);
    return st;
  }
  if (out->nsegments > 1) {
    /* Maps list segments in order almost always; sort only when one does not (index maps with
     * overlapping sections). Equal positions may then come out in any order. */
    bool sorted = true;
    for (size_t i = 1; i < out->nsegments && sorted; i++)
      sorted = cmp_segment(&out->segments[i - 1], &out->segments[i]) <= 0;
    if (!sorted) qsort(out->segments, out->nsegments, sizeof *out->segments, cmp_segment);
  }
  return JMON_SMAP_OK;
}

void jmon_smap_free(jmon_smap_t *m) {
  if (!m) return;
  for (uint32_t i = 0; i < m->nsources; i++) {
    free(m->sources[i]);
    if (m->contents) free(m->contents[i]);
  }
  for (uint32_t i = 0; i < m->nnames; i++) free(m->names[i]);
  free(m->sources);
  free(m->contents);
  free(m->content_lens);
  free(m->names);
  free(m->segments);
  memset(m, 0, sizeof *m);
}

/* Index of the first segment at or after (line, col). */
static size_t lower_bound(const jmon_smap_t *m, uint32_t line, uint32_t col) {
  size_t lo = 0, hi = m->nsegments;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const jmon_smap_segment_t *s = &m->segments[mid];
    if (s->gen_line < line || (s->gen_line == line && s->gen_col < col)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const jmon_smap_segment_t *jmon_smap_lookup(const jmon_smap_t *m, uint32_t gen_line, uint32_t gen_col) {
  size_t i = lower_bound(m, gen_line, gen_col);
  if (i < m->nsegments && m->segments[i].gen_line == gen_line && m->segments[i].gen_col == gen_col) {
    /* exact: the last of equal segments, as a reader going left to right would end on */
    while (i + 1 < m->nsegments && cmp_segment(&m->segments[i + 1], &m->segments[i]) == 0) i++;
  } else {
    if (i == 0) return NULL;
    i--;
    if (m->segments[i].gen_line != gen_line) return NULL;
  }
  return m->segments[i].source >= 0 ? &m->segments[i] : NULL;
}

const jmon_smap_segment_t *jmon_smap_at(const jmon_smap_t *m, uint32_t gen_line, uint32_t gen_col) {
  size_t i = lower_bound(m, gen_line, gen_col);
  if (i < m->nsegments && m->segments[i].gen_line == gen_line && m->segments[i].gen_col == gen_col) return &m->segments[i];
  return NULL;
}

/* Decode standard base64 (padding optional); @return bytes written, or -1 on a bad character. */
static long base64_decode(const char *s, size_t n, char *out) {
  long o = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '=') break;
    int v = base64_value((unsigned char)s[i]);
    if (v < 0) return -1;
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (char)((acc >> bits) & 0xff);
    }
  }
  return o;
}

jmon_smap_status_t jmon_smap_from_js(const char *js, size_t len, jmon_smap_t *out, size_t *err_offset, char *err,
                                     size_t errlen) {
  memset(out, 0, sizeof *out);
  reader_t r = {out, 0, err_offset, err, errlen};
  static const char key[] = "sourceMappingURL=";
  const size_t klen = sizeof key - 1;
  size_t found = SIZE_MAX;
  for (size_t i = 4; i + klen <= len; i++)   /* the last `//# sourceMappingURL=` (or legacy `//@`) */
    if (memcmp(js + i, key, klen) == 0 && js[i - 4] == '/' && js[i - 3] == '/' && (js[i - 2] == '#' || js[i - 2] == '@') &&
        (js[i - 1] == ' ' || js[i - 1] == '\t'))
      found = i + klen;
  if (found == SIZE_MAX) return fail(&r, JMON_SMAP_ERR_NOT_FOUND, 0, "no //# sourceMappingURL= comment");
  size_t end = found;
  while (end < len && js[end] != '\n' && js[end] != '\r' && js[end] != ' ' && js[end] != '\t' && js[end] != '*') end++;
  const char *url = js + found;
  size_t ulen = end - found;
  static const char data[] = "data:application/json";
  if (ulen < sizeof data - 1 || memcmp(url, data, sizeof data - 1) != 0)
    return fail(&r, JMON_SMAP_ERR_NOT_FOUND, found, "sourceMappingURL is not an inline data: URL (give --source-map FILE)");
  const char *comma = memchr(url, ',', ulen);
  if (!comma || comma - url < 7 || memcmp(comma - 7, ";base64", 7) != 0)
    return fail(&r, JMON_SMAP_ERR_UNSUPPORTED, found, "inline source map is not base64-encoded");
  size_t b64len = ulen - (size_t)(comma + 1 - url);
  char *dec = malloc(b64len / 4 * 3 + 4);
  if (!dec) return fail(&r, JMON_SMAP_ERR_NOMEM, 0, "out of memory");
  long n = base64_decode(comma + 1, b64len, dec);
  if (n < 0) {
    free(dec);
    return fail(&r, JMON_SMAP_ERR_MALFORMED, found, "inline source map: invalid base64");
  }
  char perr[256];
  size_t poff = 0;
  jmon_smap_status_t st = jmon_smap_parse(dec, (size_t)n, out, &poff, perr, sizeof perr);
  free(dec);
  if (st) return fail(&r, st, poff, "inline source map: offset 0x%zx of the decoded map: %s", poff, perr);
  return JMON_SMAP_OK;
}
