/* cct.c: calling-context trees (see cct.h). */
#include "cct.h"

#include <stdio.h>
#include <stdlib.h>

jmon_node_t jmon_no_node = {.func = UINT32_MAX - 1};

#define CHUNK_BITS 12
#define CHUNK_NODES ((size_t)1 << CHUNK_BITS)

static void out_of_memory(void) {
  fprintf(stderr, "app_mon: internal error: out of memory for the profile\n");
  abort();
}

static size_t bucket_of(const jmon_cct_t *t, const jmon_node_t *parent, uint32_t key) {
  uint64_t h = (uint64_t)parent->id * 0x9E3779B97F4A7C15ull ^ ((uint64_t)key * 0xC2B2AE3D27D4EB4Full);
  return (size_t)(h ^ (h >> 31)) & (t->nbuckets - 1);
}

static void rehash(jmon_cct_t *t) {
  size_t n = t->nbuckets ? t->nbuckets * 2 : (size_t)1 << 12;
  jmon_node_t **b = calloc(n, sizeof *b);
  if (!b) out_of_memory();
  jmon_node_t **old = t->buckets;
  size_t oldn = t->nbuckets;
  t->buckets = b;
  t->nbuckets = n;
  for (size_t i = 0; i < oldn; i++) {
    for (jmon_node_t *x = old[i]; x;) {
      jmon_node_t *next = x->hash_next;
      size_t k = bucket_of(t, x->parent, x->func);
      x->hash_next = t->buckets[k];
      t->buckets[k] = x;
      x = next;
    }
  }
  free(old);
}

static jmon_node_t *new_node(jmon_cct_t *t, jmon_node_t *parent, uint32_t key) {
  size_t c = t->nnodes >> CHUNK_BITS;
  if (c >= t->nchunks_cap) {
    size_t cap = t->nchunks_cap ? t->nchunks_cap * 2 : 64;
    jmon_node_t **q = realloc(t->chunks, cap * sizeof *q);
    if (!q) out_of_memory();
    for (size_t i = t->nchunks_cap; i < cap; i++) q[i] = NULL;
    t->chunks = q;
    t->nchunks_cap = cap;
  }
  if (!t->chunks[c]) {
    t->chunks[c] = calloc(CHUNK_NODES, sizeof(jmon_node_t));
    if (!t->chunks[c]) out_of_memory();
  }
  jmon_node_t *n = &t->chunks[c][t->nnodes & (CHUNK_NODES - 1)];
  n->id = (uint32_t)t->nnodes++;
  n->func = key;
  n->parent = parent;
  n->depth = parent ? parent->depth + 1 : 0;
  for (uint32_t i = 0; i < JMON_KID_SLOTS; i++) n->kids[i] = &jmon_no_node;
  return n;
}

void jmon_cct_init(jmon_cct_t *t) {
  if (t->root) return;
  rehash(t);
  t->root = new_node(t, NULL, UINT32_MAX);
}

jmon_node_t *jmon_cct_child(jmon_cct_t *t, jmon_node_t *parent, uint32_t key) {
  if (t->nnodes >= t->nbuckets) rehash(t);
  size_t k = bucket_of(t, parent, key);
  jmon_node_t *n = t->buckets[k];
  while (n && !(n->parent == parent && n->func == key)) n = n->hash_next;
  if (!n) {
    n = new_node(t, parent, key);
    n->hash_next = t->buckets[k];
    t->buckets[k] = n;
  }
  /* Two-way cache: a free slot of the pair, else the first (its old child moves to the second
   * when that is free of this pair's own): two children alternating keep both cached. */
  jmon_node_t **a = &parent->kids[JMON_KID_SLOT(key)], **b = &parent->kids[JMON_KID_SLOT2(key)];
  if (*a == &jmon_no_node) *a = n;
  else if (*b == &jmon_no_node || *b == n) *b = n;
  else { *b = *a; *a = n; }
  return n;
}

jmon_node_t *jmon_cct_node(const jmon_cct_t *t, size_t id) {
  return &t->chunks[id >> CHUNK_BITS][id & (CHUNK_NODES - 1)];
}
