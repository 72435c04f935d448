/* build_pipeline.h: jmon-aot's phases, from an input .wasm to a native app_mon:
 * read → link (--plugin) → find dispatch → rewrite → wasm2c → split + glue → compile (parallel,
 * cached) → link. The library never prints: it reports through a callback. */
#ifndef JMON_BUILD_PIPELINE_H
#define JMON_BUILD_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { JMON_PROBES_NONE = 0, JMON_PROBES_FUEL, JMON_PROBES_JS } jmon_probes_t;
typedef enum { JMON_FUEL_WASMTIME39 = 0, JMON_FUEL_WASMTIME46 } jmon_fuel_model_t;
/** Whether the profile gets wasm_stacks: by default with --probes fuel, not with --probes js. */
typedef enum { JMON_WASM_STACKS_DEFAULT = 0, JMON_WASM_STACKS_ON, JMON_WASM_STACKS_OFF } jmon_wasm_stacks_t;

/** What the build reports; the caller decides where each goes (jmon-aot: translator/cli/main.c). */
typedef enum {
  JMON_REPORT_PROGRESS = 0, /**< a step starts or the compile advances: "[2/6] rewrite", "[5/6] compile 3/40" */
  JMON_REPORT_WARNING,      /**< one line, e.g. "app.wasm: no QuickJS interpreter found (...); building with --probes fuel" */
  JMON_REPORT_DETAIL,       /**< one line for -v: a step's time, stack guard, units and cache hits */
  JMON_REPORT_ANALYZE,      /**< --analyze's result: `key: value` lines, each ending in a newline */
  JMON_REPORT_DONE          /**< the summary line: "wrote OUT (N units, K cached) in T s" */
} jmon_report_kind_t;

/** Receives each report; `text` is valid during the call only. */
typedef void (*jmon_report_fn)(void *ctx, jmon_report_kind_t kind, const char *text);

typedef struct {
  const char *input;          /**< IN.wasm */
  const char *output;         /**< OUT executable */
  jmon_probes_t probes;
  bool probes_explicit;       /**< --probes given on the command line */
  jmon_fuel_model_t fuel_model;
  jmon_wasm_stacks_t wasm_stacks; /**< --wasm-stacks / --no-wasm-stacks */
  const char *cc;             /**< compiler, default "gcc" */
  int opt_level;              /**< -O N for all generated code; -1: hot functions -O2, the rest -O1 */
  int jobs;                   /**< parallel compiles, default: online CPUs */
  const char *cache_dir;      /**< NULL: $XDG_CACHE_HOME/jmon-aot */
  bool no_cache;
  const char *keep_c;         /**< directory to keep the generated C in, or NULL */
  bool analyze;               /**< print the dispatch finder's decision, build nothing */
  long interp_func;           /**< --interp-func, -1 when not given */
  long pc_load;               /**< --pc-load, -1 when not given */
  const char *plugin;         /**< --plugin P.wasm, or NULL */
  const char *host_c;         /**< --host FILE.c, or NULL */
  const char *source_map;     /**< --source-map FILE.map, or NULL */
  const char *js_source;      /**< --js-source BUNDLE.js, or NULL */
  const char *runtime_dir;    /**< directory holding libjmon_rt.a and include/ */
  jmon_report_fn report;      /**< NULL: reports are dropped */
  void *report_ctx;
} jmon_build_options_t;

/**
 * Run the whole build (with `analyze`: read and find the interpreter, report, build nothing).
 * Progress, warnings and timings go to opts->report.
 * @return 0 on success; -1 with `err` holding the one-line message
 * (e.g. "app.wasm: offset 0x2d90a: truncated LEB128") on failure.
 */
int jmon_build(const jmon_build_options_t *opts, char *err, size_t errlen);

#endif
