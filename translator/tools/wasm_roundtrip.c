/* wasm_roundtrip.c: dev tool that decodes a wasm file and encodes it again (checks reader + writer). */
#include "../wasm_module.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void) {
  fprintf(stderr, "usage: jmon-wasm-roundtrip IN.wasm [OUT.wasm]\n"
                  "       jmon-wasm-roundtrip --dump IN.wasm\n"
                  "  decodes IN and encodes it again; without OUT, reports whether the result\n"
                  "  is byte-identical to IN (exit 1 if not). --dump lists each function\n"
                  "  instruction as `OFFSET: MNEMONIC` (to compare with wasm-objdump -d)\n");
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3 || strcmp(argv[1], "--help") == 0) return usage();
  bool dump = strcmp(argv[1], "--dump") == 0;
  if (dump && argc != 3) return usage();
  const char *in_path = dump ? argv[2] : argv[1];
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  if (jmon_wasm_read_file(in_path, &m, &err) != JMON_WASM_OK) {
    /* I/O failures have no meaningful offset. */
    if (err.status == JMON_WASM_ERR_IO)
      fprintf(stderr, "jmon-wasm-roundtrip: error: %s: %s\n", in_path, err.message);
    else
      fprintf(stderr, "jmon-wasm-roundtrip: error: %s: offset 0x%zx: %s\n", in_path, err.offset,
              err.message);
    return 1;
  }
  int rc = 0;
  if (dump) {
    for (uint32_t i = 0; i < m.nfuncs; i++)
      for (uint32_t j = 0; j < m.funcs[i].ninstrs; j++)
        printf("%06x: %s\n", (unsigned)m.funcs[i].instrs[j].offset,
               jmon_wasm_opcode_name(m.funcs[i].instrs[j].opcode));
  } else if (argc == 3) {
    if (jmon_wasm_write_file(&m, argv[2], &err) != JMON_WASM_OK) {
      fprintf(stderr, "jmon-wasm-roundtrip: error: %s: %s\n", argv[2], err.message);
      rc = 1;
    }
  } else {
    uint8_t *bytes;
    size_t size;
    if (jmon_wasm_write(&m, &bytes, &size, &err) != JMON_WASM_OK) {
      fprintf(stderr, "jmon-wasm-roundtrip: error: %s: %s\n", in_path, err.message);
      rc = 1;
    } else {
      size_t common = size < m.input_size ? size : m.input_size;
      size_t i = 0;
      while (i < common && bytes[i] == m.input[i]) i++;
      if (i == common && size == m.input_size) {
        printf("%s: %zu bytes, re-encoded byte-exactly\n", in_path, size);
      } else {
        fprintf(stderr,
                "jmon-wasm-roundtrip: error: %s: offset 0x%zx: re-encoding differs "
                "(%zu bytes in, %zu out)\n",
                in_path, i, m.input_size, size);
        rc = 1;
      }
      free(bytes);
    }
  }
  jmon_wasm_free(&m);
  return rc;
}
