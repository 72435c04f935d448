/* compiler_driver.h: run the C compiler on many translation units in parallel, and link. */
#ifndef JMON_COMPILER_DRIVER_H
#define JMON_COMPILER_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

/** One compile: `cc FLAGS [opt] -c src -o obj`, its compiler messages going to `log`. */
typedef struct {
  char src[4096];
  char obj[4096];
  char log[4096];
  size_t weight;      /**< expected cost (C bytes, scaled by the -O level); heavier jobs start first */
  const char *opt;    /**< this unit's flag after the common ones (its -O level), or NULL */
} jmon_cc_job_t;

typedef struct {
  const char *cc;               /**< compiler command, e.g. "gcc" */
  const char *const *flags;     /**< NULL-terminated */
  int jobs;                     /**< parallel processes, >= 1 */
  /** Called after each finished job (done of total), may be NULL. */
  void (*progress)(void *ctx, size_t done, size_t total);
  void *progress_ctx;
} jmon_cc_options_t;

/**
 * Compile every job. Stops starting new jobs after the first failure.
 * @return 0, or -1 with `err` naming the failed unit and the first lines of its compiler output.
 */
int jmon_cc_compile(jmon_cc_job_t *jobs, size_t n, const jmon_cc_options_t *o, char *err, size_t errlen);

/**
 * Run a command (argv NULL-terminated) and wait; its stderr goes to `log` when non-NULL.
 * @return 0 on exit status 0, else -1 with err set (including the log's first lines).
 */
int jmon_run_command(const char *const *argv, const char *log, char *err, size_t errlen);

/**
 * Run a command (argv NULL-terminated), its stderr going to `log` when non-NULL, and collect
 * what it writes to stdout. @return 0 on exit status 0 with *out (malloc'd, NUL-terminated,
 * caller frees); else -1 with err set and *out NULL.
 */
int jmon_run_capture(const char *const *argv, const char *log, char **out, char *err, size_t errlen);

/**
 * The compiler's identity for cache keys: its resolved path and `--version` output.
 * @return malloc'd text, or NULL when the compiler cannot be run.
 */
char *jmon_cc_identity(const char *cc);

/** What `--host FILE.c` is compiled with. */
typedef struct {
  const char *cc;
  const char *host_c;       /**< the user's C file */
  const char *work;         /**< work directory: the object, logs and -I for the module header */
  const char *runtime_dir;  /**< -I<runtime_dir>/include */
  const char *app_h;        /**< wasm2c's header of the module, force-included */
} jmon_cc_host_t;

/**
 * Compile the --host file against the module's header (so a definition whose type differs from
 * the import's does not compile) and list the functions it defines (`nm`).
 * @return 0 with *obj (the object's path) and *symbols (one C name a line), both malloc'd; or -1
 * with err set.
 */
int jmon_cc_compile_host(const jmon_cc_host_t *h, char **obj, char **symbols, char *err, size_t errlen);

/** Remove a directory tree (no shell; symlinks are removed, not followed). @return 0 or -1. */
int jmon_remove_tree(const char *dir);

#endif
