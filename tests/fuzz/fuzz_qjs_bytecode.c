/* fuzz_qjs_bytecode.c: libFuzzer target — jmon_qjs_parse (translator/qjs_bytecode.h) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../translator/qjs_bytecode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* An exact-size heap copy, so ASan catches reads past the end. */
  uint8_t *copy = malloc(size ? size : 1);
  if (!copy) return 0;
  memcpy(copy, data, size);
  jmon_qjs_module_t m;
  char err[256];
  if (jmon_qjs_parse(copy, size, &m, err, sizeof err) == JMON_QJS_OK) {
    /* Walk what the parser promises: names, bytecode inside the buffer, pc2line lookups. */
    unsigned sum = 0;
    for (uint32_t i = 0; i < m.nfunctions; i++) {
      const jmon_qjs_function_t *f = &m.functions[i];
      sum += (unsigned)strlen(f->name) + (unsigned)strlen(f->filename);
      if (f->bytecode_len && (f->bytecode < copy || f->bytecode + f->bytecode_len > copy + size)) abort();
      for (uint32_t pc = 0; pc <= f->bytecode_len && pc < 64; pc++) {
        int32_t line, col;
        jmon_qjs_line_at(f, pc, &line, &col);
        sum += (unsigned)line;
      }
      if (f->bytecode_len) sum += jmon_qjs_bytecode_matches(f, f->bytecode, f->bytecode_len);
      if (f->parent >= (int32_t)m.nfunctions) abort();
    }
    (void)sum;
    jmon_qjs_free(&m);
  } else if (memchr(err, 0, sizeof err) == NULL) abort();  /* the message must be terminated */
  free(copy);
  return 0;
}
