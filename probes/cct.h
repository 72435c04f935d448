/* cct.h: a calling-context tree — one node per distinct stack of frames — with stable node
 * pointers and a (parent, key) hash, shared by the wasm-function and the JS-function monitors. */
#ifndef JMON_CCT_H
#define JMON_CCT_H

#include <stddef.h>
#include <stdint.h>
#include "jmon_probes.h"

/** A tree. Zero-initialise, then jmon_cct_init(). Never freed: it lives until the process ends. */
typedef struct {
  jmon_node_t **chunks;    /**< fixed-size chunks: node pointers never move */
  size_t nchunks_cap;
  size_t nnodes;
  jmon_node_t **buckets;
  size_t nbuckets;
  jmon_node_t *root;
} jmon_cct_t;

/** Make the root node (key UINT32_MAX). Aborts with a message when out of memory. */
void jmon_cct_init(jmon_cct_t *t);

/** @return the child of `parent` for `key`, made when new; also cached in parent->kids. */
jmon_node_t *jmon_cct_child(jmon_cct_t *t, jmon_node_t *parent, uint32_t key);

/** Node `id` (0 = root), in creation order: a parent always comes before its children. */
jmon_node_t *jmon_cct_node(const jmon_cct_t *t, size_t id);

#endif
