/* leb128.c: bounds-checked LEB128 decoding and canonical encoding (format: WebAssembly spec, "Integers"). */
#include "leb128.h"

const char *jmon_leb128_strerror(jmon_leb128_status_t status) {
  switch (status) {
  case JMON_LEB128_OK: return "ok";
  case JMON_LEB128_TRUNCATED: return "truncated LEB128";
  case JMON_LEB128_TOO_LONG: return "LEB128 is too long";
  case JMON_LEB128_OVERFLOW: return "LEB128 value does not fit its type";
  }
  return "unknown LEB128 error";
}

/*
 * Shared loop: gathers the 7-bit groups and checks the length limit. The last allowed byte
 * only has `bits - 7 * (max - 1)` meaningful bits; the callers check the rest of it.
 */
static jmon_leb128_status_t gather(const uint8_t *buf, size_t end, size_t pos, unsigned bits,
                                   uint64_t *value, size_t *nbytes, size_t *err_pos) {
  size_t max = (bits + 6) / 7;
  uint64_t v = 0;
  for (size_t i = 0; i < max; i++) {
    if (pos + i >= end) {
      *err_pos = end;
      return JMON_LEB128_TRUNCATED;
    }
    uint8_t b = buf[pos + i];
    if (i == max - 1 && (b & 0x80)) {
      *err_pos = pos + i;
      return JMON_LEB128_TOO_LONG;
    }
    v |= (uint64_t)(b & 0x7f) << (7 * i);
    if (!(b & 0x80)) {
      *value = v;
      *nbytes = i + 1;
      return JMON_LEB128_OK;
    }
  }
  *err_pos = pos + max - 1; /* not reached: the last byte either ends or fails above */
  return JMON_LEB128_TOO_LONG;
}

jmon_leb128_status_t jmon_leb128_read_u(const uint8_t *buf, size_t end, size_t *pos, unsigned bits,
                                        uint64_t *out, size_t *err_pos) {
  /* Fast path: one-byte values are most of what a module holds. */
  if (*pos < end && !(buf[*pos] & 0x80)) {
    *out = buf[*pos];
    if (bits < 7 && (*out >> bits) != 0) {
      *err_pos = *pos;
      return JMON_LEB128_OVERFLOW;
    }
    (*pos)++;
    return JMON_LEB128_OK;
  }
  uint64_t v;
  size_t n;
  jmon_leb128_status_t st = gather(buf, end, *pos, bits, &v, &n, err_pos);
  if (st != JMON_LEB128_OK) return st;
  size_t max = (bits + 6) / 7;
  if (n == max) {
    unsigned used = bits - 7 * (unsigned)(max - 1);
    uint8_t last = buf[*pos + n - 1];
    if (used < 7 && (last >> used) != 0) {
      *err_pos = *pos + n - 1;
      return JMON_LEB128_OVERFLOW;
    }
  }
  *out = v;
  *pos += n;
  return JMON_LEB128_OK;
}

jmon_leb128_status_t jmon_leb128_read_s(const uint8_t *buf, size_t end, size_t *pos, unsigned bits,
                                        int64_t *out, size_t *err_pos) {
  uint64_t v;
  size_t n;
  jmon_leb128_status_t st = gather(buf, end, *pos, bits, &v, &n, err_pos);
  if (st != JMON_LEB128_OK) return st;
  size_t max = (bits + 6) / 7;
  uint8_t last = buf[*pos + n - 1];
  if (n == max) {
    unsigned used = bits - 7 * (unsigned)(max - 1);
    if (used < 7) {
      /* Bits from the sign bit up to bit 6 must all equal the sign bit. */
      uint8_t mask = (uint8_t)(0x7f & ~((1u << (used - 1)) - 1));
      uint8_t top = last & mask;
      if (top != 0 && top != mask) {
        *err_pos = *pos + n - 1;
        return JMON_LEB128_OVERFLOW;
      }
    }
  }
  unsigned shift = 7 * (unsigned)n;
  if (shift < 64 && (last & 0x40)) v |= ~(uint64_t)0 << shift;
  *out = (int64_t)v;
  *pos += n;
  return JMON_LEB128_OK;
}

size_t jmon_leb128_write_u(uint8_t *dst, uint64_t v) {
  size_t n = 0;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    dst[n++] = b;
  } while (v);
  return n;
}

size_t jmon_leb128_write_s(uint8_t *dst, int64_t v) {
  size_t n = 0;
  for (;;) {
    uint8_t b = (uint8_t)(v & 0x7f);
    /* Arithmetic shift of a negative value is implementation-defined in C; do it by hand. */
    v = v < 0 ? ~(int64_t)(~(uint64_t)v >> 7) : (int64_t)((uint64_t)v >> 7);
    if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
      dst[n++] = b;
      return n;
    }
    dst[n++] = b | 0x80;
  }
}

size_t jmon_leb128_write_u_padded(uint8_t *dst, uint64_t v, size_t width) {
  size_t min = jmon_leb128_size_u(v);
  if (width < min) width = min;
  if (width > JMON_LEB128_MAX_BYTES) width = JMON_LEB128_MAX_BYTES;
  for (size_t i = 0; i < width; i++) {
    uint8_t b = v & 0x7f;
    v >>= 7;
    dst[i] = (i + 1 < width) ? (uint8_t)(b | 0x80) : b;
  }
  return width;
}

size_t jmon_leb128_size_u(uint64_t v) {
  size_t n = 1;
  while (v >>= 7) n++;
  return n;
}

size_t jmon_leb128_size_s(int64_t v) {
  uint8_t tmp[JMON_LEB128_MAX_BYTES];
  return jmon_leb128_write_s(tmp, v);
}
