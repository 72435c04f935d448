/* leb128.h: bounds-checked LEB128 decoding and canonical encoding for the wasm reader and writer. */
#ifndef JMON_LEB128_H
#define JMON_LEB128_H

#include <stddef.h>
#include <stdint.h>

/** Outcome of a LEB128 decode; jmon_leb128_strerror() names it. */
typedef enum {
  JMON_LEB128_OK = 0,
  JMON_LEB128_TRUNCATED,  /**< the buffer ended before the last byte (high bit clear) */
  JMON_LEB128_TOO_LONG,   /**< more bytes than ceil(bits / 7) */
  JMON_LEB128_OVERFLOW    /**< unused bits of the last byte are not zero / not the sign */
} jmon_leb128_status_t;

/** Largest encoded size of any LEB128 we read or write (a 64-bit value). */
#define JMON_LEB128_MAX_BYTES 10

/** @return a static message, e.g. "truncated LEB128". */
const char *jmon_leb128_strerror(jmon_leb128_status_t status);

/**
 * Decode an unsigned LEB128 of at most `bits` bits (1..64) from buf[*pos .. end).
 * @return JMON_LEB128_OK with *out set and *pos advanced past the encoding; otherwise *pos and
 *         *out are unchanged and *err_pos is the offset (in buf) of the offending byte: `end` for
 *         a truncated encoding.
 */
jmon_leb128_status_t jmon_leb128_read_u(const uint8_t *buf, size_t end, size_t *pos, unsigned bits,
                                        uint64_t *out, size_t *err_pos);

/** Like jmon_leb128_read_u() for a signed LEB128 of `bits` bits (e.g. 32, 33, 64), sign-extended. */
jmon_leb128_status_t jmon_leb128_read_s(const uint8_t *buf, size_t end, size_t *pos, unsigned bits,
                                        int64_t *out, size_t *err_pos);

/** Write the shortest unsigned encoding of v to dst (room for JMON_LEB128_MAX_BYTES). @return bytes written. */
size_t jmon_leb128_write_u(uint8_t *dst, uint64_t v);

/** Write the shortest signed encoding of v to dst (room for JMON_LEB128_MAX_BYTES). @return bytes written. */
size_t jmon_leb128_write_s(uint8_t *dst, int64_t v);

/**
 * Write v as an unsigned LEB128 padded to exactly `width` bytes (continuation bits set, as
 * linkers do to reserve room); width below the shortest size is raised to it. @return bytes written.
 */
size_t jmon_leb128_write_u_padded(uint8_t *dst, uint64_t v, size_t width);

/** @return the size of the shortest unsigned encoding of v. */
size_t jmon_leb128_size_u(uint64_t v);

/** @return the size of the shortest signed encoding of v. */
size_t jmon_leb128_size_s(int64_t v);

#endif
