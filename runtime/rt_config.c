/* rt_config.c: app_mon's settings from argv and JMON_* environment variables (app_mon parses
 * no options of its own: everything after argv[0] goes to the guest). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_internal.h"

#define MAX_STACK_MB (1024 * 1024)  /* 1 TiB of address space is plenty */

static bool fail(jmon_rt_config_t *cfg, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&cfg->error, fmt, ap) < 0) cfg->error = NULL;
  va_end(ap);
  return false;
}

/* Split a copy of s on ',' (empty items dropped). @return the count, or -1 without memory. */
static int split_commas(const char *s, char ***items) {
  int n = 0, cap = 0;
  char **v = NULL;
  const char *p = s;
  *items = NULL;
  while (*p != '\0') {
    const char *end = strchr(p, ',');
    size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
    if (len > 0) {
      if (n == cap) {
        cap = cap ? cap * 2 : 4;
        char **grown = realloc(v, (size_t)cap * sizeof *grown);
        if (grown == NULL) goto nomem;
        v = grown;
      }
      v[n] = strndup(p, len);
      if (v[n] == NULL) goto nomem;
      n++;
    }
    p += len;
    if (*p == ',') p++;
  }
  *items = v;
  return n;
nomem:
  for (int i = 0; i < n; i++) free(v[i]);
  free(v);
  return -1;
}

static bool load_env(jmon_rt_config_t *cfg) {
  const char *spec = getenv("JMON_ENV");
  char **items;
  int n;
  if (spec == NULL) return true;  /* like wasmtime: the guest sees an empty environment */
  n = split_commas(spec, &items);
  if (n < 0) return fail(cfg, "out of memory");
  cfg->env = items;
  cfg->wasi.envc = n;
  cfg->wasi.env = (const char *const *)items;
  for (int i = 0; i < n; i++) {
    if (strchr(items[i], '=') != NULL) continue;
    /* a bare NAME passes the host's value through, like `wasmtime run --env NAME` */
    const char *host = getenv(items[i]);
    char *kv = NULL;
    if (asprintf(&kv, "%s=%s", items[i], host != NULL ? host : "") < 0) return fail(cfg, "out of memory");
    free(items[i]);
    items[i] = kv;
  }
  return true;
}

static bool load_dirs(jmon_rt_config_t *cfg) {
  const char *spec = getenv("JMON_DIR");
  char **items;
  int n;
  if (spec == NULL) return true;
  n = split_commas(spec, &items);
  if (n < 0) return fail(cfg, "out of memory");
  cfg->preopens = calloc(n > 0 ? (size_t)n : 1, sizeof *cfg->preopens);
  if (cfg->preopens == NULL) {
    for (int i = 0; i < n; i++) free(items[i]);
    free(items);
    return fail(cfg, "out of memory");
  }
  for (int i = 0; i < n; i++) {
    char *sep = strstr(items[i], "::");  /* host[::guest]; one allocation holds both */
    cfg->preopens[i].host = items[i];
    cfg->preopens[i].guest = NULL;
    if (sep != NULL) {
      *sep = '\0';
      cfg->preopens[i].guest = sep + 2;
    }
  }
  free(items);
  cfg->wasi.npreopens = n;
  cfg->wasi.preopens = cfg->preopens;
  for (int i = 0; i < n; i++)
    if (cfg->preopens[i].host[0] == '\0') return fail(cfg, "JMON_DIR: empty host directory");
  return true;
}

static bool load_stack(jmon_rt_config_t *cfg) {
  const char *s = getenv("JMON_STACK_MB");
  unsigned long long mb = JMON_RT_DEFAULT_STACK_MB;
  if (s != NULL && *s != '\0') {
    char *end = NULL;
    errno = 0;
    mb = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || s[0] == '-' || mb < 1 || mb > MAX_STACK_MB)
      return fail(cfg, "JMON_STACK_MB: expected a number of MiB from 1 to %d, got '%s'",
                  MAX_STACK_MB, s);
  }
  cfg->stack_bytes = (size_t)mb << 20;
  return true;
}

bool jmon_rt_config_load(jmon_rt_config_t *cfg, const char *module_name, int argc, char **argv) {
  const char *det = getenv("JMON_DETERMINISTIC");
  memset(cfg, 0, sizeof *cfg);
  cfg->wasi.stdio_fds[0] = STDIN_FILENO;
  cfg->wasi.stdio_fds[1] = STDOUT_FILENO;
  cfg->wasi.stdio_fds[2] = STDERR_FILENO;
  cfg->wasi.deterministic = det != NULL && det[0] != '\0' && strcmp(det, "0") != 0;
  cfg->args = calloc(argc > 0 ? (size_t)argc : 1, sizeof *cfg->args);
  if (cfg->args == NULL) return fail(cfg, "out of memory");
  cfg->args[0] = module_name != NULL ? module_name : "app.wasm";
  for (int i = 1; i < argc; i++) cfg->args[i] = argv[i];
  cfg->wasi.argc = argc > 0 ? argc : 1;
  cfg->wasi.argv = cfg->args;
  return load_stack(cfg) && load_env(cfg) && load_dirs(cfg);
}

void jmon_rt_config_free(jmon_rt_config_t *cfg) {
  free(cfg->args);
  for (int i = 0; cfg->env != NULL && i < cfg->wasi.envc; i++) free(cfg->env[i]);
  free(cfg->env);
  for (int i = 0; cfg->preopens != NULL && i < cfg->wasi.npreopens; i++)
    free((char *)cfg->preopens[i].host);
  free(cfg->preopens);
  free(cfg->error);
  memset(cfg, 0, sizeof *cfg);
}
