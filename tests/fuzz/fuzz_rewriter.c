/* fuzz_rewriter.c: libFuzzer target — read → jmon_rewrite (stack guard + fuel) → write; the output must decode again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../translator/rewriter.h"
#include "../../translator/wasm_module.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_fail(const char *what, const jmon_wasm_error_t *err) {
  fprintf(stderr, "fuzz_rewriter: %s: %s at 0x%zx\n", what, err ? err->message : "", err ? err->offset : 0);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t *copy = malloc(size ? size : 1);
  if (!copy) return 0;
  memcpy(copy, data, size);
  jmon_wasm_module_t m = {0};
  jmon_wasm_error_t err = {0};
  if (jmon_wasm_read(copy, size, &m, &err) != JMON_WASM_OK) return 0;

  /* The options jmon-aot uses for --probes fuel (no interpreter pc probe: none is found here). */
  jmon_rewrite_options_t opts = {.stack_guard = true, .fuel = true, .pc_func = -1, .pc_instr = -1};
  jmon_rewrite_result_t res = {0};
  if (jmon_rewrite(&m, &opts, &res) != 0) {  /* out of memory only */
    jmon_wasm_free(&m);
    return 0;
  }
  uint8_t *out = NULL;
  size_t out_size = 0;
  if (jmon_wasm_write(&m, &out, &out_size, &err) != JMON_WASM_OK) {
    if (err.status != JMON_WASM_ERR_NOMEM) fuzz_fail("rewritten module does not encode", &err);
    jmon_wasm_free(&m);
    return 0;
  }
  jmon_wasm_module_t again = {0};
  if (jmon_wasm_read(out, out_size, &again, &err) != JMON_WASM_OK)
    fuzz_fail("rewritten module does not decode", &err);
  /* The probe imports come in front of the defined functions: counts must add up. */
  if (again.nimported_funcs != m.nimported_funcs || again.nfuncs != m.nfuncs)
    fuzz_fail("function counts changed across write/read", NULL);
  /* Write the output for the replay script's wasm-validate pass when asked to. */
  const char *dump = getenv("JMON_FUZZ_REWRITE_OUT");
  if (dump) {
    FILE *f = fopen(dump, "wb");
    if (f) {
      fwrite(out, 1, out_size, f);
      fclose(f);
    }
  }
  jmon_wasm_free(&again);
  jmon_wasm_free(&m);
  return 0;
}
