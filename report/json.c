/* json.c: recursive-descent JSON parser with depth and bounds checks (garbage never crashes). */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 512

typedef struct {
  const char *s;
  size_t len, pos;
  char *err;
  size_t errsz;
  bool failed;
  size_t fail_pos;
} parser_t;

static void fail(parser_t *p, const char *what) {
  if (!p->failed) {
    snprintf(p->err, p->errsz, "offset %zu: %s", p->pos, what);
    p->fail_pos = p->pos;
  }
  p->failed = true;
}

static void skip_ws(parser_t *p) {
  while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
                             p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
    p->pos++;
}

static void free_value(jmon_json_t *v) {
  if (v->type == JMON_JSON_STRING) free(v->string);
  if (v->type == JMON_JSON_ARRAY || v->type == JMON_JSON_OBJECT) {
    for (size_t i = 0; i < v->count; i++) {
      free_value(&v->items[i]);
      if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
  }
}

static int hex4(parser_t *p, unsigned *out) {
  if (p->len - p->pos < 4) return -1;
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p->s[p->pos++];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return -1;
  }
  *out = v;
  return 0;
}

static size_t put_utf8(char *o, unsigned cp) {
  if (cp == 0) cp = 0xFFFD; /* keep strings NUL-terminated C strings */
  if (cp < 0x80) { o[0] = (char)cp; return 1; }
  if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 63)); return 2; }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 63));
    o[2] = (char)(0x80 | (cp & 63));
    return 3;
  }
  o[0] = (char)(0xF0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 63));
  o[2] = (char)(0x80 | ((cp >> 6) & 63)); o[3] = (char)(0x80 | (cp & 63));
  return 4;
}

/* p->pos is at the opening quote. @return malloc'd string or NULL (failed). */
static char *parse_string(parser_t *p) {
  p->pos++;
  size_t start = p->pos;
  /* The decoded string is never longer than the escaped text (a \uXXXX of 6 bytes gives at
   * most 4, a surrogate pair of 12 gives 4). */
  /* (a backslash as the last byte must not step past the end: errors report p->pos) */
  while (p->pos < p->len && p->s[p->pos] != '"') p->pos += p->s[p->pos] == '\\' && p->pos + 1 < p->len ? 2 : 1;
  if (p->pos >= p->len) {
    fail(p, "unterminated string");
    return NULL;
  }
  size_t end = p->pos;
  char *out = malloc(end - start + 1), *o = out;
  if (!out) {
    fail(p, "out of memory");
    return NULL;
  }
  p->pos = start;
  while (p->pos < end) {
    unsigned char c = (unsigned char)p->s[p->pos++];
    if (c < 0x20) {
      fail(p, "control character in string");
      goto bad;
    }
    if (c != '\\') {
      *o++ = (char)c;
      continue;
    }
    char e = p->s[p->pos++];
    switch (e) {
      case '"': *o++ = '"'; break;
      case '\\': *o++ = '\\'; break;
      case '/': *o++ = '/'; break;
      case 'b': *o++ = '\b'; break;
      case 'f': *o++ = '\f'; break;
      case 'n': *o++ = '\n'; break;
      case 'r': *o++ = '\r'; break;
      case 't': *o++ = '\t'; break;
      case 'u': {
        unsigned cp, lo;
        if (p->pos + 4 > end || hex4(p, &cp) != 0) {
          fail(p, "bad \\u escape");
          goto bad;
        }
        if (cp >= 0xD800 && cp < 0xDC00 && p->pos + 6 <= end && p->s[p->pos] == '\\' &&
            p->s[p->pos + 1] == 'u') {
          size_t save = p->pos;
          p->pos += 2;
          if (hex4(p, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000)
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          else
            p->pos = save;
        }
        if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD; /* lone surrogate */
        o += put_utf8(o, cp);
        break;
      }
      default:
        fail(p, "bad escape in string");
        goto bad;
    }
  }
  *o = 0;
  p->pos = end + 1;
  return out;
bad:
  free(out);
  return NULL;
}

static void parse_value(parser_t *p, jmon_json_t *v, int depth);

static void parse_number(parser_t *p, jmon_json_t *v) {
  size_t start = p->pos;
  if (p->pos < p->len && p->s[p->pos] == '-') p->pos++;
  size_t int_start = p->pos;
  while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
  if (p->pos == int_start) {
    fail(p, "bad number");
    return;
  }
  bool integral = true;
  if (p->pos < p->len && p->s[p->pos] == '.') {
    integral = false;
    p->pos++;
    size_t f = p->pos;
    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
    if (p->pos == f) {
      fail(p, "bad number");
      return;
    }
  }
  if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
    integral = false;
    p->pos++;
    if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-')) p->pos++;
    size_t f = p->pos;
    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
    if (p->pos == f) {
      fail(p, "bad number");
      return;
    }
  }
  v->type = JMON_JSON_NUMBER;
  /* Fast path for the common case (profiles are mostly small non-negative integers): exact. */
  if (integral && p->s[start] != '-' && p->pos - int_start <= 15) {
    uint64_t u = 0;
    for (size_t i = int_start; i < p->pos; i++) u = u * 10 + (unsigned)(p->s[i] - '0');
    v->number = (double)u;
    v->is_uint = true;
    v->uint = u;
    return;
  }
  char buf[64];
  size_t n = p->pos - start;
  if (n >= sizeof buf) n = sizeof buf - 1; /* only the double loses digits; uint is exact below */
  memcpy(buf, p->s + start, n);
  buf[n] = 0;
  v->number = strtod(buf, NULL);
  if (integral && p->s[start] != '-') {
    uint64_t u = 0;
    bool ok = true;
    for (size_t i = int_start; i < p->pos; i++) {
      unsigned d = (unsigned)(p->s[i] - '0');
      if (u > (UINT64_MAX - d) / 10) {
        ok = false;
        break;
      }
      u = u * 10 + d;
    }
    v->is_uint = ok;
    v->uint = ok ? u : 0;
  }
}

