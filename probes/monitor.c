/* monitor.c: fuel counters and the calling-context tree behind the probes. */
#include "monitor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jmon_rt.h"

uint64_t jmon_fuel_saved;
uint64_t jmon_fuel_limit = UINT64_MAX;
jmon_node_t *jmon_cur;

/* Nodes live in fixed chunks so pointers stay valid while the tree grows. */
#define CHUNK_BITS 12
#define CHUNK_NODES ((size_t)1 << CHUNK_BITS)
#define MAX_CHUNKS ((size_t)1 << 16)
static jmon_node_t *g_chunks[MAX_CHUNKS];
static size_t g_nnodes;

/* (parent, func) -> child, chained. Sized for large programs; grows by doubling. */
static jmon_node_t **g_buckets;
static size_t g_nbuckets;

static jmon_node_t *g_root;

static size_t bucket_of(const jmon_node_t *parent, uint32_t func) {
  uint64_t h = ((uint64_t)(uintptr_t)parent >> 4) * 0x9E3779B97F4A7C15ull ^ (func * 0xC2B2AE3Du);
  return (size_t)(h ^ (h >> 29)) & (g_nbuckets - 1);
}

static void out_of_memory(void) {
  fprintf(stderr, "app_mon: internal error: out of memory for the profile\n");
  abort();
}

static void rehash(void) {
  size_t n = g_nbuckets ? g_nbuckets * 2 : (size_t)1 << 14;
  jmon_node_t **b = calloc(n, sizeof *b);
  if (!b) out_of_memory();
  jmon_node_t **old = g_buckets;
  size_t oldn = g_nbuckets;
  g_buckets = b;
  g_nbuckets = n;
  for (size_t i = 0; i < oldn; i++) {
    for (jmon_node_t *x = old[i]; x;) {
      jmon_node_t *next = x->hash_next;
      size_t k = bucket_of(x->parent, x->func);
      x->hash_next = g_buckets[k];
      g_buckets[k] = x;
      x = next;
    }
  }
  free(old);
}

static jmon_node_t *new_node(jmon_node_t *parent, uint32_t func) {
  size_t c = g_nnodes >> CHUNK_BITS;
  if (c >= MAX_CHUNKS) out_of_memory();
  if (!g_chunks[c]) {
    g_chunks[c] = calloc(CHUNK_NODES, sizeof(jmon_node_t));
    if (!g_chunks[c]) out_of_memory();
  }
  jmon_node_t *n = &g_chunks[c][g_nnodes & (CHUNK_NODES - 1)];
  n->id = (uint32_t)g_nnodes++;
  n->func = func;
  n->parent = parent;
  n->depth = parent ? parent->depth + 1 : 0;
  return n;
}

jmon_node_t *jmon_enter_slow(uint32_t func) {
  jmon_node_t *parent = jmon_cur;
  if (g_nnodes >= g_nbuckets) rehash();
  size_t k = bucket_of(parent, func);
  jmon_node_t *n = g_buckets[k];
  while (n && !(n->parent == parent && n->func == func)) n = n->hash_next;
  if (!n) {
    n = new_node(parent, func);
    n->hash_next = g_buckets[k];
    g_buckets[k] = n;
  }
  parent->last_child = n;
  return n;
}

void jmon_out_of_fuel(uint64_t unsaved) {
  jmon_save(unsaved);
  /* wasmtime reports the budget after running out (get_fuel() clamps at 0): take the overshoot
   * back from the most recent stacks, so every sum still adds up to the reported total. */
  if (jmon_fuel_saved > jmon_fuel_limit) {
    uint64_t excess = jmon_fuel_saved - jmon_fuel_limit;
    jmon_fuel_saved = jmon_fuel_limit;
    for (jmon_node_t *n = jmon_cur; n && excess; n = n->parent) {
      uint64_t take = n->self_fuel < excess ? n->self_fuel : excess;
      n->self_fuel -= take;
      excess -= take;
    }
    for (size_t i = g_nnodes; i-- > 0 && excess;) {
      jmon_node_t *n = jmon_monitor_node(i);
      uint64_t take = n->self_fuel < excess ? n->self_fuel : excess;
      n->self_fuel -= take;
      excess -= take;
    }
  }
  jmon_trap_with_reason("all fuel consumed by WebAssembly");
}

void jmon_probes_init(void) {
  const char *lim = getenv("JMON_FUEL_LIMIT");
  if (lim && *lim) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(lim, &end, 10);
    if (errno || *end || lim[0] == '-') jmon_warn("JMON_FUEL_LIMIT=%s is not a number: ignored", lim);
    else jmon_fuel_limit = v;
  }
  if (!g_root) {
    rehash();
    g_root = new_node(NULL, UINT32_MAX);
  }
  jmon_cur = g_root;
}

jmon_node_t *jmon_monitor_root(void) { return g_root; }
size_t jmon_monitor_node_count(void) { return g_nnodes; }
jmon_node_t *jmon_monitor_node(size_t id) { return &g_chunks[id >> CHUNK_BITS][id & (CHUNK_NODES - 1)]; }
uint64_t jmon_monitor_total_fuel(void) { return jmon_fuel_saved; }

void jmon_probes_at_exit(int exit_code, const char *trap) {
  const char *path = getenv("JMON_PROFILE");
  if (!path || !*path) path = "jmon-profile.json";
  int rc = jmon_profile_write(path, exit_code, trap);
  if (rc != 0) fprintf(stderr, "app_mon: cannot write the profile %s: %s\n", path, strerror(errno));
  const char *summary = getenv("JMON_SUMMARY");
  if (summary && strcmp(summary, "1") == 0) {
    fprintf(stderr, "jmon: total_fuel=%llu exit=%d%s%s profile=%s\n",
            (unsigned long long)jmon_fuel_saved, exit_code, trap ? " trap=" : "", trap ? trap : "",
            rc == 0 ? path : "(not written)");
  }
}
