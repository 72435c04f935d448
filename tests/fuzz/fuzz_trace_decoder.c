/* fuzz_trace_decoder.c: libFuzzer target — the JMON_TRACE reader (report/trace_reader.h) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zstd.h>

#include "../../report/trace_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch every byte of a NAME so ASan sees an out-of-bounds name pointer. */
static int fuzz_event(const jmon_trace_event_t *ev, void *ctx) {
  unsigned *sum = ctx;
  for (size_t i = 0; i < ev->name_len; i++) *sum += (unsigned char)ev->name[i];
  *sum += ev->kind + ev->id + (unsigned)ev->fuel;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned sum = 0;
  jmon_trace_info_t info;
  /* Mutated zstd frames rarely decompress, so inputs starting with 'Z' are an event stream
   * (header + events) that is compressed here first: the fuzzer then reaches the event parser. */
  if (size > 0 && data[0] == 'Z') {
    size_t bound = ZSTD_compressBound(size - 1);
    void *z = malloc(bound);
    if (!z) return 0;
    size_t zn = ZSTD_compress(z, bound, data + 1, size - 1, 1);
    if (!ZSTD_isError(zn)) jmon_trace_read_buffer(z, zn, fuzz_event, &sum, &info);
    free(z);
    return 0;
  }
  jmon_trace_read_buffer(data, size, fuzz_event, &sum, &info);
  /* The header module name must stay NUL-terminated whatever the input. */
  if (memchr(info.module, 0, sizeof info.module) == NULL) abort();
  /* Without a callback too: the reader must not depend on one. */
  jmon_trace_read_buffer(data, size, NULL, NULL, &info);
  return 0;
}
