/* corpus_run.h: runs one app_mon over many inputs in parallel; profiles, merge, summary. */
#ifndef JMON_CORPUS_RUN_H
#define JMON_CORPUS_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
  const char *input;   /**< the path as given */
  const char *name;    /**< its basename: the profile is DIR/<name>.json */
  int status;          /**< exit code; 128+N when killed by signal N; -1 not run */
  bool have_profile;
  uint64_t fuel;       /**< the profile's total_fuel */
  char *trap;          /**< the profile's exit.trap, or NULL */
  char *error;         /**< why the run or its profile failed (spawn, unreadable profile), or NULL */
} jmon_run_result_t;

typedef struct {
  const char *app;                 /**< the app_mon to run (argv[0]; PATH is searched without '/') */
  const char *const *inputs;
  size_t ninputs;
  const char *outdir;              /**< created if missing */
  unsigned jobs;                   /**< parallel runs (>= 1) */
  bool use_stdin;                  /**< the input file is the guest's stdin, not its first argument */
  /** called after each run (from the calling thread); may be NULL */
  void (*progress)(void *ctx, size_t done, size_t total, size_t failed);
  void *ctx;
} jmon_run_opts_t;

/**
 * Run o->app once per input: argv = {app, CONTENT} (or stdin = the file with use_stdin), the
 * environment plus JMON_PROFILE=DIR/<name>.json, stdout to DIR/<name>.out, stderr to
 * DIR/<name>.err; posix_spawn, no shell. Profiles are merged (in input order, whatever order the
 * runs end in) into DIR/merged.json. `results` has ninputs slots (filled; free with
 * jmon_run_results_free). @return 0 when every input was run and merged.json written (runs may
 * still have failed: see results), or -1 with err: DIR cannot be created, two inputs share a
 * basename, an input is named "merged", out of memory, merged.json cannot be written.
 */
int jmon_run_corpus(const jmon_run_opts_t *o, jmon_run_result_t *results, char *err,
                    size_t errsz);
void jmon_run_results_free(jmon_run_result_t *results, size_t n);

typedef struct {
  size_t runs, ok, traps, no_profile, over_budget;
  uint64_t min, p50, p95, max, total;   /**< over runs with a profile (nearest-rank percentiles) */
} jmon_run_stats_t;

/** Statistics of the results; over_budget counts fuel > max_fuel when has_max. */
void jmon_run_stats(const jmon_run_result_t *r, size_t n, bool has_max, uint64_t max_fuel,
                    jmon_run_stats_t *st);

/**
 * Write the summary (runs, exit codes, traps, fuel min/p50/p95/max, the `worst` worst inputs
 * by name, over-budget count, where the profiles are) to `out`. @return 0, or -1 out of memory.
 */
int jmon_run_write_summary(FILE *out, const jmon_run_result_t *r, size_t n, const char *outdir,
                           bool has_max, uint64_t max_fuel, size_t worst, double seconds);

#endif
