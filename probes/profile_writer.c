/* profile_writer.c: the profile JSON of INTERFACES.md, written at every kind of exit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jmon_rt.h"
#include "monitor.h"

#ifndef JMON_VERSION
#define JMON_VERSION "0.0.0"
#endif

static void json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '"': fputs("\\\"", f); break;
      case '\\': fputs("\\\\", f); break;
      case '\n': fputs("\\n", f); break;
      case '\t': fputs("\\t", f); break;
      case '\r': fputs("\\r", f); break;
      default:
        if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else fputc(*p, f);
    }
  }
  fputc('"', f);
}

typedef struct {
  uint64_t calls, self_fuel, total_fuel;
} func_stats_t;

/* Per-function calls, self and inclusive fuel from the calling-context tree. Inclusive fuel
 * counts a node's subtree for a function only at the function's outermost frame on the path,
 * so recursion does not count a unit twice. @return 0 or -1 (out of memory). */
static int function_stats(func_stats_t *stats, uint32_t nfuncs) {
  size_t n = jmon_monitor_node_count();
  uint32_t *first = malloc(n * sizeof *first), *next = malloc(n * sizeof *next);
  uint64_t *subtree = calloc(n, sizeof *subtree);
  uint32_t *onpath = calloc(nfuncs, sizeof *onpath);
  uint32_t *stack = malloc(n * sizeof *stack);
  uint8_t *expanded = calloc(n, 1);
  int rc = -1;
  if (!first || !next || !subtree || !onpath || !stack || !expanded) goto done;
  for (size_t i = 0; i < n; i++) first[i] = next[i] = UINT32_MAX;
  for (size_t i = n; i-- > 1;) {   /* reverse, so children come out in creation order */
    jmon_node_t *x = jmon_monitor_node(i);
    next[i] = first[x->parent->id];
    first[x->parent->id] = (uint32_t)i;
  }
  size_t sp = 0;
  stack[sp++] = 0;
  while (sp) {
    uint32_t id = stack[sp - 1];
    jmon_node_t *x = jmon_monitor_node(id);
    bool is_func = x->func < nfuncs;
    if (!expanded[id]) {
      expanded[id] = 1;
      if (is_func) onpath[x->func]++;
      for (uint32_t c = first[id]; c != UINT32_MAX; c = next[c]) stack[sp++] = c;
      continue;
    }
    sp--;
    subtree[id] += x->self_fuel;
    if (x->parent) subtree[x->parent->id] += subtree[id];
    if (is_func) {
      func_stats_t *s = &stats[x->func];
      s->calls += x->calls;
      s->self_fuel += x->self_fuel;
      if (onpath[x->func] == 1) s->total_fuel += subtree[id];
      onpath[x->func]--;
    }
  }
  rc = 0;
done:
  free(first);
  free(next);
  free(subtree);
  free(onpath);
  free(stack);
  free(expanded);
  return rc;
}

static void write_frames(FILE *f, const jmon_node_t *x, uint32_t *buf) {
  uint32_t d = 0;
  for (const jmon_node_t *p = x; p && p->parent; p = p->parent) buf[d++] = p->func;
  fputc('[', f);
  for (uint32_t i = d; i-- > 0;) fprintf(f, "%s%u", i + 1 == d ? "" : ",", buf[i]);
  fputc(']', f);
}

int jmon_profile_write(const char *path, int exit_code, const char *trap) {
  const jmon_probe_info_t *info = &jmon_probe_info;
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) return -1;
  func_stats_t *stats = calloc(info->nfuncs ? info->nfuncs : 1, sizeof *stats);
  size_t n = jmon_monitor_node_count();
  uint32_t maxdepth = 0;
  for (size_t i = 0; i < n; i++)
    if (jmon_monitor_node(i)->depth > maxdepth) maxdepth = jmon_monitor_node(i)->depth;
  uint32_t *frames = malloc(((size_t)maxdepth + 1) * sizeof *frames);
  if (!stats || !frames || function_stats(stats, info->nfuncs) != 0) {
    free(stats);
    free(frames);
    fclose(f);
    unlink(tmp);
    errno = ENOMEM;
    return -1;
  }

  fprintf(f, "{\n  \"schema\": 1,\n  \"tool\": \"jmon-aot %s\",\n  \"module\": ", JMON_VERSION);
  json_string(f, jmon_module.module_name);
  fprintf(f, ",\n  \"module_sha256\": \"%s\",\n  \"probes\": ", jmon_module.module_sha256);
  json_string(f, jmon_module.probes);
  fprintf(f, ",\n  \"fuel_model\": ");
  json_string(f, info->fuel_model);
  fprintf(f, ",\n  \"total_fuel\": %llu,\n", (unsigned long long)jmon_monitor_total_fuel());
  fprintf(f, "  \"exit\": {\"code\": %d, \"trap\": ", exit_code);
  if (trap) json_string(f, trap);
  else fputs("null", f);
  fputs("},\n  \"warnings\": [", f);
  for (int i = 0; i < jmon_warning_count(); i++) {
    fputs(i ? ", " : "", f);
    json_string(f, jmon_warning(i));
  }
  fputs("],\n  \"wasm_functions\": [", f);
  bool first = true;
  for (uint32_t i = 0; i < info->nfuncs; i++) {
    if (!stats[i].calls) continue;
    fprintf(f, "%s\n    {\"index\": %u, \"name\": ", first ? "" : ",", i);
    json_string(f, info->func_names[i]);
    fprintf(f, ", \"calls\": %llu, \"self_fuel\": %llu, \"total_fuel\": %llu}",
            (unsigned long long)stats[i].calls, (unsigned long long)stats[i].self_fuel,
            (unsigned long long)stats[i].total_fuel);
    first = false;
  }
  fputs("\n  ],\n  \"wasm_stacks\": [", f);
  first = true;
  for (size_t i = 1; i < n; i++) {
    const jmon_node_t *x = jmon_monitor_node(i);
    if (!x->self_fuel) continue;
    fprintf(f, "%s\n    {\"frames\": ", first ? "" : ",");
    write_frames(f, x, frames);
    fprintf(f, ", \"fuel\": %llu}", (unsigned long long)x->self_fuel);
    first = false;
  }
  fputs("\n  ]\n}\n", f);
  free(stats);
  free(frames);
  int werr = ferror(f);
  if (fclose(f) != 0 || werr) {
    unlink(tmp);
    return -1;
  }
  return rename(tmp, path);
}
