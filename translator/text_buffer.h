/* text_buffer.h: a growable text buffer for the C the translator writes (glue, tables, units). */
#ifndef JMON_TEXT_BUFFER_H
#define JMON_TEXT_BUFFER_H

#include <stdbool.h>
#include <stddef.h>

/** Zero-initialise. `p` is NUL-terminated once anything was written; `failed` latches an
 *  allocation failure (later writes are ignored), so callers check once at the end. The caller
 *  owns `p` (free it). */
typedef struct {
  char *p;
  size_t n, cap;
  bool failed;
} jmon_text_t;

/** Append `n` bytes. */
void jmon_text_put(jmon_text_t *t, const char *s, size_t n);
/** Append printf-formatted text. */
void jmon_text_printf(jmon_text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Append `n` bytes of `s` as a C string literal (quotes, escapes); NULL gives `NULL`. */
void jmon_text_c_string(jmon_text_t *t, const char *s, size_t n);

#endif
