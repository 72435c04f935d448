/* object_cache.c: the compile cache. Entries are written to a temporary name and renamed, so a
 * concurrent or interrupted build never sees a half-written object; a key covers everything that
 * determines the product, so a stale entry cannot match. */
#include "object_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int mkdir_p(const char *path) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s", path);
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  return (mkdir(tmp, 0755) == 0 || errno == EEXIST) ? 0 : -1;
}

void jmon_cache_open(jmon_cache_t *cache, const char *dir, bool enabled) {
  memset(cache, 0, sizeof *cache);
  if (!enabled) return;
  char base[4000];
  if (dir) {
    snprintf(base, sizeof base, "%s", dir);
  } else {
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg) snprintf(base, sizeof base, "%s/jmon-aot", xdg);
    else if (home && *home) snprintf(base, sizeof base, "%s/.cache/jmon-aot", home);
    else return;
  }
  snprintf(cache->dir, sizeof cache->dir, "%s/objects", base);
  cache->enabled = mkdir_p(cache->dir) == 0;
}

struct jmon_hash { EVP_MD_CTX *ctx; };

jmon_hash_t *jmon_hash_new(void) {
  jmon_hash_t *h = malloc(sizeof *h);
  if (!h) return NULL;
  h->ctx = EVP_MD_CTX_new();
  if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
    EVP_MD_CTX_free(h->ctx);
    free(h);
    return NULL;
  }
  return h;
}

void jmon_hash_part(jmon_hash_t *h, const char *label, const void *data, size_t len) {
  uint64_t n = len;
  EVP_DigestUpdate(h->ctx, label, strlen(label) + 1);
  EVP_DigestUpdate(h->ctx, &n, sizeof n);
  EVP_DigestUpdate(h->ctx, data, len);
}

static void to_hex(const unsigned char *md, unsigned n, char *hex) {
  static const char digits[] = "0123456789abcdef";
  for (unsigned i = 0; i < n; i++) {
    hex[2 * i] = digits[md[i] >> 4];
    hex[2 * i + 1] = digits[md[i] & 15];
  }
  hex[2 * n] = 0;
}

void jmon_hash_finish(jmon_hash_t *h, char hex[65]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  EVP_DigestFinal_ex(h->ctx, md, &n);
  to_hex(md, n, hex);
  jmon_hash_free(h);
}

void jmon_hash_free(jmon_hash_t *h) {
  if (!h) return;
  EVP_MD_CTX_free(h->ctx);
  free(h);
}

int jmon_sha256_hex(const void *data, size_t len, char hex[65]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1) return -1;
  to_hex(md, n, hex);
  return 0;
}

static void entry_path(const jmon_cache_t *c, const char *key, const char *suffix, char *out, size_t n) {
  snprintf(out, n, "%s/%.2s/%s%s", c->dir, key, key + 2, suffix);
}

static int copy_file(const char *src, const char *dst) {
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0) return -1;
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) { close(in); return -1; }
  char buf[1 << 16];
  ssize_t r;
  int rc = 0;
  while ((r = read(in, buf, sizeof buf)) > 0) {
    for (ssize_t off = 0; off < r;) {
      ssize_t w = write(out, buf + off, (size_t)(r - off));
      if (w < 0) { if (errno == EINTR) continue; rc = -1; break; }
      off += w;
    }
    if (rc) break;
  }
  if (r < 0) rc = -1;
  close(in);
  if (close(out) != 0) rc = -1;
  return rc;
}

bool jmon_cache_fetch(const jmon_cache_t *cache, const char *key, const char *suffix, const char *dest) {
  if (!cache->enabled) return false;
  char path[4400];
  entry_path(cache, key, suffix, path, sizeof path);
  unlink(dest);
  if (link(path, dest) == 0) return true;
  if (access(path, R_OK) != 0) return false;
  return copy_file(path, dest) == 0;
}

void jmon_cache_store(const jmon_cache_t *cache, const char *key, const char *suffix, const char *src) {
  if (!cache->enabled) return;
  char dir[4200], path[4400], tmp[4500];
  snprintf(dir, sizeof dir, "%s/%.2s", cache->dir, key);
  if (mkdir_p(dir) != 0) return;
  entry_path(cache, key, suffix, path, sizeof path);
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  if (copy_file(src, tmp) != 0 || rename(tmp, path) != 0) unlink(tmp);
}
