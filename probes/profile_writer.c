/* profile_writer.c: the profile JSON of INTERFACES.md, written at every kind of exit.
 * Cost: time and memory in proportion to what is written (plus one pass over the calling-context
 * trees and the positions of the JS functions that ran); make test-profile-cost checks it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jmon_rt.h"
#include "js_monitor.h"
#include "json_writer.h"
#include "monitor.h"

#ifndef JMON_VERSION
#define JMON_VERSION "0.0.0"
#endif

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

/* The stacks of a tree with fuel of their own, as `{"frames": [...], "fuel": N}` items of the
 * array `key`. `frames` holds the deepest stack (frames_buffer). */
static void write_stacks(jmon_json_t *w, const char *key, const jmon_cct_t *tree, uint32_t *frames) {
  jmon_json_array(w, key, true);
  for (size_t i = 1; i < tree->nnodes; i++) {
    const jmon_node_t *x = jmon_cct_node(tree, i);
    if (!x->self_fuel) continue;
    uint32_t d = x->depth;   /* root first: filled from the end */
    for (const jmon_node_t *p = x; p->parent; p = p->parent) frames[--d] = p->func;
    jmon_json_object(w, NULL, false);
    jmon_json_u32_array(w, "frames", frames, x->depth);
    jmon_json_u64(w, "fuel", x->self_fuel);
    jmon_json_end(w);
  }
  jmon_json_end(w);
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


/* A function's pc2line rows, walked forward as the position grows: O(rows + positions) for a
 * function instead of a scan of the rows at every position (jmon_js_line_of gives the same). */
typedef struct {
  const jmon_js_line_t *rows;
  uint32_t nrows, next;
  int32_t line, col;   /**< the source position of the last position asked */
  int32_t file;        /**< its file (an index into jmon_js_info.files) */
} line_cursor_t;

static line_cursor_t line_cursor(const jmon_js_func_info_t *fi) {
  return (line_cursor_t){&jmon_js_info.lines[fi->lines_off], fi->nlines, 0, fi->line, fi->col, fi->file_idx};
}

/* Move to `pc` (never below the last one asked). */
static void line_cursor_seek(line_cursor_t *c, uint32_t pc) {
  for (; c->next < c->nrows && c->rows[c->next].pc <= pc; c->next++) {
    c->line = c->rows[c->next].line;
    c->col = c->rows[c->next].col;
    c->file = c->rows[c->next].file;
  }
}

typedef struct { const char *file; int32_t line; uint64_t fuel; } line_fuel_t;

static int cmp_line_fuel(const void *a, const void *b) {
  const line_fuel_t *x = a, *y = b;
  int c = x->file == y->file ? 0 : strcmp(x->file, y->file);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Per-line fuel runs, appended as positions are read; merged by (file, line) at the end. */
typedef struct {
  line_fuel_t *v;
  size_t n, cap;
} line_runs_t;

static int add_line_fuel(line_runs_t *r, const char *file, int32_t line, uint64_t fuel) {
  if (r->n && r->v[r->n - 1].line == line && r->v[r->n - 1].file == file) {
    r->v[r->n - 1].fuel += fuel;
    return 0;
  }
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 256;
    line_fuel_t *q = realloc(r->v, cap * sizeof *q);
    if (!q) return -1;
    r->v = q;
    r->cap = cap;
  }
  r->v[r->n++] = (line_fuel_t){file, line, fuel};
  return 0;
}

/* The opcode at position `pc` of `fn`. Opcodes are never rewritten in the heap copy: read from
 * the module's bytecode, or from memory for functions it does not have. */
static uint8_t opcode_at(const jmon_js_fn_t *fn, const jmon_js_func_info_t *fi, uint32_t pc) {
  if (fi) return jmon_js_info.code[fi->code_off + pc];
  uint64_t at = (uint64_t)fn->base + pc;
  return at < jmon_js_memory->size ? jmon_js_memory->data[at] : 0;
}

/* One js_functions item; adds its opcodes to the module's and its line runs to `lines`.
 * @return 0 or -1 (out of memory). */
static int write_js_function(jmon_json_t *w, size_t id, const func_stats_t *st, uint64_t op_count[256],
                             uint64_t op_fuel[256], line_runs_t *lines, uint64_t *file_fuel) {
  const jmon_js_fn_t *fn = jmon_js_fn(id);
  const jmon_js_func_info_t *fi = fn->fid >= 0 ? &jmon_js_info.funcs[fn->fid] : NULL;
  const jmon_js_rt_info_t *rt = fi ? NULL : jmon_js_rt_info(fn);   /* eval'd code: its own names */
  char nb[64];
  jmon_json_object(w, NULL, false);
  jmon_json_u64(w, "id", id);
  jmon_json_str(w, "name", jmon_js_fn_name(fn, nb, sizeof nb));
  /* A native frame: its own fuel, no bytecode (in neither js_lines nor js_opcodes). */
  jmon_json_str(w, "kind", fn->native ? "builtin" : "js");
  if (fn->native && fn->native_func != UINT32_MAX) jmon_json_u64(w, "wasm_func", fn->native_func);
  if (fi && fi->inferred) jmon_json_bool(w, "inferred", true);
  jmon_json_str(w, "file", fi ? fi->file : rt && rt->file ? rt->file : "");
  jmon_json_i64(w, "line", fi ? fi->line : rt ? rt->line : 0);
  jmon_json_i64(w, "col", fi ? fi->col : rt ? rt->col : 0);
  if (fi && fi->gen_line) {   /* a source map gave file/line/col: the bundle's position */
    jmon_json_i64(w, "gen_line", fi->gen_line);
    jmon_json_i64(w, "gen_col", fi->gen_col);
  }
  jmon_json_u64(w, "addr", fn->base);
  jmon_json_u64(w, "calls", fn->calls);
  jmon_json_u64(w, "resumes", fn->resumes);
  jmon_json_u64(w, "self_fuel", st->self_fuel);
  jmon_json_u64(w, "total_fuel", st->total_fuel);
  uint64_t fc[256] = {0}, ff[256] = {0};
  line_cursor_t cur = fi ? line_cursor(fi) : (line_cursor_t){0};
  for (uint32_t pc = 0; pc < fn->cap && !fn->native; pc++) {
    jmon_pc_stat_t s = jmon_js_fn_stat(fn, pc);
    if (!s.count && !s.fuel) continue;
    uint8_t op = opcode_at(fn, fi, pc);
    fc[op] += s.count;
    ff[op] += s.fuel;
    if (fi && s.fuel) {
      line_cursor_seek(&cur, pc);
      file_fuel[cur.file] += s.fuel;
      if (add_line_fuel(lines, jmon_js_info.files[cur.file], cur.line, s.fuel) != 0) return -1;
    }
  }
  jmon_json_array(w, "opcodes", false);
  for (int op = 0; op < 256; op++) {
    if (!fc[op] && !ff[op]) continue;
    op_count[op] += fc[op];
    op_fuel[op] += ff[op];
    char ob[8];
    jmon_json_object(w, NULL, false);
    jmon_json_str(w, "name", opcode_name((uint8_t)op, ob));
    jmon_json_u64(w, "count", fc[op]);
    jmon_json_u64(w, "fuel", ff[op]);
    jmon_json_end(w);
  }
  jmon_json_end(w);
  jmon_json_end(w);
  return 0;
}

typedef struct { const char *key; uint64_t fuel; } rollup_t;

static int cmp_rollup(const void *a, const void *b) {
  const rollup_t *x = a, *y = b;
  if (x->fuel != y->fuel) return x->fuel < y->fuel ? 1 : -1;
  return strcmp(x->key, y->key);
}

/* Add fuel under key (a handful of distinct keys per profile: a linear search is enough). */
static void rollup_add(rollup_t *r, size_t *n, const char *key, uint64_t fuel) {
  size_t k = 0;
  while (k < *n && strcmp(r[k].key, key) != 0) k++;
  if (k == *n) r[(*n)++] = (rollup_t){key, 0};
  r[k].fuel += fuel;
}

static void write_rollup(jmon_json_t *w, const char *name, const char *field, rollup_t *r, size_t n) {
  qsort(r, n, sizeof *r, cmp_rollup);
  jmon_json_array(w, name, true);
  for (size_t k = 0; k < n; k++) {
    jmon_json_object(w, NULL, false);
    jmon_json_str(w, field, r[k].key);
    jmon_json_u64(w, "fuel", r[k].fuel);
    jmon_json_end(w);
  }
  jmon_json_end(w);
}

/* js_files: JS self fuel by the file each opcode's line is in (file_fuel, by file index; the
 * functions not in the module's bytecode under ""); js_packages, when a source map named packages:
 * the same by package, "(unmapped)" for files no map named. Largest first. */
static int write_rollups(jmon_json_t *w, const func_stats_t *st, size_t nfn, uint64_t *file_fuel) {
  const jmon_js_info_t *info = &jmon_js_info;
  rollup_t *r = calloc((size_t)info->nfiles + 1, sizeof *r);
  if (!r) return -1;
  size_t n = 0;
  uint64_t unknown = 0;
  bool packages = false;
  (void)st;
  /* Fuel without positions of the module's bytecode: a native builtin's goes to the file of the
   * JS function that called it (its nearest ancestor of the module) — called from code whose rows
   * lie in several files (the top level), to the file of the calling opcode's row (moved below) —
   * eval'd code's to "". */
  const jmon_cct_t *tree = jmon_js_tree();
  for (size_t i = 1; i < tree->nnodes; i++) {
    const jmon_node_t *x = jmon_cct_node(tree, i);
    if (!x->self_fuel || x->func >= nfn) continue;
    const jmon_js_fn_t *fn = jmon_js_fn(x->func);
    if (fn->fid >= 0) continue;   /* its positions are in file_fuel */
    const jmon_node_t *a = x->parent;
    while (a && a->parent && (a->func >= nfn || jmon_js_fn(a->func)->fid < 0)) a = a->parent;
    if (fn->native && a && a->parent) file_fuel[info->funcs[jmon_js_fn(a->func)->fid].file_idx] += x->self_fuel;
    else unknown += x->self_fuel;
  }
  for (uint32_t i = 0; i < info->nfiles; i++) {
    file_fuel[i] += jmon_js_site_delta(i);   /* natives called from the top level: their call site's file */
    packages |= info->packages[i][0] != 0;
    if (file_fuel[i]) rollup_add(r, &n, info->files[i], file_fuel[i]);
  }
  if (unknown) rollup_add(r, &n, "", unknown);
  write_rollup(w, "js_files", "file", r, n);
  if (packages) {
    n = 0;
    for (uint32_t i = 0; i < info->nfiles; i++)
      if (file_fuel[i]) rollup_add(r, &n, info->packages[i][0] ? info->packages[i] : "(unmapped)", file_fuel[i]);
    if (unknown) rollup_add(r, &n, "(unmapped)", unknown);
    write_rollup(w, "js_packages", "package", r, n);
  }
  free(r);
  return 0;
}

/* The js_* fields of docs/profile.md. @return 0 or -1 (out of memory). */
static int write_js(jmon_json_t *w) {
  const jmon_js_info_t *info = &jmon_js_info;
  const jmon_cct_t *tree = jmon_js_tree();
  size_t nfn = jmon_js_fn_count();
  func_stats_t *st = calloc(nfn ? nfn : 1, sizeof *st);
  uint32_t *frames = frames_buffer(tree);
  line_runs_t lines = {0};
  uint64_t op_count[256] = {0}, op_fuel[256] = {0};
  uint64_t *file_fuel = calloc((size_t)info->nfiles + 1, sizeof *file_fuel);
  int rc = -1;
  if (!st || !frames || !file_fuel || function_stats(tree, st, (uint32_t)nfn) != 0) goto done;
  jmon_json_object(w, "interpreter", false);
  jmon_json_u64(w, "func", info->interp_func);
  jmon_json_u64(w, "pc_load_offset", info->pc_load_offset);
  jmon_json_str_or_null(w, "quickjs", info->quickjs);
  jmon_json_end(w);
  jmon_json_u64(w, "outside_js_fuel", tree->root->self_fuel);
  jmon_json_array(w, "js_functions", true);
  for (size_t id = 0; id < nfn; id++)
    if (write_js_function(w, id, &st[id], op_count, op_fuel, &lines, file_fuel) != 0) goto done;
  jmon_json_end(w);

  /* js_lines: the per-function runs merged by (file, line). */
  if (lines.n) qsort(lines.v, lines.n, sizeof *lines.v, cmp_line_fuel);
  jmon_json_array(w, "js_lines", true);
  for (size_t i = 0, j; i < lines.n; i = j) {
    uint64_t fuel = 0;
    for (j = i; j < lines.n && cmp_line_fuel(&lines.v[i], &lines.v[j]) == 0; j++) fuel += lines.v[j].fuel;
    jmon_json_object(w, NULL, false);
    jmon_json_str(w, "file", lines.v[i].file);
    jmon_json_i64(w, "line", lines.v[i].line);
    jmon_json_u64(w, "fuel", fuel);
    jmon_json_end(w);
  }
  jmon_json_end(w);

  jmon_json_array(w, "js_opcodes", true);
  for (int op = 0; op < 256; op++) {
    if (!op_count[op] && !op_fuel[op]) continue;
    char ob[8];
    jmon_json_object(w, NULL, false);
    jmon_json_u64(w, "opcode", (uint64_t)op);
    jmon_json_str(w, "name", opcode_name((uint8_t)op, ob));
    jmon_json_u64(w, "count", op_count[op]);
    jmon_json_u64(w, "fuel", op_fuel[op]);
    jmon_json_end(w);
  }
  jmon_json_end(w);

  /* js_builtins: the native frames by self fuel. */
  size_t *order = malloc((nfn ? nfn : 1) * sizeof *order), norder = 0;
  if (!order) goto done;
  for (size_t id = 0; id < nfn; id++)
    if (jmon_js_fn(id)->native) order[norder++] = id;
  for (size_t i = 1; i < norder; i++)   /* insertion sort: few natives */
    for (size_t j = i; j > 0 && st[order[j]].self_fuel > st[order[j - 1]].self_fuel; j--) {
      size_t t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  jmon_json_array(w, "js_builtins", true);
  for (size_t i = 0; i < norder; i++) {
    const jmon_js_fn_t *fn = jmon_js_fn(order[i]);
    char nb[64];
    jmon_json_object(w, NULL, false);
    jmon_json_u64(w, "id", order[i]);
    jmon_json_str(w, "name", jmon_js_fn_name(fn, nb, sizeof nb));
    jmon_json_u64(w, "calls", fn->calls);
    jmon_json_u64(w, "self_fuel", st[order[i]].self_fuel);
    jmon_json_u64(w, "total_fuel", st[order[i]].total_fuel);
    jmon_json_end(w);
  }
  jmon_json_end(w);
  free(order);
  write_stacks(w, "js_stacks", tree, frames);
  if (write_rollups(w, st, nfn, file_fuel) != 0) goto done;
  rc = 0;
done:
  free(file_fuel);
  free(lines.v);
  free(st);
  free(frames);
  return rc;
}

/* Everything but the JS part. @return 0 or -1 (out of memory). */
static int write_wasm(jmon_json_t *w, int exit_code, const char *trap) {
  const jmon_probe_info_t *info = &jmon_probe_info;
  const jmon_cct_t *tree = jmon_monitor_tree();
  func_stats_t *stats = calloc(info->nfuncs ? info->nfuncs : 1, sizeof *stats);
  uint32_t *frames = info->wasm_stacks ? frames_buffer(tree) : NULL;
  int rc = -1;
  if (!stats || (info->wasm_stacks && (!frames || function_stats(tree, stats, info->nfuncs) != 0))) goto done;
  /* Without the tree the probes kept the per-function sums themselves. */
  for (uint32_t i = 0; !info->wasm_stacks && i < info->nfuncs; i++)
    jmon_monitor_function_stats(i, &stats[i].calls, &stats[i].self_fuel, &stats[i].total_fuel);
  jmon_json_u64(w, "schema", 1);
  jmon_json_str(w, "tool", "jmon-aot " JMON_VERSION);
  jmon_json_str(w, "module", jmon_module.module_name);
  jmon_json_str(w, "module_sha256", jmon_module.module_sha256);
  jmon_json_str(w, "probes", jmon_module.probes);
  jmon_json_str(w, "fuel_model", info->fuel_model);
  jmon_json_u64(w, "total_fuel", jmon_monitor_total_fuel());
  jmon_json_object(w, "exit", false);
  jmon_json_i64(w, "code", exit_code);
  jmon_json_str_or_null(w, "trap", trap);
  jmon_json_end(w);
  jmon_json_array(w, "warnings", false);
  for (int i = 0; i < jmon_warning_count(); i++) jmon_json_str(w, NULL, jmon_warning(i));
  jmon_json_end(w);
  jmon_json_array(w, "wasm_functions", true);
  for (uint32_t i = 0; i < info->nfuncs; i++) {
    if (!stats[i].calls) continue;
    jmon_json_object(w, NULL, false);
    jmon_json_u64(w, "index", i);
    jmon_json_str(w, "name", info->func_names[i]);
    jmon_json_u64(w, "calls", stats[i].calls);
    jmon_json_u64(w, "self_fuel", stats[i].self_fuel);
    jmon_json_u64(w, "total_fuel", stats[i].total_fuel);
    jmon_json_end(w);
  }
  jmon_json_end(w);
  /* Absent, not empty, when not collected (--probes js without --wasm-stacks). */
  if (info->wasm_stacks) write_stacks(w, "wasm_stacks", tree, frames);
  rc = 0;
done:
  free(stats);
  free(frames);
  return rc;
}

int jmon_profile_write(const char *path, int exit_code, const char *trap) {
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  jmon_json_t *w = malloc(sizeof *w);
  if (!w) return -1;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    free(w);
    return -1;
  }
  jmon_json_init(w, fd);
  /* Close the JS books first: it may add warnings. */
  if (jmon_js_enabled()) jmon_js_finish(jmon_monitor_total_fuel(), !jmon_monitor_returned());
  jmon_json_object(w, NULL, true);
  int rc = write_wasm(w, exit_code, trap);
  if (rc == 0 && jmon_js_enabled()) rc = write_js(w);
  jmon_json_end(w);
  int err = ENOMEM;
  if (rc == 0 && jmon_json_close(w) != 0) {
    rc = -1;
    err = errno;
  }
  free(w);
  if (close(fd) != 0 && rc == 0) {
    rc = -1;
    err = errno;
  }
  if (rc != 0) {
    unlink(tmp);
    errno = err;
    return -1;
  }
  return rename(tmp, path);
}
