/* guest_memory.c: bounds-checked access to guest linear memory for the WASI host. */
#include "guest_memory.h"

#include <string.h>

bool jmon_guest_range_ok(const wasm_rt_memory_t *mem, uint32_t ptr, uint64_t len) {
  if (mem == NULL || mem->data == NULL) return false;
  /* ptr < 2^32 and len is checked against size first, so the sum cannot wrap 64 bits. */
  if (len > mem->size) return false;
  return (uint64_t)ptr + len <= (uint64_t)mem->size;
}

uint8_t *jmon_guest_bytes(const wasm_rt_memory_t *mem, uint32_t ptr, uint64_t len) {
  if (!jmon_guest_range_ok(mem, ptr, len)) return NULL;
  return mem->data + ptr;
}

/* wasm memory is little-endian and so is x86-64; memcpy handles unaligned guest pointers. */
#define JMON_GUEST_LOAD(name, type)                                              \
  bool name(const wasm_rt_memory_t *mem, uint32_t ptr, type *out) {              \
    uint8_t *p = jmon_guest_bytes(mem, ptr, sizeof(type));                       \
    if (p == NULL) return false;                                                 \
    memcpy(out, p, sizeof(type));                                                \
    return true;                                                                 \
  }
#define JMON_GUEST_STORE(name, type)                                             \
  bool name(const wasm_rt_memory_t *mem, uint32_t ptr, type v) {                \
    uint8_t *p = jmon_guest_bytes(mem, ptr, sizeof(type));                       \
    if (p == NULL) return false;                                                 \
    memcpy(p, &v, sizeof(type));                                                 \
    return true;                                                                 \
  }

JMON_GUEST_LOAD(jmon_guest_load_u8, uint8_t)
JMON_GUEST_LOAD(jmon_guest_load_u16, uint16_t)
JMON_GUEST_LOAD(jmon_guest_load_u32, uint32_t)
JMON_GUEST_LOAD(jmon_guest_load_u64, uint64_t)
JMON_GUEST_STORE(jmon_guest_store_u8, uint8_t)
JMON_GUEST_STORE(jmon_guest_store_u16, uint16_t)
JMON_GUEST_STORE(jmon_guest_store_u32, uint32_t)
JMON_GUEST_STORE(jmon_guest_store_u64, uint64_t)

bool jmon_guest_iovec_at(const wasm_rt_memory_t *mem, uint32_t iovs_ptr, uint32_t i,
                         jmon_guest_buf_t *out) {
  uint64_t at = (uint64_t)iovs_ptr + (uint64_t)i * JMON_GUEST_IOVEC_SIZE;
  uint32_t buf = 0, len = 0;
  if (at > UINT32_MAX) return false;
  if (!jmon_guest_load_u32(mem, (uint32_t)at, &buf)) return false;
  if (at + 4 > UINT32_MAX || !jmon_guest_load_u32(mem, (uint32_t)(at + 4), &len)) return false;
  out->base = jmon_guest_bytes(mem, buf, len);
  out->len = len;
  return out->base != NULL;
}

bool jmon_guest_iovecs_ok(const wasm_rt_memory_t *mem, uint32_t iovs_ptr, uint32_t iovs_len) {
  jmon_guest_buf_t buf;
  if (!jmon_guest_range_ok(mem, iovs_ptr, (uint64_t)iovs_len * JMON_GUEST_IOVEC_SIZE)) return false;
  for (uint32_t i = 0; i < iovs_len; i++)
    if (!jmon_guest_iovec_at(mem, iovs_ptr, i, &buf)) return false;
  return true;
}
