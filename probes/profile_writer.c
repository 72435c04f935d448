/* profile_writer.c: the profile JSON of docs/profile.md, written at every kind of exit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jmon_rt.h"
#include "js_monitor.h"
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
static int function_stats(const jmon_cct_t *tree, func_stats_t *stats, uint32_t nfuncs) {
  size_t n = tree->nnodes;
  uint32_t *first = malloc(n * sizeof *first), *next = malloc(n * sizeof *next);
  uint64_t *subtree = calloc(n, sizeof *subtree);
  uint32_t *onpath = calloc(nfuncs, sizeof *onpath);
  uint32_t *stack = malloc(n * sizeof *stack);
  uint8_t *expanded = calloc(n, 1);
  int rc = -1;
  if (!first || !next || !subtree || !onpath || !stack || !expanded) goto done;
  for (size_t i = 0; i < n; i++) first[i] = next[i] = UINT32_MAX;
  for (size_t i = n; i-- > 1;) {   /* reverse, so children come out in creation order */
    jmon_node_t *x = jmon_cct_node(tree, i);
    next[i] = first[x->parent->id];
    first[x->parent->id] = (uint32_t)i;
  }
  size_t sp = 0;
  stack[sp++] = 0;
  while (sp) {
    uint32_t id = stack[sp - 1];
    jmon_node_t *x = jmon_cct_node(tree, id);
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

/* A buffer for write_frames(): as many entries as the deepest stack of `tree`. */
static uint32_t *frames_buffer(const jmon_cct_t *tree) {
  uint32_t maxdepth = 0;
  for (size_t i = 0; i < tree->nnodes; i++)
    if (jmon_cct_node(tree, i)->depth > maxdepth) maxdepth = jmon_cct_node(tree, i)->depth;
  return malloc(((size_t)maxdepth + 1) * sizeof(uint32_t));
}

static void write_frames(FILE *f, const jmon_node_t *x, uint32_t *buf) {
  uint32_t d = 0;
  for (const jmon_node_t *p = x; p && p->parent; p = p->parent) buf[d++] = p->func;
  fputc('[', f);
  for (uint32_t i = d; i-- > 0;) fprintf(f, "%s%u", i + 1 == d ? "" : ",", buf[i]);
  fputc(']', f);
}

/* The stacks of a tree with fuel of their own, as `{"frames": [...], "fuel": N}` items, then
 * the closing bracket of the array. */
static void write_stacks(FILE *f, const jmon_cct_t *tree, uint32_t *frames) {
  bool first = true;
  for (size_t i = 1; i < tree->nnodes; i++) {
    const jmon_node_t *x = jmon_cct_node(tree, i);
    if (!x->self_fuel) continue;
    fprintf(f, "%s\n    {\"frames\": ", first ? "" : ",");
    write_frames(f, x, frames);
    fprintf(f, ", \"fuel\": %llu}", (unsigned long long)x->self_fuel);
    first = false;
  }
  fputs("\n  ]", f);
}

/* The name of an opcode in the QuickJS the build read the bytecode as; "op_<value>" when it
 * read none (an unknown QuickJS: never another variant's name). */
static const char *opcode_name(uint8_t op, char buf[8]) {
  if (!jmon_js_info.opcode_names) {
    snprintf(buf, 8, "op_%u", op);
    return buf;
  }
  return op < jmon_js_info.nopcodes ? jmon_js_info.opcode_names[op] : "invalid";
}

static void js_fn_name(const jmon_js_fn_t *fn, char *buf, size_t n) {
  if (fn->fid >= 0) {
    const char *name = jmon_js_info.funcs[fn->fid].name;
    snprintf(buf, n, "%s", *name ? name : "<anonymous>");
  } else {
    snprintf(buf, n, "0x%x", fn->base);   /* not in the module's bytecode: its address */
  }
}

typedef struct { const char *file; int32_t line; uint64_t fuel; } line_fuel_t;

static int cmp_line_fuel(const void *a, const void *b) {
  const line_fuel_t *x = a, *y = b;
  int c = strcmp(x->file, y->file);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* The js_* fields of docs/profile.md. @return 0 or -1 (out of memory). */
static int write_js(FILE *f) {
  const jmon_js_info_t *info = &jmon_js_info;
  const jmon_cct_t *tree = jmon_js_tree();
  size_t nfn = jmon_js_fn_count();
  func_stats_t *st = calloc(nfn ? nfn : 1, sizeof *st);
  uint32_t *frames = frames_buffer(tree);
  if (!st || !frames || function_stats(tree, st, (uint32_t)nfn) != 0) {
    free(st);
    free(frames);
    return -1;
  }
  uint64_t op_count[256] = {0}, op_fuel[256] = {0};
  fprintf(f, ",\n  \"interpreter\": {\"func\": %u, \"pc_load_offset\": %u, \"quickjs\": ", info->interp_func,
          info->pc_load_offset);
  if (info->quickjs) json_string(f, info->quickjs);
  else fputs("null", f);
  fprintf(f, "},\n  \"outside_js_fuel\": %llu,\n  \"js_functions\": [",
          (unsigned long long)tree->root->self_fuel);
  size_t nlines = 0, lines_cap = 0;
  line_fuel_t *lines = NULL;
  for (size_t id = 0; id < nfn; id++) {
    const jmon_js_fn_t *fn = jmon_js_fn(id);
    const jmon_js_func_info_t *fi = fn->fid >= 0 ? &info->funcs[fn->fid] : NULL;
    char name[512];
    js_fn_name(fn, name, sizeof name);
    fprintf(f, "%s\n    {\"id\": %zu, \"name\": ", id ? "," : "", id);
    json_string(f, name);
    fputs(", \"file\": ", f);
    json_string(f, fi ? fi->file : "");
    fprintf(f, ", \"line\": %d, \"col\": %d, \"addr\": %u, \"calls\": %llu, \"resumes\": %llu, "
               "\"self_fuel\": %llu, \"total_fuel\": %llu, \"opcodes\": [",
            fi ? fi->line : 0, fi ? fi->col : 0, fn->base, (unsigned long long)fn->calls,
            (unsigned long long)fn->resumes, (unsigned long long)st[id].self_fuel,
            (unsigned long long)st[id].total_fuel);
    uint64_t fc[256] = {0}, ff[256] = {0};
    for (uint32_t pc = 0; pc < fn->cap; pc++) {
      const jmon_pc_stat_t *s = &fn->stats[pc];
      if (!s->count && !s->fuel) continue;
      /* Opcodes are never rewritten in the heap copy: read them from the module's bytecode, or
       * from memory for functions it does not have. */
      uint8_t op = fi ? info->code[fi->code_off + pc]
                      : ((uint64_t)fn->base + pc < jmon_js_memory->size ? jmon_js_memory->data[fn->base + pc] : 0);
      fc[op] += s->count;
      ff[op] += s->fuel;
      if (fi && s->fuel) {
        int32_t line = jmon_js_line_of(fi, pc);
        if (nlines && lines[nlines - 1].line == line && lines[nlines - 1].file == fi->file) {
          lines[nlines - 1].fuel += s->fuel;
        } else {
          if (nlines == lines_cap) {
            lines_cap = lines_cap ? lines_cap * 2 : 256;
            line_fuel_t *q = realloc(lines, lines_cap * sizeof *q);
            if (!q) { free(lines); free(st); free(frames); return -1; }
            lines = q;
          }
          lines[nlines++] = (line_fuel_t){fi->file, line, s->fuel};
        }
      }
    }
    int firstop = 1;
    for (int op = 0; op < 256; op++) {
      if (!fc[op] && !ff[op]) continue;
      op_count[op] += fc[op];
      op_fuel[op] += ff[op];
      char nb[8];
      fprintf(f, "%s{\"name\": \"%s\", \"count\": %llu, \"fuel\": %llu}", firstop ? "" : ", ",
              opcode_name((uint8_t)op, nb), (unsigned long long)fc[op], (unsigned long long)ff[op]);
      firstop = 0;
    }
    fputs("]}", f);
  }
  /* js_lines: merge the per-function runs by (file, line). */
  if (nlines) qsort(lines, nlines, sizeof *lines, cmp_line_fuel);
  fputs("\n  ],\n  \"js_lines\": [", f);
  int first = 1;
  for (size_t i = 0; i < nlines;) {
    size_t j = i;
    uint64_t fuel = 0;
    while (j < nlines && lines[j].line == lines[i].line && strcmp(lines[j].file, lines[i].file) == 0) fuel += lines[j++].fuel;
    fprintf(f, "%s\n    {\"file\": ", first ? "" : ",");
    json_string(f, lines[i].file);
    fprintf(f, ", \"line\": %d, \"fuel\": %llu}", lines[i].line, (unsigned long long)fuel);
    first = 0;
    i = j;
  }
  free(lines);
  fputs("\n  ],\n  \"js_opcodes\": [", f);
  first = 1;
  for (int op = 0; op < 256; op++) {
    if (!op_count[op] && !op_fuel[op]) continue;
    char nb[8];
    fprintf(f, "%s\n    {\"opcode\": %d, \"name\": \"%s\", \"count\": %llu, \"fuel\": %llu}", first ? "" : ",", op,
            opcode_name((uint8_t)op, nb), (unsigned long long)op_count[op], (unsigned long long)op_fuel[op]);
    first = 0;
  }
  fputs("\n  ],\n  \"js_stacks\": [", f);
  write_stacks(f, tree, frames);
  free(st);
  free(frames);
  return 0;
}

int jmon_profile_write(const char *path, int exit_code, const char *trap) {
  const jmon_probe_info_t *info = &jmon_probe_info;
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) return -1;
  func_stats_t *stats = calloc(info->nfuncs ? info->nfuncs : 1, sizeof *stats);
  uint32_t *frames = info->wasm_stacks ? frames_buffer(jmon_monitor_tree()) : NULL;
  if (!stats || (info->wasm_stacks && (!frames || function_stats(jmon_monitor_tree(), stats, info->nfuncs) != 0)))
    goto nomem;
  /* Without the tree the probes kept the per-function sums themselves. */
  for (uint32_t i = 0; !info->wasm_stacks && i < info->nfuncs; i++)
    jmon_monitor_function_stats(i, &stats[i].calls, &stats[i].self_fuel, &stats[i].total_fuel);

  /* Close the JS books first: it may add warnings. */
  if (jmon_js_enabled()) jmon_js_finish(jmon_monitor_total_fuel(), !jmon_monitor_returned());
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
  fputs("\n  ]", f);
  /* Absent, not empty, when not collected (--probes js without --wasm-stacks). */
  if (info->wasm_stacks) {
    fputs(",\n  \"wasm_stacks\": [", f);
    write_stacks(f, jmon_monitor_tree(), frames);
  }
  if (jmon_js_enabled() && write_js(f) != 0) goto nomem;
  fputs("\n}\n", f);
  free(stats);
  free(frames);
  int werr = ferror(f);
  if (fclose(f) != 0 || werr) {
    unlink(tmp);
    return -1;
  }
  return rename(tmp, path);

nomem:
  free(stats);
  free(frames);
  fclose(f);
  unlink(tmp);
  errno = ENOMEM;
  return -1;
}