static void parse_container(parser_t *p, jmon_json_t *v, int depth, bool object) {
  char close = object ? '}' : ']';
  v->type = object ? JMON_JSON_OBJECT : JMON_JSON_ARRAY;
  p->pos++;
  size_t cap = 0;
  skip_ws(p);
  if (p->pos < p->len && p->s[p->pos] == close) {
    p->pos++;
    return;
  }
  for (;;) {
    if (v->count == cap) {
      size_t ncap = cap ? cap * 2 : 8;
      jmon_json_t *items = realloc(v->items, ncap * sizeof *items);
      if (items) v->items = items;
      char **keys = object ? realloc(v->keys, ncap * sizeof *keys) : NULL;
      if (object && keys) v->keys = keys;
      if (!items || (object && !keys)) {
        fail(p, "out of memory");
        return;
      }
      cap = ncap;
    }
    skip_ws(p);
    char *key = NULL;
    if (object) {
      if (p->pos >= p->len || p->s[p->pos] != '"') {
        fail(p, "expected a string key");
        return;
      }
      key = parse_string(p);
      if (!key) return;
      skip_ws(p);
      if (p->pos >= p->len || p->s[p->pos] != ':') {
        free(key);
        fail(p, "expected ':'");
        return;
      }
      p->pos++;
    }
    jmon_json_t *item = &v->items[v->count];
    memset(item, 0, sizeof *item);
    if (object) v->keys[v->count] = key;
    v->count++; /* counted before parsing, so a failure frees what was built */
    parse_value(p, item, depth + 1);
    if (p->failed) return;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->len && p->s[p->pos] == close) {
      p->pos++;
      return;
    }
    fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
    return;
  }
}

static bool literal(parser_t *p, const char *word) {
  size_t n = strlen(word);
  if (p->len - p->pos >= n && memcmp(p->s + p->pos, word, n) == 0) {
    p->pos += n;
    return true;
  }
  return false;
}

static void parse_value(parser_t *p, jmon_json_t *v, int depth) {
  if (depth > MAX_DEPTH) {
    fail(p, "nesting too deep");
    return;
  }
  skip_ws(p);
  v->offset = p->pos;
  if (p->pos >= p->len) {
    fail(p, "unexpected end of input");
    return;
  }
  char c = p->s[p->pos];
  if (c == '{' || c == '[') {
    parse_container(p, v, depth, c == '{');
  } else if (c == '"') {
    v->string = parse_string(p);
    if (v->string) v->type = JMON_JSON_STRING;
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    parse_number(p, v);
  } else if (literal(p, "true")) {
    v->type = JMON_JSON_BOOL;
    v->boolean = true;
  } else if (literal(p, "false")) {
    v->type = JMON_JSON_BOOL;
  } else if (literal(p, "null")) {
    v->type = JMON_JSON_NULL;
  } else {
    fail(p, "unexpected character");
  }
}

jmon_json_t *jmon_json_parse(const char *text, size_t len, char *err, size_t errsz) {
  return jmon_json_parse_at(text, len, NULL, err, errsz);
}

jmon_json_t *jmon_json_parse_at(const char *text, size_t len, size_t *err_offset, char *err, size_t errsz) {
  parser_t p = {text, len, 0, err, errsz, false, 0};
  jmon_json_t *doc = calloc(1, sizeof *doc);
  if (!doc) {
    snprintf(err, errsz, "out of memory");
    return NULL;
  }
  parse_value(&p, doc, 0);
  if (!p.failed) {
    skip_ws(&p);
    if (p.pos != p.len) fail(&p, "trailing characters after the JSON value");
  }
  if (p.failed) {
    if (err_offset) *err_offset = p.fail_pos;
    jmon_json_free(doc);
    return NULL;
  }
  return doc;
}

void jmon_json_free(jmon_json_t *doc) {
  if (!doc) return;
  free_value(doc);
  free(doc);
}

const jmon_json_t *jmon_json_get(const jmon_json_t *obj, const char *key) {
  if (!obj || obj->type != JMON_JSON_OBJECT) return NULL;
  for (size_t i = 0; i < obj->count; i++)
    if (strcmp(obj->keys[i], key) == 0) return &obj->items[i];
  return NULL;
}

void jmon_json_write_string(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
    else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
    else fputc(*p, f);
  }
  fputc('"', f);
}
