/* samples.c: maps profile stacks (wasm indices or JS ids) onto one deduplicated frame table. */
#include "samples.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  uint32_t key;   /* wasm index or js id */
  uint32_t frame; /* index into the frame table, or UINT32_MAX before first use */
} key_slot_t;

static int cmp_slot(const void *a, const void *b) {
  uint32_t x = ((const key_slot_t *)a)->key, y = ((const key_slot_t *)b)->key;
  return x < y ? -1 : x > y;
}

typedef struct {
  jmon_samples_t *s;
  size_t frame_cap, sample_cap;
} builder_t;

static int add_frame(builder_t *b, char *label, const char *name, const char *file,
                     uint64_t line, uint64_t col, uint32_t *out) {
  jmon_samples_t *s = b->s;
  if (!label) return -1;
  if (s->nframes == b->frame_cap) {
    size_t cap = b->frame_cap ? b->frame_cap * 2 : 64;
    jmon_frame_t *f = realloc(s->frames, cap * sizeof *f);
    if (!f) {
      free(label);
      return -1;
    }
    s->frames = f;
    b->frame_cap = cap;
  }
  s->frames[s->nframes] = (jmon_frame_t){label, name, file, line, col};
  *out = (uint32_t)s->nframes++;
  return 0;
}

static int add_sample(builder_t *b, uint32_t *frames, size_t depth, uint64_t weight) {
  jmon_samples_t *s = b->s;
  if (s->nsamples == b->sample_cap) {
    size_t cap = b->sample_cap ? b->sample_cap * 2 : 64;
    jmon_sample_t *x = realloc(s->samples, cap * sizeof *x);
    if (!x) {
      free(frames);
      return -1;
    }
    s->samples = x;
    b->sample_cap = cap;
  }
  s->samples[s->nsamples++] = (jmon_sample_t){frames, depth, weight};
  s->total += weight;
  return 0;
}

static int pseudo_sample(builder_t *b, const char *label, uint64_t weight) {
  uint32_t fi, *frames = malloc(sizeof *frames);
  if (!frames || add_frame(b, strdup(label), label, "", 0, 0, &fi) != 0) {
    free(frames);
    return -1;
  }
  frames[0] = fi;
  return add_sample(b, frames, 1, weight);
}

/* The label of a JS function: its name, made unique by its position when the name repeats. */
static char *js_label(const jmon_profile_t *p, const jmon_js_func_t *f) {
  size_t same = 0;
  for (size_t i = 0; i < p->njs_funcs; i++) same += strcmp(p->js_funcs[i].name, f->name) == 0;
  size_t n = strlen(f->name) + strlen(f->file) + 64;
  char *s = malloc(n);
  if (!s) return NULL;
  if (same > 1)
    snprintf(s, n, "%s (%s:%" PRIu64 ":%" PRIu64 ")", f->name, *f->file ? f->file : "?",
             f->line, f->col);
  else
    snprintf(s, n, "%s", f->name);
  return s;
}

