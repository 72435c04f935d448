/* trace_writer.c: buffers call-trace events as varints and writes them as a chain of zstd frames. */
#include "trace_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

/* One zstd frame per chunk: a run killed mid-way loses at most one chunk of events, and every
 * frame before it decodes on its own. 1 MiB of events is ~500k JS calls. */
#define CHUNK_BYTES (1u << 20)
/* Room kept free at the end of the chunk for the largest event (head + id + name). */
#define MAX_NAME 4095u
#define EVENT_ROOM (3 * 10 + MAX_NAME + 1)
/* Level 3 (zstd's default) compresses these varints ~10x at a few hundred MB/s. */
#define ZSTD_LEVEL 3

bool jmon_trace_on = false;
bool jmon_trace_wasm_on = false;

static struct {
  int fd;
  ZSTD_CCtx *cctx;
  uint8_t *buf;          /* CHUNK_BYTES + EVENT_ROOM of uncompressed events */
  size_t pos;            /* committed bytes: an event is visible only once it is whole */
  uint8_t *out;          /* compressed output of one chunk */
  size_t out_cap;
  uint64_t last_fuel;
  volatile int flushing; /* set while zstd runs: close() from a signal must not re-enter */
} trace = {.fd = -1};

static inline uint8_t *put_varint(uint8_t *p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  *p++ = (uint8_t)v;
  return p;
}

static int write_all(int fd, const uint8_t *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Compresses the buffered events as one complete frame (streaming loop as in zstd's
 * examples/streaming_compression.c, with ZSTD_e_end on the last input). @return 0 or -1. */
static int flush_chunk(void) {
  if (trace.pos == 0) return 0;
  trace.flushing = 1;
  ZSTD_inBuffer in = {trace.buf, trace.pos, 0};
  int rc = 0;
  for (;;) {
    ZSTD_outBuffer out = {trace.out, trace.out_cap, 0};
    size_t left = ZSTD_compressStream2(trace.cctx, &out, &in, ZSTD_e_end);
    if (ZSTD_isError(left)) {
      rc = -1;
      break;
    }
    if (write_all(trace.fd, trace.out, out.pos) != 0) {
      rc = -1;
      break;
    }
    if (left == 0) break;
  }
  if (rc != 0) ZSTD_CCtx_reset(trace.cctx, ZSTD_reset_session_only);
  trace.pos = 0;
  trace.flushing = 0;
  return rc;
}

static void release(void) {
  if (trace.fd >= 0) close(trace.fd);
  ZSTD_freeCCtx(trace.cctx);
  free(trace.buf);
  free(trace.out);
  trace.fd = -1;
  trace.cctx = NULL;
  trace.buf = trace.out = NULL;
  trace.pos = 0;
}

int jmon_trace_open(const char *path, bool wasm_events, const char *module_name) {
  jmon_trace_close();
  trace.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (trace.fd < 0) return -1;
  trace.cctx = ZSTD_createCCtx();
  trace.buf = malloc(CHUNK_BYTES + EVENT_ROOM);
  trace.out_cap = ZSTD_CStreamOutSize();
  trace.out = malloc(trace.out_cap);
  if (!trace.cctx || !trace.buf || !trace.out) goto fail;
  if (ZSTD_isError(ZSTD_CCtx_setParameter(trace.cctx, ZSTD_c_compressionLevel, ZSTD_LEVEL)) ||
      ZSTD_isError(ZSTD_CCtx_setParameter(trace.cctx, ZSTD_c_checksumFlag, 1)))
    goto fail;
  /* Header: magic, version, flags, module name (len-prefixed). */
  uint8_t *p = trace.buf;
  memcpy(p, JMON_TRACE_MAGIC, 7);
  p += 7;
  *p++ = JMON_TRACE_VERSION;
  *p++ = wasm_events ? 1 : 0;
  size_t len = module_name ? strlen(module_name) : 0;
  if (len > MAX_NAME) len = MAX_NAME;
  p = put_varint(p, len);
  if (len) memcpy(p, module_name, len);
  trace.pos = (size_t)(p - trace.buf) + len;
  trace.last_fuel = 0;
  trace.flushing = 0;
  jmon_trace_wasm_on = wasm_events;
  jmon_trace_on = true;
  return 0;
fail:
  release();
  errno = ENOMEM;
  return -1;
}

/* Starts an event: head varint (fuel delta, tag). Called only while the trace is on. */
static inline uint8_t *event_head(unsigned tag, uint64_t fuel) {
  uint8_t *p = trace.buf + trace.pos;
  if (fuel < trace.last_fuel) { /* not expected (fuel only grows); keep the stamps exact */
    p = put_varint(p, JMON_TRACE_FUEL_SET);
    p = put_varint(p, fuel);
    trace.last_fuel = fuel;
  }
  p = put_varint(p, ((fuel - trace.last_fuel) << JMON_TRACE_TAG_BITS) | tag);
  trace.last_fuel = fuel;
  return p;
}

static inline void event_commit(uint8_t *end) {
  trace.pos = (size_t)(end - trace.buf);
  if (trace.pos >= CHUNK_BYTES && flush_chunk() != 0) {
    /* A write error (disk full, ...): stop tracing, keep what was written. */
    jmon_trace_on = jmon_trace_wasm_on = false;
    release();
  }
}

void jmon_trace_js_enter(uint32_t js_func_id, uint64_t fuel) {
  if (!jmon_trace_on) return;
  event_commit(put_varint(event_head(JMON_TRACE_JS_ENTER, fuel), js_func_id));
}

void jmon_trace_js_resume(uint32_t js_func_id, uint64_t fuel) {
  if (!jmon_trace_on) return;
  event_commit(put_varint(event_head(JMON_TRACE_JS_RESUME, fuel), js_func_id));
}

void jmon_trace_js_exit(uint64_t fuel) {
  if (!jmon_trace_on) return;
  event_commit(event_head(JMON_TRACE_JS_EXIT, fuel));
}

void jmon_trace_wasm_enter(uint32_t func_index, uint64_t fuel) {
  if (!jmon_trace_wasm_on) return;
  event_commit(put_varint(event_head(JMON_TRACE_WASM_ENTER, fuel), func_index));
}

void jmon_trace_wasm_exit(uint64_t fuel) {
  if (!jmon_trace_wasm_on) return;
  event_commit(event_head(JMON_TRACE_WASM_EXIT, fuel));
}

void jmon_trace_name(uint32_t js_func_id, const char *name) {
  if (!jmon_trace_on) return;
  size_t len = name ? strlen(name) : 0;
  if (len > MAX_NAME) len = MAX_NAME;
  uint8_t *p = event_head(JMON_TRACE_NAME, trace.last_fuel);
  p = put_varint(p, js_func_id);
  p = put_varint(p, len);
  if (len) memcpy(p, name, len);
  event_commit(p + len);
}

void jmon_trace_close(void) {
  if (!jmon_trace_on && trace.fd < 0) return;
  jmon_trace_on = jmon_trace_wasm_on = false;
  if (trace.flushing) {
    /* Interrupted inside zstd: its state is unknown. The frames written so far stay valid. */
    if (trace.fd >= 0) close(trace.fd);
    trace.fd = -1;
    return;
  }
  if (trace.fd >= 0 && trace.buf) {
    uint8_t *p = trace.buf + trace.pos;
    p = put_varint(p, JMON_TRACE_END);
    trace.pos = (size_t)(p - trace.buf);
    flush_chunk();
  }
  release();
}
