/* samples.h: the profile's stacks as one frame table + weighted samples, for every stack format. */
#ifndef JMON_SAMPLES_H
#define JMON_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"

typedef struct {
  char *label;       /**< unique display name: JS name (+ " (file:line:col)" when ambiguous),
                          wasm name, or a bracketed pseudo-frame like "[outside JS]" */
  const char *name;  /**< the bare function name */
  const char *file;  /**< "" for wasm and pseudo-frames */
  uint64_t line, col;
} jmon_frame_t;

typedef struct {
  uint32_t *frames;  /**< indices into jmon_samples_t.frames, root first */
  size_t depth;
  uint64_t weight;   /**< fuel */
} jmon_sample_t;

typedef struct {
  jmon_frame_t *frames;   size_t nframes;
  jmon_sample_t *samples; size_t nsamples;
  uint64_t total;         /**< Σ weights: equals the profile's total_fuel when consistent */
  bool js;                /**< built from js_stacks (else wasm_stacks) */
} jmon_samples_t;

/**
 * Build samples from js_stacks (+ an "[outside JS]" sample for outside_js_fuel) when the
 * profile has JS fields, else from wasm_stacks. Zero-weight stacks are dropped. When the
 * stacks sum to less than total_fuel, the difference becomes an "[unattributed]" sample and
 * a warning goes to stderr, so weights always sum to total_fuel unless the stacks exceed it.
 * @return 0, or -1 (out of memory). Free with jmon_samples_free.
 */
int jmon_samples_build(const jmon_profile_t *prof, jmon_samples_t *out);
void jmon_samples_free(jmon_samples_t *s);

#endif
