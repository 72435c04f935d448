/* fuzz_wasm_reader.c: libFuzzer target — jmon_wasm_read on arbitrary bytes; what decodes must re-encode and decode again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../translator/wasm_module.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort (a crash libFuzzer and replay both report) when an invariant breaks. */
static void fuzz_fail(const char *what, const jmon_wasm_error_t *err) {
  fprintf(stderr, "fuzz_wasm_reader: %s: %s at 0x%zx\n", what, err->message, err->offset);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* The reader takes ownership of a malloc'd buffer. */
  uint8_t *copy = malloc(size ? size : 1);
  if (!copy) return 0;
  memcpy(copy, data, size);
  jmon_wasm_module_t m = {0};
  jmon_wasm_error_t err = {0};
  if (jmon_wasm_read(copy, size, &m, &err) != JMON_WASM_OK) return 0;

  uint8_t *out = NULL;
  size_t out_size = 0;
  if (jmon_wasm_write(&m, &out, &out_size, &err) != JMON_WASM_OK) {
    /* The writer may refuse only for lack of memory. */
    if (err.status != JMON_WASM_ERR_NOMEM) fuzz_fail("decoded module does not encode", &err);
    jmon_wasm_free(&m);
    return 0;
  }
  jmon_wasm_module_t again = {0};
  if (jmon_wasm_read(out, out_size, &again, &err) != JMON_WASM_OK)
    fuzz_fail("re-encoded module does not decode", &err);
  jmon_wasm_free(&again);
  jmon_wasm_free(&m);
  return 0;
}
