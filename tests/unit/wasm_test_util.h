/* wasm_test_util.h: hand-built wasm modules and helpers shared by the reader and writer unit tests. */
#ifndef JMON_WASM_TEST_UTIL_H
#define JMON_WASM_TEST_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_module.h"

typedef struct {
  uint8_t bytes[1024];
  size_t len;
} wasm_buf_t;

static inline void buf_put(wasm_buf_t *b, const uint8_t *p, size_t n) {
  if (b->len + n > sizeof b->bytes) abort();
  memcpy(b->bytes + b->len, p, n);
  b->len += n;
}

/* One section; contents stay under 128 bytes so the size is one LEB byte. */
static inline void buf_section(wasm_buf_t *b, uint8_t id, const uint8_t *content, size_t n) {
  if (n >= 128) abort();
  uint8_t head[2] = {id, (uint8_t)n};
  buf_put(b, head, 2);
  buf_put(b, content, n);
}

#define SECTION(b, id, ...)                                                                        \
  do {                                                                                             \
    static const uint8_t content_[] = {__VA_ARGS__};                                               \
    buf_section((b), (id), content_, sizeof content_);                                             \
  } while (0)

static inline void buf_header(wasm_buf_t *b) {
  static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  b->len = 0;
  buf_put(b, header, sizeof header);
}

/*
 * Every section kind: custom "abc" first; types (i32 i64)->f32 and ()->(); imports env.f (func,
 * type 1), env.m (memory 1..2), env.g (const i32); functions of types 0 and 1; a funcref table of
 * min 2; a mutable i64 global = -1; export "run" = func 2; start func 2; one active element
 * segment [1, 2]; data count 1; two bodies; one passive data segment "hi"; custom "note" = "xy".
 */
static inline void build_full_module(wasm_buf_t *b) {
  buf_header(b);
  SECTION(b, 0, 0x03, 'a', 'b', 'c');
  SECTION(b, 1, 0x02, 0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d, 0x60, 0x00, 0x00);
  SECTION(b, 2, 0x03, 0x03, 'e', 'n', 'v', 0x01, 'f', 0x00, 0x01,
          0x03, 'e', 'n', 'v', 0x01, 'm', 0x02, 0x01, 0x01, 0x02,
          0x03, 'e', 'n', 'v', 0x01, 'g', 0x03, 0x7f, 0x00);
  SECTION(b, 3, 0x02, 0x00, 0x01);
  SECTION(b, 4, 0x01, 0x70, 0x00, 0x02);
  SECTION(b, 6, 0x01, 0x7e, 0x01, 0x42, 0x7f, 0x0b);
  SECTION(b, 7, 0x01, 0x03, 'r', 'u', 'n', 0x00, 0x02);
  SECTION(b, 8, 0x02);
  SECTION(b, 9, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x01, 0x02);
  SECTION(b, 12, 0x01);
  SECTION(b, 10, 0x02,
          /* body 0: 2 x f64 locals; local.get 0 drop local.get 3 drop f32.const 1.5 end */
          0x0f, 0x01, 0x02, 0x7c, 0x20, 0x00, 0x1a, 0x20, 0x03, 0x1a, 0x43, 0x00, 0x00, 0xc0, 0x3f, 0x0b,
          /* body 1: block (result i32) i32.const 5 end drop; block i32.const 0 br_table 0 0 end;
             i32.const 0 x3 memory.init 0 0; data.drop 0; end */
          0x1e, 0x00, 0x02, 0x7f, 0x41, 0x05, 0x0b, 0x1a, 0x02, 0x40, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x00,
          0x0b, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00, 0xfc, 0x09, 0x00, 0x0b);
  SECTION(b, 11, 0x01, 0x01, 0x02, 'h', 'i');
  SECTION(b, 0, 0x04, 'n', 'o', 't', 'e', 'x', 'y');
}

/* One function, a table of 10 funcrefs, one memory, element segments with flags 0..7 (in that
 * order) and data segments with flags 0, 1, 2. */
static inline void build_elem_forms_module(wasm_buf_t *b) {
  buf_header(b);
  SECTION(b, 1, 0x01, 0x60, 0x00, 0x00);
  SECTION(b, 3, 0x01, 0x00);
  SECTION(b, 4, 0x01, 0x70, 0x00, 0x0a);
  SECTION(b, 5, 0x01, 0x00, 0x01);
  SECTION(b, 9, 0x08,
          0x00, 0x41, 0x00, 0x0b, 0x01, 0x00,
          0x01, 0x00, 0x01, 0x00,
          0x02, 0x00, 0x41, 0x01, 0x0b, 0x00, 0x01, 0x00,
          0x03, 0x00, 0x01, 0x00,
          0x04, 0x41, 0x02, 0x0b, 0x02, 0xd2, 0x00, 0x0b, 0xd0, 0x70, 0x0b,
          0x05, 0x70, 0x01, 0xd0, 0x70, 0x0b,
          0x06, 0x00, 0x41, 0x03, 0x0b, 0x70, 0x01, 0xd2, 0x00, 0x0b,
          0x07, 0x70, 0x01, 0xd2, 0x00, 0x0b);
  SECTION(b, 10, 0x01, 0x02, 0x00, 0x0b);
  SECTION(b, 11, 0x03,
          0x00, 0x41, 0x00, 0x0b, 0x01, 'a',
          0x01, 0x01, 'b',
          0x02, 0x00, 0x41, 0x01, 0x0b, 0x01, 'c');
}

/*
 * A module with one memory and one function of type ()->() whose body is `instrs` (no locals).
 * @return the file offset of the first instruction.
 */
static inline size_t build_one_body_module(wasm_buf_t *b, const uint8_t *instrs, size_t n) {
  buf_header(b);
  SECTION(b, 1, 0x01, 0x60, 0x00, 0x00);
  SECTION(b, 3, 0x01, 0x00);
  SECTION(b, 5, 0x01, 0x00, 0x01);
  uint8_t code[128];
  if (n + 3 > sizeof code) abort();
  code[0] = 0x01;               /* one body */
  code[1] = (uint8_t)(n + 1);   /* body size: locals count + instructions */
  code[2] = 0x00;               /* no locals */
  memcpy(code + 3, instrs, n);
  size_t at = b->len + 2 + 3;
  buf_section(b, 10, code, n + 3);
  return at;
}

/* Decode a copy of bytes (jmon_wasm_read takes ownership of a malloc'd buffer). */
static inline jmon_wasm_status_t read_copy(const uint8_t *bytes, size_t len, jmon_wasm_module_t *m,
                                           jmon_wasm_error_t *err) {
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy) abort();
  if (len) memcpy(copy, bytes, len);
  return jmon_wasm_read(copy, len, m, err);
}

#endif
