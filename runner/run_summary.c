/* run_summary.c: statistics and the printed summary of a corpus run. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_run.h"

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted v[0..n): the smallest value with at least p% at or below. */
static uint64_t percentile(const uint64_t *v, size_t n, unsigned p) {
  size_t rank = (n * p + 99) / 100;
  return v[rank ? rank - 1 : 0];
}

static bool run_ok(const jmon_run_result_t *r) {
  return r->status == 0 && r->have_profile && !r->trap && !r->error;
}

void jmon_run_stats(const jmon_run_result_t *r, size_t n, bool has_max, uint64_t max_fuel,
                    jmon_run_stats_t *st) {
  memset(st, 0, sizeof *st);
  st->runs = n;
  uint64_t *f = malloc((n ? n : 1) * sizeof *f);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    st->ok += run_ok(&r[i]);
    st->traps += r[i].trap != NULL;
    st->no_profile += !r[i].have_profile;
    if (!r[i].have_profile) continue;
    st->over_budget += has_max && r[i].fuel > max_fuel;
    st->total += r[i].fuel;
    if (f) f[k++] = r[i].fuel;
  }
  if (f && k) {
    qsort(f, k, sizeof *f, cmp_u64);
    st->min = f[0];
    st->max = f[k - 1];
    st->p50 = percentile(f, k, 50);
    st->p95 = percentile(f, k, 95);
  }
  free(f);
}

static const jmon_run_result_t *sort_res;
static int cmp_worst(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  if (sort_res[x].fuel != sort_res[y].fuel) return sort_res[x].fuel < sort_res[y].fuel ? 1 : -1;
  return x < y ? -1 : x > y;
}

int jmon_run_write_summary(FILE *o, const jmon_run_result_t *r, size_t n, const char *outdir,
                           bool has_max, uint64_t max_fuel, size_t worst, double seconds) {
  jmon_run_stats_t st;
  jmon_run_stats(r, n, has_max, max_fuel, &st);
  size_t *idx = malloc((n ? n : 1) * sizeof *idx);
  if (!idx) return -1;
  fprintf(o, "jmon-run: %zu runs in %.2f s (%.0f inputs/s), %zu ok, %zu failed\n", n, seconds,
          seconds > 0 ? (double)n / seconds : 0.0, st.ok, n - st.ok);
  /* exit codes, each with its count, in increasing order */
  fputs("exit codes:", o);
  int last = -2;
  for (;;) {
    int next = -2;
    for (size_t i = 0; i < n; i++)
      if (r[i].status > last && (next == -2 || r[i].status < next)) next = r[i].status;
    if (next == -2) break;
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += r[i].status == next;
    if (next < 0) fprintf(o, " not run x%zu", c);
    else fprintf(o, " %d x%zu", next, c);
    last = next;
  }
  fputc('\n', o);
  fprintf(o, "traps: %zu", st.traps);
  for (size_t i = 0, shown = 0; i < n && shown < 5; i++)
    if (r[i].trap) fprintf(o, "%s%s (%s)", shown++ ? ", " : " — ", r[i].name, r[i].trap);
  fputc('\n', o);
  for (size_t i = 0, shown = 0; i < n; i++)
    if (r[i].error && shown++ < 10) fprintf(o, "error: %s: %s\n", r[i].name, r[i].error);
  if (st.runs > st.no_profile)
    fprintf(o, "fuel: min %" PRIu64 "  p50 %" PRIu64 "  p95 %" PRIu64 "  max %" PRIu64
            "  (total %" PRIu64 " over %zu profiles)\n", st.min, st.p50, st.p95, st.max, st.total,
            st.runs - st.no_profile);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (r[i].have_profile) idx[k++] = i;
  sort_res = r;
  qsort(idx, k, sizeof *idx, cmp_worst);
  if (k) fputs("worst inputs:\n", o);
  for (size_t j = 0; j < k && j < worst; j++) {
    const jmon_run_result_t *x = &r[idx[j]];
    fprintf(o, "  %14" PRIu64 "  %s", x->fuel, x->name);
    if (has_max && x->fuel > max_fuel) fputs("  OVER BUDGET", o);
    if (x->trap) fprintf(o, "  (trap: %s)", x->trap);
    else if (x->status) fprintf(o, "  (exit %d)", x->status);
    fputc('\n', o);
  }
  if (has_max)
    fprintf(o, "over budget (--max-fuel %" PRIu64 "): %zu of %zu\n", max_fuel, st.over_budget, n);
  fprintf(o, "profiles: %s/<input>.json, merged: %s/merged.json\n", outdir, outdir);
  free(idx);
  return 0;
}
