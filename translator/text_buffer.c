/* text_buffer.c: growable text for generated C (see text_buffer.h). */
#include "text_buffer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(jmon_text_t *t, size_t more) {
  if (t->failed) return false;
  if (t->n + more + 1 <= t->cap) return true;
  size_t cap = t->cap ? t->cap : 4096;
  while (cap < t->n + more + 1) cap *= 2;
  char *q = realloc(t->p, cap);
  if (!q) {
    t->failed = true;
    return false;
  }
  t->p = q;
  t->cap = cap;
  return true;
}

void jmon_text_put(jmon_text_t *t, const char *s, size_t n) {
  if (!reserve(t, n)) return;
  memcpy(t->p + t->n, s, n);
  t->n += n;
  t->p[t->n] = 0;
}

void jmon_text_printf(jmon_text_t *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int need = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (need < 0) {
    t->failed = true;
    return;
  }
  if (!reserve(t, (size_t)need)) return;
  va_start(ap, fmt);
  vsnprintf(t->p + t->n, (size_t)need + 1, fmt, ap);
  va_end(ap);
  t->n += (size_t)need;
}

void jmon_text_c_string(jmon_text_t *t, const char *s, size_t n) {
  if (!s) {
    jmon_text_put(t, "NULL", 4);
    return;
  }
  jmon_text_put(t, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') jmon_text_printf(t, "\\%c", c);
    else if (c < 32 || c >= 127) jmon_text_printf(t, "\\%03o", c);
    else jmon_text_put(t, (const char *)&c, 1);
  }
  jmon_text_put(t, "\"", 1);
}
