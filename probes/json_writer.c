/* json_writer.c: the buffered JSON emitter of json_writer.h. */
#include "json_writer.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void jmon_json_init(jmon_json_t *w, int fd) {
  w->fd = fd;
  w->err = 0;
  w->depth = 0;
  w->wrap = w->nonempty = w->array = 0;
  w->len = 0;
}

static void flush(jmon_json_t *w) {
  for (size_t off = 0; off < w->len && !w->err;) {
    ssize_t n = write(w->fd, w->buf + off, w->len - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) w->err = n < 0 ? errno : EIO;
    else off += (size_t)n;
  }
  w->len = 0;
}

/* Room for `n` more bytes (n <= sizeof buf): flush when there is not. */
static inline char *room(jmon_json_t *w, size_t n) {
  if (w->len + n > sizeof w->buf) flush(w);
  return w->buf + w->len;
}

static void put(jmon_json_t *w, const char *s, size_t n) {
  if (w->len + n <= sizeof w->buf) {   /* the usual case: one copy */
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    return;
  }
  while (n) {
    if (w->len == sizeof w->buf) flush(w);
    size_t k = sizeof w->buf - w->len;
    if (k > n) k = n;
    memcpy(w->buf + w->len, s, k);
    w->len += k;
    s += k;
    n -= k;
  }
}

static void put_c(jmon_json_t *w, char c) {
  if (w->len == sizeof w->buf) flush(w);
  w->buf[w->len++] = c;
}

/* Newline and two spaces per open container. */
static void newline(jmon_json_t *w) {
  static const char spaces[2 * JMON_JSON_MAX_DEPTH + 1] = "\n                                                                ";
  put(w, spaces, 1 + 2 * (size_t)w->depth);
}

static void put_string(jmon_json_t *w, const char *s) {
  put_c(w, '"');
  const unsigned char *p = (const unsigned char *)s, *run = p;
  for (;; p++) {
    unsigned char c = *p;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    put(w, (const char *)run, (size_t)(p - run));
    if (!c) break;
    char esc[7] = {'\\', (char)c, 0};
    size_t n = 2;
    switch (c) {
      case '\n': esc[1] = 'n'; break;
      case '\t': esc[1] = 't'; break;
      case '\r': esc[1] = 'r'; break;
      case '"': case '\\': break;
      default:
        memcpy(esc + 1, "u00", 3);
        esc[4] = "0123456789abcdef"[c >> 4];
        esc[5] = "0123456789abcdef"[c & 15];
        n = 6;
    }
    put(w, esc, n);
    run = p + 1;
  }
  put_c(w, '"');
}

/* Before any value: the comma and layout its container wants, then `"key": ` (keys are ours:
 * plain ASCII, never escaped). */
static void element(jmon_json_t *w, const char *key) {
  if (w->depth) {
    uint32_t bit = 1u << (w->depth - 1);
    if (w->nonempty & bit) put_c(w, ',');
    if (w->wrap & bit) newline(w);
    else if ((w->nonempty & bit) && !(w->array & bit)) put_c(w, ' ');
    w->nonempty |= bit;
  }
  if (key) {
    size_t n = strlen(key);
    if (n + 4 > sizeof w->buf) n = sizeof w->buf - 4;
    char *p = room(w, n + 4);
    p[0] = '"';
    memcpy(p + 1, key, n);
    memcpy(p + 1 + n, "\": ", 3);
    w->len += n + 4;
  }
}

static void open_container(jmon_json_t *w, const char *key, bool wrap, bool array) {
  if (w->err) return;
  if (w->depth == JMON_JSON_MAX_DEPTH) {
    w->err = EINVAL;
    return;
  }
  element(w, key);
  put_c(w, array ? '[' : '{');
  uint32_t bit = 1u << w->depth++;
  w->nonempty &= ~bit;
  w->wrap = wrap ? w->wrap | bit : w->wrap & ~bit;
  w->array = array ? w->array | bit : w->array & ~bit;
}

void jmon_json_object(jmon_json_t *w, const char *key, bool wrap) { open_container(w, key, wrap, false); }
void jmon_json_array(jmon_json_t *w, const char *key, bool wrap) { open_container(w, key, wrap, true); }

void jmon_json_end(jmon_json_t *w) {
  if (w->err || !w->depth) return;
  uint32_t bit = 1u << --w->depth;
  if ((w->wrap & bit) && (w->nonempty & bit)) newline(w);
  put_c(w, (w->array & bit) ? ']' : '}');
}

/* The decimal digits of v at `p` (room for 20): @return their count. Two digits a step. */
static inline size_t put_digits(char *p, uint64_t v) {
  static const char pairs[201] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  size_t n = 1;
  for (uint64_t x = v; x >= 10; x /= 10) n++;
  char *q = p + n;
  while (v >= 100) {
    q -= 2;
    memcpy(q, pairs + 2 * (v % 100), 2);
    v /= 100;
  }
  if (v >= 10) memcpy(q - 2, pairs + 2 * v, 2);
  else q[-1] = (char)('0' + v);
  return n;
}

void jmon_json_u64(jmon_json_t *w, const char *key, uint64_t v) {
  if (w->err) return;
  element(w, key);
  w->len += put_digits(room(w, 20), v);
}

void jmon_json_i64(jmon_json_t *w, const char *key, int64_t v) {
  if (w->err) return;
  element(w, key);
  char *p = room(w, 21);
  size_t neg = v < 0;
  if (neg) *p = '-';
  w->len += neg + put_digits(p + neg, neg ? 0 - (uint64_t)v : (uint64_t)v);
}

void jmon_json_u32_array(jmon_json_t *w, const char *key, const uint32_t *v, size_t n) {
  if (w->err) return;
  element(w, key);
  put_c(w, '[');
  for (size_t i = 0; i < n; i++) {
    char *p = room(w, 11);
    size_t c = i > 0;
    if (c) *p = ',';
    w->len += c + put_digits(p + c, v[i]);
  }
  put_c(w, ']');
}

void jmon_json_bool(jmon_json_t *w, const char *key, bool v) {
  if (w->err) return;
  element(w, key);
  put(w, v ? "true" : "false", v ? 4 : 5);
}

void jmon_json_null(jmon_json_t *w, const char *key) {
  if (w->err) return;
  element(w, key);
  put(w, "null", 4);
}

void jmon_json_str(jmon_json_t *w, const char *key, const char *s) {
  if (w->err) return;
  element(w, key);
  put_string(w, s);
}

void jmon_json_str_or_null(jmon_json_t *w, const char *key, const char *s) {
  if (s) jmon_json_str(w, key, s);
  else jmon_json_null(w, key);
}

int jmon_json_close(jmon_json_t *w) {
  if (!w->err) put_c(w, '\n');
  if (!w->err) flush(w);
  if (!w->err && w->depth) w->err = EINVAL;   /* a container left open: not JSON */
  if (w->err) {
    errno = w->err;
    return -1;
  }
  return 0;
}
