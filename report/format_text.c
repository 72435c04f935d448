/* format_text.c: the default human-readable report (top functions, lines, opcodes, total). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

#define TOP 20

static double pct(uint64_t part, uint64_t whole) {
  return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* Sort an index array by a fuel key, descending, ties by index (deterministic output). */
static const uint64_t *sort_keys;
static int cmp_desc(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  if (sort_keys[x] != sort_keys[y]) return sort_keys[x] < sort_keys[y] ? 1 : -1;
  return x < y ? -1 : x > y;
}

static size_t *ranked(const uint64_t *keys, size_t n) {
  size_t *idx = malloc((n ? n : 1) * sizeof *idx);
  if (!idx) return NULL;
  for (size_t i = 0; i < n; i++) idx[i] = i;
  sort_keys = keys;
  qsort(idx, n, sizeof *idx, cmp_desc);
  return idx;
}

int jmon_format_text(FILE *o, const jmon_profile_t *p, char *err, size_t errsz) {
  uint64_t T = p->total_fuel;
  size_t n = p->njs_funcs > p->nwasm_funcs ? p->njs_funcs : p->nwasm_funcs;
  if (p->njs_lines > n) n = p->njs_lines;
  if (p->njs_opcodes > n) n = p->njs_opcodes;
  if (p->njs_files > n) n = p->njs_files;
  uint64_t *keys = malloc((n ? n : 1) * sizeof *keys);
  if (!keys) {
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  fprintf(o, "module %s  (probes %s, fuel model %s)\n", *p->module ? p->module : "?",
          *p->probes ? p->probes : "?", *p->fuel_model ? p->fuel_model : "?");
  if (p->has_js) {
    for (size_t i = 0; i < p->njs_funcs; i++) keys[i] = p->js_funcs[i].self_fuel;
    size_t *idx = ranked(keys, p->njs_funcs);
    if (!idx) goto oom;
    fprintf(o, "\nTop JS functions by self fuel\n");
    fprintf(o, "%14s %6s %8s %14s %6s %10s  %s\n", "self", "%tot", "%budget", "total", "%tot",
            "calls", "function (file:line)");
    for (size_t k = 0; k < p->njs_funcs && k < TOP; k++) {
      const jmon_js_func_t *f = &p->js_funcs[idx[k]];
      fprintf(o, "%14" PRIu64 " %5.1f%% %7.2f%% %14" PRIu64 " %5.1f%% %10" PRIu64 "  %s", f->self_fuel,
              pct(f->self_fuel, T), pct(f->self_fuel, JMON_REPORT_BUDGET), f->total_fuel, pct(f->total_fuel, T),
              f->calls, f->name);
      if (f->builtin) fprintf(o, " (builtin)\n");
      else fprintf(o, " (%s:%" PRIu64 ")\n", *f->file ? f->file : "?", f->line);
    }
    free(idx);
    fprintf(o, "%14" PRIu64 " %5.1f%% %7.2f%%  [outside JS]\n", p->outside_js_fuel,
            pct(p->outside_js_fuel, T), pct(p->outside_js_fuel, JMON_REPORT_BUDGET));
    /* With a source map: where the JS fuel goes by npm package, then by original file. */
    if (p->njs_packages) {
      uint64_t js = T - p->outside_js_fuel;
      fprintf(o, "\nJS fuel by package: ");
      for (size_t k = 0; k < p->njs_packages; k++)
        fprintf(o, "%s%s %.1f%%", k ? ", " : "", p->js_packages[k].key, pct(p->js_packages[k].fuel, js));
      fputc('\n', o);
    }
    if (p->njs_files > 1) {
      for (size_t i = 0; i < p->njs_files; i++) keys[i] = p->js_files[i].fuel;
      idx = ranked(keys, p->njs_files);
      if (!idx) goto oom;
      {
        fprintf(o, "\nTop JS files\n%14s %6s  %s\n", "fuel", "%tot", "file");
        for (size_t k = 0; k < p->njs_files && k < TOP; k++) {
          const jmon_js_rollup_t *r = &p->js_files[idx[k]];
          fprintf(o, "%14" PRIu64 " %5.1f%%  %s\n", r->fuel, pct(r->fuel, T), *r->key ? r->key : "(not in the bytecode)");
        }
        free(idx);
      }
    }
    /* Native builtins (their own frames since the interpreter entry is decoded): what the JS
     * program asked QuickJS's C code to do, by self fuel; total includes the JS they call back. */
    size_t nb = 0;
    for (size_t i = 0; i < p->njs_funcs; i++) {
      keys[i] = p->js_funcs[i].builtin ? p->js_funcs[i].self_fuel : 0;
      nb += p->js_funcs[i].builtin;
    }
    if (nb) {
      idx = ranked(keys, p->njs_funcs);
      if (!idx) goto oom;
      fprintf(o, "\nTop builtins by self fuel\n%14s %6s %8s %14s %6s %10s  %s\n", "self", "%tot", "%budget", "total",
              "%tot", "calls", "builtin");
      for (size_t k = 0, shown = 0; k < p->njs_funcs && shown < TOP; k++) {
        const jmon_js_func_t *f = &p->js_funcs[idx[k]];
        if (!f->builtin) continue;
        fprintf(o, "%14" PRIu64 " %5.1f%% %7.2f%% %14" PRIu64 " %5.1f%% %10" PRIu64 "  %s\n", f->self_fuel,
                pct(f->self_fuel, T), pct(f->self_fuel, JMON_REPORT_BUDGET), f->total_fuel, pct(f->total_fuel, T),
                f->calls, f->name);
        shown++;
      }
      free(idx);
    }
    if (p->njs_lines) {
      for (size_t i = 0; i < p->njs_lines; i++) keys[i] = p->js_lines[i].fuel;
      idx = ranked(keys, p->njs_lines);
      if (!idx) goto oom;
      fprintf(o, "\nTop JS lines\n%14s %6s  %s\n", "fuel", "%tot", "file:line");
      for (size_t k = 0; k < p->njs_lines && k < TOP; k++) {
        const jmon_js_line_t *l = &p->js_lines[idx[k]];
        fprintf(o, "%14" PRIu64 " %5.1f%%  %s:%" PRIu64 "\n", l->fuel, pct(l->fuel, T),
                *l->file ? l->file : "?", l->line);
      }
      free(idx);
    }
    if (p->njs_opcodes) {
      for (size_t i = 0; i < p->njs_opcodes; i++) keys[i] = p->js_opcodes[i].fuel;
      idx = ranked(keys, p->njs_opcodes);
      if (!idx) goto oom;
      fprintf(o, "\nTop opcodes\n%14s %6s %12s %9s  %s\n", "fuel", "%tot", "count", "fuel/op",
              "opcode");
      for (size_t k = 0; k < p->njs_opcodes && k < TOP; k++) {
        const jmon_js_opcode_t *op = &p->js_opcodes[idx[k]];
        fprintf(o, "%14" PRIu64 " %5.1f%% %12" PRIu64 " %9.1f  %s\n", op->fuel, pct(op->fuel, T),
                op->count, op->count ? (double)op->fuel / (double)op->count : 0.0,
                *op->name ? op->name : "?");
      }
      free(idx);
    }
  } else {
    for (size_t i = 0; i < p->nwasm_funcs; i++) keys[i] = p->wasm_funcs[i].self_fuel;
    size_t *idx = ranked(keys, p->nwasm_funcs);
    if (!idx) goto oom;
    fprintf(o, "\nTop wasm functions by self fuel\n");
    fprintf(o, "%14s %6s %8s %14s %6s %10s  %s\n", "self", "%tot", "%budget", "total", "%tot",
            "calls", "function");
    for (size_t k = 0; k < p->nwasm_funcs && k < TOP; k++) {
      const jmon_wasm_func_t *f = &p->wasm_funcs[idx[k]];
      fprintf(o, "%14" PRIu64 " %5.1f%% %7.2f%% %14" PRIu64 " %5.1f%% %10" PRIu64 "  %s (index %u)\n",
              f->self_fuel, pct(f->self_fuel, T), pct(f->self_fuel, JMON_REPORT_BUDGET),
              f->total_fuel, pct(f->total_fuel, T), f->calls, *f->name ? f->name : "?", f->index);
    }
    free(idx);
  }
  free(keys);
  fprintf(o, "\ntotal fuel %" PRIu64 "  (%.1f%% of the %llu budget%s)\n", T,
          pct(T, JMON_REPORT_BUDGET), JMON_REPORT_BUDGET,
          T > JMON_REPORT_BUDGET ? ", OVER" : "");
  if (p->trap) fprintf(o, "exit: trap: %s\n", p->trap);
  else fprintf(o, "exit: code %" PRId64 "\n", p->exit_code);
  if (p->nwarnings) fprintf(o, "warnings: %zu (see the profile's \"warnings\")\n", p->nwarnings);
  return 0;
oom:
  free(keys);
  snprintf(err, errsz, "out of memory");
  return -1;
}