int jmon_samples_build(const jmon_profile_t *p, jmon_samples_t *s) {
  memset(s, 0, sizeof *s);
  builder_t b = {s, 0, 0};
  s->js = p->has_js;
  const jmon_stack_t *stacks = s->js ? p->js_stacks : p->wasm_stacks;
  size_t nstacks = s->js ? p->njs_stacks : p->nwasm_stacks;
  size_t nkeys = s->js ? p->njs_funcs : p->nwasm_funcs;
  /* A wasm-only profile without wasm_stacks (not collected): each function's self fuel as a
   * stack of one frame, so every format still sums to total_fuel. */
  jmon_stack_t *flat = NULL;
  if (!s->js && !p->has_wasm_stacks) {
    flat = calloc(p->nwasm_funcs ? p->nwasm_funcs : 1, sizeof *flat);
    if (!flat) return -1;
    for (size_t i = 0; i < p->nwasm_funcs; i++)
      flat[i] = (jmon_stack_t){(uint32_t *)&p->wasm_funcs[i].index, 1, p->wasm_funcs[i].self_fuel};
    stacks = flat;
    nstacks = p->nwasm_funcs;
  }
  key_slot_t *slots = calloc(nkeys ? nkeys : 1, sizeof *slots);
  if (!slots) {
    free(flat);
    return -1;
  }
  for (size_t i = 0; i < nkeys; i++) {
    slots[i].key = s->js ? p->js_funcs[i].id : p->wasm_funcs[i].index;
    slots[i].frame = UINT32_MAX;
  }
  qsort(slots, nkeys, sizeof *slots, cmp_slot);
  /* Unknown keys (not in the function list) get frames too, numbered after the known ones. */
  key_slot_t *extra = NULL;
  size_t nextra = 0;
  for (size_t i = 0; i < nstacks; i++) {
    const jmon_stack_t *st = &stacks[i];
    if (!st->fuel) continue;
    uint32_t *frames = malloc((st->depth ? st->depth : 1) * sizeof *frames);
    if (!frames) goto fail;
    for (size_t d = 0; d < st->depth; d++) {
      key_slot_t want = {st->frames[d], 0};
      key_slot_t *slot = bsearch(&want, slots, nkeys, sizeof *slots, cmp_slot);
      for (size_t k = 0; !slot && k < nextra; k++)
        if (extra[k].key == want.key) slot = &extra[k];
      if (!slot) {
        key_slot_t *more = realloc(extra, (nextra + 1) * sizeof *extra);
        if (!more) {
          free(frames);
          goto fail;
        }
        extra = more;
        slot = &extra[nextra++];
        *slot = (key_slot_t){want.key, UINT32_MAX};
      }
      if (slot->frame == UINT32_MAX) {
        char buf[48];
        int rc;
        const jmon_js_func_t *jf = s->js ? jmon_profile_js_func(p, slot->key) : NULL;
        const jmon_wasm_func_t *wf = s->js ? NULL : jmon_profile_wasm_func(p, slot->key);
        if (jf) {
          rc = add_frame(&b, js_label(p, jf), jf->name, jf->file, jf->line, jf->col, &slot->frame);
        } else if (wf && *wf->name) {
          rc = add_frame(&b, strdup(wf->name), wf->name, "", 0, 0, &slot->frame);
        } else {
          snprintf(buf, sizeof buf, s->js ? "js#%u" : "f%u", slot->key);
          char *label = strdup(buf);
          rc = add_frame(&b, label, label, "", 0, 0, &slot->frame);
        }
        if (rc != 0) {
          free(frames);
          goto fail;
        }
      }
      frames[d] = slot->frame;
    }
    if (add_sample(&b, frames, st->depth, st->fuel) != 0) goto fail;
  }
  if (s->js && p->outside_js_fuel && pseudo_sample(&b, "[outside JS]", p->outside_js_fuel) != 0)
    goto fail;
  if (s->total < p->total_fuel) {
    fprintf(stderr, "jmon-report: warning: stacks sum to %" PRIu64 ", total_fuel is %" PRIu64
            "; the difference is shown as [unattributed]\n", s->total, p->total_fuel);
    if (pseudo_sample(&b, "[unattributed]", p->total_fuel - s->total) != 0) goto fail;
  } else if (s->total > p->total_fuel) {
    fprintf(stderr, "jmon-report: warning: stacks sum to %" PRIu64 ", more than total_fuel %"
            PRIu64 "\n", s->total, p->total_fuel);
  }
  free(slots);
  free(extra);
  free(flat);
  return 0;
fail:
  free(slots);
  free(extra);
  free(flat);
  jmon_samples_free(s);
  return -1;
}

void jmon_samples_free(jmon_samples_t *s) {
  for (size_t i = 0; i < s->nframes; i++) free(s->frames[i].label);
  for (size_t i = 0; i < s->nsamples; i++) free(s->samples[i].frames);
  free(s->frames);
  free(s->samples);
  memset(s, 0, sizeof *s);
}
