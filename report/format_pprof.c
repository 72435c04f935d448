/* format_pprof.c: pprof's profile.proto, protobuf-encoded by hand and gzipped with zlib. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "formats.h"

/* Field numbers from github.com/google/pprof proto/profile.proto (facts, not code). */
enum { PROFILE_SAMPLE_TYPE = 1, PROFILE_SAMPLE = 2, PROFILE_LOCATION = 4, PROFILE_FUNCTION = 5,
       PROFILE_STRING_TABLE = 6, PROFILE_PERIOD_TYPE = 11, PROFILE_PERIOD = 12,
       PROFILE_DEFAULT_SAMPLE_TYPE = 14 };
enum { VALUE_TYPE_TYPE = 1, VALUE_TYPE_UNIT = 2 };
enum { SAMPLE_LOCATION_ID = 1, SAMPLE_VALUE = 2 };
enum { LOCATION_ID = 1, LOCATION_LINE = 4 };
enum { LINE_FUNCTION_ID = 1, LINE_LINE = 2 };
enum { FUNCTION_ID = 1, FUNCTION_NAME = 2, FUNCTION_SYSTEM_NAME = 3, FUNCTION_FILENAME = 4,
       FUNCTION_START_LINE = 5 };
enum { WIRE_VARINT = 0, WIRE_LEN = 2 };

typedef struct {
  uint8_t *p;
  size_t n, cap;
  bool oom;
} buf_t;

static void put(buf_t *b, const void *data, size_t n) {
  if (b->oom || n == 0) return;
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n) cap *= 2;
    uint8_t *q = realloc(b->p, cap);
    if (!q) {
      b->oom = true;
      return;
    }
    b->p = q;
    b->cap = cap;
  }
  memcpy(b->p + b->n, data, n);
  b->n += n;
}

static void varint(buf_t *b, uint64_t v) {
  uint8_t tmp[10];
  size_t n = 0;
  while (v >= 0x80) {
    tmp[n++] = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  tmp[n++] = (uint8_t)v;
  put(b, tmp, n);
}

static void field_varint(buf_t *b, unsigned field, uint64_t v) {
  varint(b, (uint64_t)field << 3 | WIRE_VARINT);
  varint(b, v);
}

static void field_bytes(buf_t *b, unsigned field, const void *data, size_t n) {
  varint(b, (uint64_t)field << 3 | WIRE_LEN);
  varint(b, n);
  put(b, data, n);
}

/* Appends sub as a length-delimited field, then empties sub for reuse. */
static void field_msg(buf_t *b, unsigned field, buf_t *sub) {
  field_bytes(b, field, sub->p, sub->n);
  b->oom |= sub->oom;
  sub->n = 0;
}

/* String table: 0 "", 1 "fuel", 2 "count", then label and file of frame i at 3+2i, 4+2i. */
#define STR_FUEL 1
#define STR_COUNT 2

int jmon_format_pprof(FILE *o, const jmon_samples_t *s, char *err, size_t errsz) {
  buf_t pb = {0}, m = {0}, sub = {0}, vt = {0};
  int rc = -1;
  field_varint(&vt, VALUE_TYPE_TYPE, STR_FUEL);
  field_varint(&vt, VALUE_TYPE_UNIT, STR_COUNT);
  field_bytes(&pb, PROFILE_SAMPLE_TYPE, vt.p, vt.n);
  for (size_t i = 0; i < s->nsamples; i++) {
    const jmon_sample_t *x = &s->samples[i];
    /* Unpacked repeated fields: every protobuf parser must accept them, and protoc
     * --decode_raw then shows the numbers (the tests read it). Leaf first, as pprof wants. */
    for (size_t d = x->depth; d-- > 0;) field_varint(&m, SAMPLE_LOCATION_ID, x->frames[d] + 1u);
    field_varint(&m, SAMPLE_VALUE, x->weight);
    field_msg(&pb, PROFILE_SAMPLE, &m);
  }
  for (size_t i = 0; i < s->nframes; i++) {
    field_varint(&m, LOCATION_ID, i + 1);
    field_varint(&sub, LINE_FUNCTION_ID, i + 1);
    if (s->frames[i].line) field_varint(&sub, LINE_LINE, s->frames[i].line);
    field_msg(&m, LOCATION_LINE, &sub);
    field_msg(&pb, PROFILE_LOCATION, &m);
  }
  for (size_t i = 0; i < s->nframes; i++) {
    field_varint(&m, FUNCTION_ID, i + 1);
    field_varint(&m, FUNCTION_NAME, 3 + 2 * i);
    field_varint(&m, FUNCTION_SYSTEM_NAME, 3 + 2 * i);
    field_varint(&m, FUNCTION_FILENAME, 4 + 2 * i);
    if (s->frames[i].line) field_varint(&m, FUNCTION_START_LINE, s->frames[i].line);
    field_msg(&pb, PROFILE_FUNCTION, &m);
  }
  field_bytes(&pb, PROFILE_STRING_TABLE, "", 0);
  field_bytes(&pb, PROFILE_STRING_TABLE, "fuel", 4);
  field_bytes(&pb, PROFILE_STRING_TABLE, "count", 5);
  for (size_t i = 0; i < s->nframes; i++) {
    field_bytes(&pb, PROFILE_STRING_TABLE, s->frames[i].label, strlen(s->frames[i].label));
    field_bytes(&pb, PROFILE_STRING_TABLE, s->frames[i].file, strlen(s->frames[i].file));
  }
  field_bytes(&pb, PROFILE_PERIOD_TYPE, vt.p, vt.n);
  field_varint(&pb, PROFILE_PERIOD, 1);
  field_varint(&pb, PROFILE_DEFAULT_SAMPLE_TYPE, STR_FUEL);
  if (pb.oom || m.oom || sub.oom || vt.oom) {
    snprintf(err, errsz, "out of memory");
    goto done;
  }

  /* gzip wrapper: windowBits 15 + 16 (zlib manual, deflateInit2). */
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    snprintf(err, errsz, "zlib: deflateInit2 failed");
    goto done;
  }
  uint8_t out[1 << 15];
  z.next_in = pb.p;
  z.avail_in = (uInt)pb.n;
  int zr;
  do {
    z.next_out = out;
    z.avail_out = sizeof out;
    zr = deflate(&z, Z_FINISH);
    if (zr == Z_STREAM_ERROR) break;
    fwrite(out, 1, sizeof out - z.avail_out, o);
  } while (zr != Z_STREAM_END);
  deflateEnd(&z);
  if (zr != Z_STREAM_END) {
    snprintf(err, errsz, "zlib: deflate failed");
    goto done;
  }
  rc = 0;
done:
  free(pb.p);
  free(m.p);
  free(sub.p);
  free(vt.p);
  return rc;
}
