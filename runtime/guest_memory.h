/* guest_memory.h: bounds-checked access to guest linear memory for the WASI host. */
#ifndef JMON_GUEST_MEMORY_H
#define JMON_GUEST_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "wasm-rt.h"

/** A guest buffer after its range check: host pointer into linear memory and its length. */
typedef struct {
  uint8_t *base;   /**< inside memory->data; not owned */
  uint32_t len;
} jmon_guest_buf_t;

/** Size of one WASI iovec/ciovec in guest memory: buf u32 @0, buf_len u32 @4 (witx). */
#define JMON_GUEST_IOVEC_SIZE 8u

/** @return true when [ptr, ptr+len) lies inside mem (computed in 64 bits: no wrap). NULL mem: false. */
bool jmon_guest_range_ok(const wasm_rt_memory_t *mem, uint32_t ptr, uint64_t len);

/** @return a host pointer to guest bytes [ptr, ptr+len), or NULL when out of range. */
uint8_t *jmon_guest_bytes(const wasm_rt_memory_t *mem, uint32_t ptr, uint64_t len);

/** Little-endian loads/stores at a guest address. @return false (nothing done) when out of range. */
bool jmon_guest_load_u32(const wasm_rt_memory_t *mem, uint32_t ptr, uint32_t *out);
bool jmon_guest_load_u64(const wasm_rt_memory_t *mem, uint32_t ptr, uint64_t *out);
bool jmon_guest_load_u16(const wasm_rt_memory_t *mem, uint32_t ptr, uint16_t *out);
bool jmon_guest_load_u8(const wasm_rt_memory_t *mem, uint32_t ptr, uint8_t *out);
bool jmon_guest_store_u8(const wasm_rt_memory_t *mem, uint32_t ptr, uint8_t v);
bool jmon_guest_store_u16(const wasm_rt_memory_t *mem, uint32_t ptr, uint16_t v);
bool jmon_guest_store_u32(const wasm_rt_memory_t *mem, uint32_t ptr, uint32_t v);
bool jmon_guest_store_u64(const wasm_rt_memory_t *mem, uint32_t ptr, uint64_t v);

/**
 * Check a whole guest iovec array: the array itself and every buffer it names.
 * @return true when all of it is in range (an empty array is fine); false otherwise.
 */
bool jmon_guest_iovecs_ok(const wasm_rt_memory_t *mem, uint32_t iovs_ptr, uint32_t iovs_len);

/**
 * The i-th iovec of an array already accepted by jmon_guest_iovecs_ok().
 * @return false when it is out of range after all (memory changed): caller reports EFAULT.
 */
bool jmon_guest_iovec_at(const wasm_rt_memory_t *mem, uint32_t iovs_ptr, uint32_t i,
                         jmon_guest_buf_t *out);

#endif
