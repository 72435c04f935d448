/* object_cache.h: content-addressed cache of compiled objects (and other build products),
 * keyed by a SHA-256 over exactly what determines them. */
#ifndef JMON_OBJECT_CACHE_H
#define JMON_OBJECT_CACHE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  bool enabled;
  char dir[4096];     /**< .../jmon-aot/objects */
} jmon_cache_t;

/**
 * Open the cache at `dir` (NULL: $XDG_CACHE_HOME/jmon-aot, else ~/.cache/jmon-aot), creating it.
 * A cache that cannot be created is disabled, never an error: the build just recompiles.
 */
void jmon_cache_open(jmon_cache_t *cache, const char *dir, bool enabled);

/** Incremental SHA-256 over the parts that determine a cached product. */
typedef struct jmon_hash jmon_hash_t;

/** @return a new hash state, or NULL when out of memory. */
jmon_hash_t *jmon_hash_new(void);
/** Add a labelled part; the label and the length are hashed too, so parts cannot run together. */
void jmon_hash_part(jmon_hash_t *h, const char *label, const void *data, size_t len);
/** Finish into 64 hex characters + NUL and free the state. */
void jmon_hash_finish(jmon_hash_t *h, char hex[65]);
/** Free without finishing. */
void jmon_hash_free(jmon_hash_t *h);

/** SHA-256 of a buffer as hex. @return 0, or -1 when out of memory. */
int jmon_sha256_hex(const void *data, size_t len, char hex[65]);

/**
 * Put the cached product `key` at `dest` (hard link, else copy).
 * @return true when it was in the cache.
 */
bool jmon_cache_fetch(const jmon_cache_t *cache, const char *key, const char *suffix, const char *dest);

/** Store `src` under `key` (atomically: temporary file + rename). Failures are silent. */
void jmon_cache_store(const jmon_cache_t *cache, const char *key, const char *suffix, const char *src);

#endif
