/* fuzz_qjs_builtins.c: libFuzzer target — jmon_qjs_builtins_decode (translator/qjs_builtins.h) on an arbitrary memory image. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../translator/qjs_builtins.h"
#include "../../generated/quickjs_opcodes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Input: u32 base address (little endian), then the image of guest memory from base on. The
 * function table maps index i to function 1000 + i for 64 entries. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4) return 0;
  uint32_t base = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
  size_t n = size - 4;
  /* An exact-size heap copy, so ASan catches reads past the end. */
  uint8_t *copy = malloc(n ? n : 1);
  if (!copy) return 0;
  memcpy(copy, data + 4, n);
  uint32_t table[64];
  for (uint32_t i = 0; i < 64; i++) table[i] = 1000 + i;
  jmon_qjs_builtins_t b;
  if (jmon_qjs_builtins_decode(copy, n, base, table, 64, NULL, 0, jmon_qjs_variant_for(JMON_QJS_BC_VERSION), &b) == 0) {
    /* What the decoder promises: named entries, functions from the table or unknown, no names
     * at all after a warning about an inconsistent entry. */
    for (size_t i = 0; i < b.nentries; i++) {
      if (!b.entries[i].name || !b.entries[i].name[0]) abort();
      if (b.entries[i].wasm_func != UINT32_MAX && (b.entries[i].wasm_func < 1000 || b.entries[i].wasm_func >= 1064)) abort();
    }
    if (memchr(b.warning, 0, sizeof b.warning) == NULL) abort();
    jmon_qjs_builtins_free(&b);
  }
  free(copy);
  return 0;
}
