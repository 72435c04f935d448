/* trace_reader.h: decodes a JMON_TRACE file (docs/trace-format.md) frame by frame. */
#ifndef JMON_TRACE_READER_H
#define JMON_TRACE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
  JMON_TRACE_READ_OK = 0,
  JMON_TRACE_READ_IO,        /**< the file could not be opened or read */
  JMON_TRACE_READ_NOMEM,
  JMON_TRACE_READ_NOT_TRACE, /**< no zstd frame, or the first frame has no jmon header */
  JMON_TRACE_READ_CORRUPT,   /**< zstd error, or a frame's events do not parse */
  JMON_TRACE_READ_STOPPED    /**< the callback returned nonzero */
} jmon_trace_read_status_t;

/** One decoded event. `name` (NAME events only) points into the reader's buffer: valid
 *  during the callback; `name_len` bytes, not NUL-terminated. */
typedef struct {
  uint8_t kind;      /**< JMON_TRACE_JS_ENTER ... JMON_TRACE_END (never FUEL_SET) */
  uint32_t id;       /**< js_func_id or wasm func_index; 0 for exits */
  uint64_t fuel;     /**< absolute fuel stamp */
  const char *name;
  size_t name_len;
} jmon_trace_event_t;

/** What the whole trace held. */
typedef struct {
  unsigned version;
  bool wasm_events;
  char module[4096];        /**< header module name, NUL-terminated */
  uint64_t frames;          /**< complete zstd frames decoded */
  uint64_t events;          /**< events delivered (END included) */
  bool ended;               /**< the END event was seen: jmon_trace_close() ran */
  bool truncated;           /**< bytes after the last complete frame, or no END event */
  size_t bytes;             /**< compressed size of the input */
} jmon_trace_info_t;

/** Called once per event of each complete frame, in order; return nonzero to stop. */
typedef int (*jmon_trace_event_fn)(const jmon_trace_event_t *ev, void *ctx);

/**
 * Decode `size` bytes of a trace. Events of a frame are delivered only once the whole frame
 * decompressed, so a cut file yields exactly the events of its complete frames; a partial
 * last frame sets info->truncated (not an error). `fn` may be NULL. @return a status; `info`
 * is filled as far as decoding got, in every case.
 */
jmon_trace_read_status_t jmon_trace_read_buffer(const void *data, size_t size,
                                                jmon_trace_event_fn fn, void *ctx,
                                                jmon_trace_info_t *info);

/** Same for a file. */
jmon_trace_read_status_t jmon_trace_read_file(const char *path, jmon_trace_event_fn fn,
                                              void *ctx, jmon_trace_info_t *info);

/** A one-line description of a status. */
const char *jmon_trace_read_strerror(jmon_trace_read_status_t status);

#endif
