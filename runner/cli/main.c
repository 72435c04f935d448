/* main.c: jmon-run's command line: parses arguments, runs the corpus, prints the summary. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "corpus_run.h"

#ifndef JMON_VERSION
#define JMON_VERSION "0.0.0"
#endif

#define WORST 5
#define DEFAULT_DIR "jmon-runs"

static const char usage_text[] =
    "usage: jmon-run [--stdin] [-j N] [--max-fuel N] [-o DIR] ./app_mon INPUT...\n"
    "Runs app_mon once per INPUT file, the file's content as the guest's first argument\n"
    "(--stdin: as its stdin); profiles in DIR/<input name>.json, all merged in DIR/merged.json,\n"
    "guest output in DIR/<input name>.out/.err (DIR default " DEFAULT_DIR ").\n"
    "  -j N          parallel runs (default: the number of CPUs)\n"
    "  --max-fuel N  count runs whose total fuel is over N (e.g. 11000000) as failures\n"
    "Exit status: 0 every run exited 0 within budget, 1 otherwise, 2 usage error.\n"
    "Set JMON_DETERMINISTIC=1 for reproducible fuel.\n";

static int usage(const char *msg) {
  if (msg) fprintf(stderr, "jmon-run: error: %s\n", msg);
  fputs(usage_text, stderr);
  return 2;
}

static int parse_u64(const char *s, uint64_t *out) {
  if (!s || !*s || *s == '-' || *s == '+') return -1;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end) return -1;
  *out = v;
  return 0;
}

static void progress(void *ctx, size_t done, size_t total, size_t failed) {
  (void)ctx;
  fprintf(stderr, "\rjmon-run: %zu/%zu done, %zu failed", done, total, failed);
  if (done == total) fputs("\r\033[K", stderr);
  fflush(stderr);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  /* Each profile (100+ KiB) is read, parsed and freed: keep that memory instead of mapping and
   * unmapping it per run (page faults and TLB flushes were a fifth of jmon-run's own time). */
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  jmon_run_opts_t o = {.outdir = DEFAULT_DIR};
  uint64_t max_fuel = 0, jobs = 0;
  bool has_max = false;
  int first = 0;
  for (int i = 1; i < argc && !first; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage_text, stdout);
      return 0;
    } else if (!strcmp(a, "--version")) {
      printf("jmon-run %s\n", JMON_VERSION);
      return 0;
    } else if (!strcmp(a, "--stdin")) {
      o.use_stdin = true;
    } else if (!strcmp(a, "-j") || !strcmp(a, "--max-fuel") || !strcmp(a, "-o")) {
      if (i + 1 >= argc) {
        char msg[64];
        snprintf(msg, sizeof msg, "%s needs a value", a);
        return usage(msg);
      }
      const char *v = argv[++i];
      if (!strcmp(a, "-o")) o.outdir = v;
      else if (!strcmp(a, "-j")) {
        if (parse_u64(v, &jobs) != 0 || jobs < 1 || jobs > 1024) return usage("-j needs a number from 1 to 1024");
      } else if (parse_u64(v, &max_fuel) != 0) {
        return usage("--max-fuel needs a non-negative integer");
      } else {
        has_max = true;
      }
    } else if (!strcmp(a, "--")) {
      if (i + 1 < argc) first = i + 1;
      else return usage("no app_mon given");
    } else if (a[0] == '-' && a[1]) {
      char msg[300];
      snprintf(msg, sizeof msg, "unknown option %.200s", a);
      return usage(msg);
    } else {
      first = i;
    }
  }
  if (!first) return usage("no app_mon given");
  if (first + 1 >= argc) return usage("no INPUT given");
  o.app = argv[first];
  o.inputs = (const char *const *)&argv[first + 1];
  o.ninputs = (size_t)(argc - first - 1);
  if (!jobs) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = n > 0 ? (uint64_t)n : 1;
  }
  o.jobs = (unsigned)jobs;
  if (isatty(STDERR_FILENO)) o.progress = progress;
  jmon_run_result_t *res = calloc(o.ninputs, sizeof *res);
  if (!res) {
    fprintf(stderr, "jmon-run: error: out of memory\n");
    return 1;
  }
  char err[600] = "";
  double t0 = now();
  if (jmon_run_corpus(&o, res, err, sizeof err) != 0) {
    fprintf(stderr, "jmon-run: error: %s\n", err);
    jmon_run_results_free(res, o.ninputs);
    free(res);
    /* a bad input list (duplicate names) is a usage error; everything else an error */
    return strstr(err, "two inputs named") || strstr(err, "not a file name") ||
           strstr(err, "named \"merged\"") ? 2 : 1;
  }
  double secs = now() - t0;
  int rc = 0;
  if (jmon_run_write_summary(stdout, res, o.ninputs, o.outdir, has_max, max_fuel, WORST, secs) != 0) {
    fprintf(stderr, "jmon-run: error: out of memory\n");
    rc = 1;
  }
  jmon_run_stats_t st;
  jmon_run_stats(res, o.ninputs, has_max, max_fuel, &st);
  if (st.ok != st.runs || st.over_budget) rc = 1;
  jmon_run_results_free(res, o.ninputs);
  free(res);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "jmon-run: error: write to stdout failed\n");
    rc = 1;
  }
  return rc;
}
