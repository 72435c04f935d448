/* json.h: a small JSON DOM parser for jmon-report, plus the string escaper its writers use. */
#ifndef JMON_JSON_H
#define JMON_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { JMON_JSON_NULL, JMON_JSON_BOOL, JMON_JSON_NUMBER, JMON_JSON_STRING,
               JMON_JSON_ARRAY, JMON_JSON_OBJECT } jmon_json_type_t;

typedef struct jmon_json jmon_json_t;
struct jmon_json {
  jmon_json_type_t type;
  bool boolean;
  double number;
  bool is_uint;          /**< number is a non-negative integer that fits `uint` exactly */
  uint64_t uint;
  char *string;          /**< STRING: NUL-terminated UTF-8 (\u0000 becomes U+FFFD) */
  size_t count;          /**< ARRAY/OBJECT: number of items */
  jmon_json_t *items;    /**< ARRAY/OBJECT: values */
  char **keys;           /**< OBJECT: keys, parallel to items */
  size_t offset;         /**< byte offset of the value's first character in the parsed text */
};

/**
 * Parse `len` bytes. @return the document (free with jmon_json_free), or NULL with a message
 * "offset N: what" in err (size errsz). Never reads past len; nesting deeper than 512 and
 * trailing garbage are errors.
 */
jmon_json_t *jmon_json_parse(const char *text, size_t len, char *err, size_t errsz);

/**
 * jmon_json_parse(), with the failing byte offset also in *err_offset (may be NULL) and, in err,
 * the same "offset N: what" message. Shared by jmon-report and the translator's source maps.
 */
jmon_json_t *jmon_json_parse_at(const char *text, size_t len, size_t *err_offset, char *err, size_t errsz);

/** Free a document from jmon_json_parse (NULL is fine). */
void jmon_json_free(jmon_json_t *doc);

/** Member `key` of an object, or NULL (also when `obj` is NULL or not an object). */
const jmon_json_t *jmon_json_get(const jmon_json_t *obj, const char *key);

#include <stdio.h>
/** Write `s` as a quoted JSON string (control characters escaped) to `f`. */
void jmon_json_write_string(FILE *f, const char *s);

#endif
