/* trace_reader.c: zstd streaming decode of a JMON_TRACE file and parsing of its varint events. */
#include "trace_reader.h"

#include "read_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "trace_writer.h"

/* A frame holds at most 1 MiB + one event in our writer; allow slack, refuse garbage sizes. */
#define MAX_FRAME_BYTES (64u << 20)

typedef struct {
  const uint8_t *p, *end;
} cursor_t;

/* @return 0, or -1 when the varint is cut or longer than 64 bits. */
static int get_varint(cursor_t *c, uint64_t *out) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (c->p >= c->end) return -1;
    uint8_t b = *c->p++;
    if (shift == 63 && (b & 0x7e)) return -1;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *out = v;
      return 0;
    }
  }
  return -1;
}

typedef struct {
  jmon_trace_info_t *info;
  jmon_trace_event_fn fn;
  void *ctx;
  uint64_t fuel;
} parse_state_t;

/* Parses the events of one complete frame. @return OK, CORRUPT, NOT_TRACE or STOPPED. */
static jmon_trace_read_status_t parse_frame(parse_state_t *st, const uint8_t *data, size_t n) {
  cursor_t c = {data, data + n};
  jmon_trace_info_t *info = st->info;
  if (info->frames == 0) {
    if (n < 9 || memcmp(data, JMON_TRACE_MAGIC, 7) != 0) return JMON_TRACE_READ_NOT_TRACE;
    info->version = data[7];
    if (info->version != JMON_TRACE_VERSION) return JMON_TRACE_READ_NOT_TRACE;
    info->wasm_events = data[8] & 1;
    c.p += 9;
    uint64_t len;
    if (get_varint(&c, &len) != 0 || len > (uint64_t)(c.end - c.p)) return JMON_TRACE_READ_CORRUPT;
    size_t keep = len < sizeof info->module - 1 ? (size_t)len : sizeof info->module - 1;
    memcpy(info->module, c.p, keep);
    info->module[keep] = 0;
    c.p += len;
  }
  while (c.p < c.end) {
    if (info->ended) return JMON_TRACE_READ_CORRUPT; /* nothing may follow END */
    uint64_t head, v;
    if (get_varint(&c, &head) != 0) return JMON_TRACE_READ_CORRUPT;
    unsigned tag = (unsigned)(head & 7);
    uint64_t delta = head >> JMON_TRACE_TAG_BITS;
    if (tag == JMON_TRACE_FUEL_SET) {
      if (delta != 0 || get_varint(&c, &v) != 0) return JMON_TRACE_READ_CORRUPT;
      st->fuel = v;
      continue;
    }
    if (delta > UINT64_MAX - st->fuel) return JMON_TRACE_READ_CORRUPT;
    st->fuel += delta;
    jmon_trace_event_t ev = {.kind = (uint8_t)tag, .fuel = st->fuel};
    switch (tag) {
      case JMON_TRACE_JS_ENTER:
      case JMON_TRACE_JS_RESUME:
      case JMON_TRACE_WASM_ENTER:
        if (get_varint(&c, &v) != 0 || v > UINT32_MAX) return JMON_TRACE_READ_CORRUPT;
        ev.id = (uint32_t)v;
        break;
      case JMON_TRACE_NAME:
        if (get_varint(&c, &v) != 0 || v > UINT32_MAX) return JMON_TRACE_READ_CORRUPT;
        ev.id = (uint32_t)v;
        if (get_varint(&c, &v) != 0 || v > (uint64_t)(c.end - c.p)) return JMON_TRACE_READ_CORRUPT;
        ev.name = (const char *)c.p;
        ev.name_len = (size_t)v;
        c.p += v;
        break;
      case JMON_TRACE_END:
        info->ended = true;
        break;
      default: /* JS_EXIT, WASM_EXIT: no operand */
        break;
    }
    info->events++;
    if (st->fn && st->fn(&ev, st->ctx) != 0) return JMON_TRACE_READ_STOPPED;
  }
  return JMON_TRACE_READ_OK;
}

jmon_trace_read_status_t jmon_trace_read_buffer(const void *data, size_t size,
                                                jmon_trace_event_fn fn, void *ctx,
                                                jmon_trace_info_t *info) {
  memset(info, 0, sizeof *info);
  info->bytes = size;
  parse_state_t st = {info, fn, ctx, 0};
  jmon_trace_read_status_t rc = JMON_TRACE_READ_OK;
  ZSTD_DCtx *dctx = ZSTD_createDCtx();
  size_t cap = 1u << 16, len = 0;   /* grows by doubling: small inputs stay cheap */
  uint8_t *frame = malloc(cap);
  if (!dctx || !frame) {
    rc = JMON_TRACE_READ_NOMEM;
    goto done;
  }
  ZSTD_inBuffer in = {data, size, 0};
  bool in_frame = false, out_full = false;
  /* Loop while input remains, or zstd may hold output it could not place yet. */
  while (in.pos < in.size || out_full) {
    if (len == cap) {
      if (cap >= MAX_FRAME_BYTES) {
        rc = JMON_TRACE_READ_CORRUPT;
        goto done;
      }
      uint8_t *bigger = realloc(frame, cap * 2);
      if (!bigger) {
        rc = JMON_TRACE_READ_NOMEM;
        goto done;
      }
      frame = bigger;
      cap *= 2;
    }
    ZSTD_outBuffer out = {frame + len, cap - len, 0};
    size_t ret = ZSTD_decompressStream(dctx, &out, &in);
    if (ZSTD_isError(ret)) {
      rc = info->frames == 0 ? JMON_TRACE_READ_NOT_TRACE : JMON_TRACE_READ_CORRUPT;
      goto done;
    }
    len += out.pos;
    out_full = out.pos == out.size;
    in_frame = true;
    if (ret == 0) { /* a frame ended: its events are whole */
      rc = parse_frame(&st, frame, len);
      if (rc != JMON_TRACE_READ_OK) goto done;
      info->frames++;
      len = 0;
      in_frame = out_full = false;
    }
  }
  if (size == 0) rc = JMON_TRACE_READ_NOT_TRACE;
  if (in_frame) info->truncated = true; /* a cut frame: its events are dropped, not an error */
done:
  if (!info->ended) info->truncated = true;
  ZSTD_freeDCtx(dctx);
  free(frame);
  return rc;
}

jmon_trace_read_status_t jmon_trace_read_file(const char *path, jmon_trace_event_fn fn,
                                              void *ctx, jmon_trace_info_t *info) {
  memset(info, 0, sizeof *info);
  char err[300];
  size_t len;
  char *buf = jmon_read_file(path, &len, err, sizeof err);
  if (!buf) return errno == ENOMEM ? JMON_TRACE_READ_NOMEM : JMON_TRACE_READ_IO;
  jmon_trace_read_status_t rc = jmon_trace_read_buffer((const uint8_t *)buf, len, fn, ctx, info);
  free(buf);
  return rc;
}

const char *jmon_trace_read_strerror(jmon_trace_read_status_t status) {
  switch (status) {
    case JMON_TRACE_READ_OK: return "ok";
    case JMON_TRACE_READ_IO: return "cannot read the file";
    case JMON_TRACE_READ_NOMEM: return "out of memory";
    case JMON_TRACE_READ_NOT_TRACE: return "not a jmon trace (no zstd frame with a JMTRACE header)";
    case JMON_TRACE_READ_CORRUPT: return "corrupt trace";
    case JMON_TRACE_READ_STOPPED: return "stopped";
  }
  return "unknown error";
}
