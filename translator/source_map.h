/* source_map.h: Source Map v3 reader (JSON + base64 VLQ mappings, index maps, inline data URLs). */
#ifndef JMON_SOURCE_MAP_H
#define JMON_SOURCE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Outcome of the jmon_smap_* readers; jmon_smap_strerror() names it. */
typedef enum {
  JMON_SMAP_OK = 0,
  JMON_SMAP_ERR_NOMEM,       /**< an allocation failed */
  JMON_SMAP_ERR_JSON,        /**< the text is not JSON */
  JMON_SMAP_ERR_MALFORMED,   /**< JSON, but not a valid v3 map (bad field, bad VLQ, index out of range) */
  JMON_SMAP_ERR_UNSUPPORTED, /**< a valid map we do not read (version != 3, `sections` with `url`) */
  JMON_SMAP_ERR_NOT_FOUND    /**< jmon_smap_from_js(): no inline `sourceMappingURL=data:` comment */
} jmon_smap_status_t;

/** @return a static string naming a status. */
const char *jmon_smap_strerror(jmon_smap_status_t status);

/**
 * One mapping segment. All positions are 0-based (lines and UTF-16 columns), as the spec writes
 * them (https://sourcemaps.info/spec.html, "mappings"). `source` and `name` are -1 when the
 * segment has none (a 1-field segment maps to nothing).
 */
typedef struct {
  uint32_t gen_line, gen_col;
  int32_t source;             /**< index into sources, or -1 */
  uint32_t line, col;         /**< original position (valid when source >= 0) */
  int32_t name;               /**< index into names, or -1 */
} jmon_smap_segment_t;

/** A parsed map. Everything is owned and released by jmon_smap_free(). */
typedef struct {
  uint32_t nsources;
  char **sources;             /**< sourceRoot + source, as the map names them ("" for null) */
  char **contents;            /**< sourcesContent[i] NUL-terminated, or NULL when absent */
  size_t *content_lens;       /**< byte length of contents[i] (0 when absent) */
  uint32_t nnames;
  char **names;
  size_t nsegments;
  jmon_smap_segment_t *segments; /**< sorted by (gen_line, gen_col) */
} jmon_smap_t;

/**
 * Parse a v3 source map (a plain map or an index map whose `sections` embed their `map`s).
 * @return JMON_SMAP_OK with *out filled; otherwise a status, *out zeroed, *err_offset (may be
 *         NULL) the byte offset in `text` where it went wrong, and a message (no offset) in err,
 *         e.g. "mappings: invalid base64 character '!'".
 */
jmon_smap_status_t jmon_smap_parse(const char *text, size_t len, jmon_smap_t *out, size_t *err_offset,
                                   char *err, size_t errlen);

/**
 * Find the last `//# sourceMappingURL=data:application/json;base64,...` (or `;charset=utf-8;base64,`)
 * comment in JavaScript text and parse the map it carries. A URL that is not such a data URL
 * counts as not found. Offsets in errors are into the decoded map, err says so.
 * @return as jmon_smap_parse(), or JMON_SMAP_ERR_NOT_FOUND.
 */
jmon_smap_status_t jmon_smap_from_js(const char *js, size_t len, jmon_smap_t *out, size_t *err_offset,
                                     char *err, size_t errlen);

/** Release what a map owns and zero it. Safe on a zeroed map. */
void jmon_smap_free(jmon_smap_t *m);

/**
 * The segment covering generated position (gen_line, gen_col), 0-based: the last segment of that
 * line starting at or before gen_col. @return it, or NULL when the line has none that early or
 * the covering segment maps to no source.
 */
const jmon_smap_segment_t *jmon_smap_lookup(const jmon_smap_t *m, uint32_t gen_line, uint32_t gen_col);

/** @return the segment starting exactly at (gen_line, gen_col), or NULL. */
const jmon_smap_segment_t *jmon_smap_at(const jmon_smap_t *m, uint32_t gen_line, uint32_t gen_col);

#endif
