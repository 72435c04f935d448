/* json_writer.h: a small buffered JSON emitter (the profile's): commas, layout and escaping
 * handled, numbers without printf, one write(2) per 64 KiB. */
#ifndef JMON_JSON_WRITER_H
#define JMON_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Deepest nesting of containers; a deeper one latches EINVAL (a caller bug). */
#define JMON_JSON_MAX_DEPTH 32

/**
 * A writer on a file descriptor. Every call takes `key`: the member name inside an object (plain
 * ASCII: keys are written as they are), NULL for an item of an array (or the top value). Commas come by themselves; a container opened with
 * `wrap` puts each element on its own line, indented two spaces per level, others keep theirs on
 * one line (`{"a": 1, "b": [1,2]}`: arrays of numbers are most of a profile). Errors latch: after the first failed write every call is a
 * no-op and jmon_json_close() reports it. Adding a member is one call:
 *     jmon_json_u64(w, "calls", fn->calls);
 */
typedef struct {
  int fd;
  int err;                  /**< errno of the first failure, or 0 */
  unsigned depth;           /**< open containers */
  uint32_t wrap, nonempty, array; /**< bit d: container at depth d wraps / has an element / is an array */
  size_t len;
  char buf[1u << 16];
} jmon_json_t;

/** Start writing to `fd` (not owned). */
void jmon_json_init(jmon_json_t *w, int fd);

void jmon_json_object(jmon_json_t *w, const char *key, bool wrap);
void jmon_json_array(jmon_json_t *w, const char *key, bool wrap);
/** Close the innermost container. */
void jmon_json_end(jmon_json_t *w);

void jmon_json_u64(jmon_json_t *w, const char *key, uint64_t v);
void jmon_json_i64(jmon_json_t *w, const char *key, int64_t v);
void jmon_json_bool(jmon_json_t *w, const char *key, bool v);
void jmon_json_null(jmon_json_t *w, const char *key);
/** An array of numbers on one line, `[v0,v1,...]`: the profile's stack frames. */
void jmon_json_u32_array(jmon_json_t *w, const char *key, const uint32_t *v, size_t n);
/** A string: `s` is UTF-8 (bytes >= 0x80 pass through), control characters are escaped. */
void jmon_json_str(jmon_json_t *w, const char *key, const char *s);
/** jmon_json_str, or null when `s` is NULL. */
void jmon_json_str_or_null(jmon_json_t *w, const char *key, const char *s);

/** Append a newline, write what is buffered. @return 0, or -1 with errno set (first failure). */
int jmon_json_close(jmon_json_t *w);

#endif
