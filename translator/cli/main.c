/* main.c: jmon-aot's command line: parse arguments, call the translator library, own stdout,
 * stderr and the TTY progress line, exit. */
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../build_pipeline.h"

#ifndef JMON_VERSION
#define JMON_VERSION "0.0.0"
#endif

static const char k_usage[] =
    "usage: jmon-aot [options] IN.wasm -o OUT\n"
    "Translate a javy (or any WASI preview1) module into a native executable that runs it like\n"
    "`wasmtime run` and writes a fuel profile.\n"
    "\n"
    "  -o OUT                 the native executable to write (required)\n"
    "  --probes none|fuel|js  none: plain wasm2c build, no profile (the speed baseline)\n"
    "                         fuel: per-basic-block fuel + per-wasm-function attribution\n"
    "                         js:   fuel + JS functions/lines/opcodes (the default)\n"
    "  --wasm-stacks, --no-wasm-stacks\n"
    "                         keep the wasm calling-context tree (`wasm_stacks`) or not; default:\n"
    "                         kept with --probes fuel, not with --probes js (it costs ~10-30%)\n"
    "  --fuel-model wasmtime39|wasmtime46\n"
    "                         fuel rules to count by (default wasmtime39, as function-runner);\n"
    "                         wasmtime46: bulk memory/table operators cost 1 + their length,\n"
    "                         instantiation costs 2 with a start function (docs/fuel-model.md)\n"
    "  --interp-func N        the QuickJS interpreter's function index (overrides detection)\n"
    "  --pc-load OFFSET       file offset of its opcode load (i32.load8_u); either alone works:\n"
    "                         a function alone takes its best load, an offset alone its function\n"
    "  --analyze              print what the dispatch finder found as `key: value` lines; build nothing\n"
    "  --plugin P.wasm        link a javy dynamic module against its plugin\n"
    "  --host FILE.c          extra C implementations of imports\n"
    "  --source-map FILE.map  map JS positions and names back to the original sources (v3 maps)\n"
    "  --js-source BUNDLE.js  the JS that was compiled (inline source map, name inference)\n"
    "  --cc CC                C compiler for the generated code (default gcc)\n"
    "  -O N                   optimisation level for all generated code (default: the plugin's hot\n"
    "                         functions -O2, the rest -O1: docs/perf.md, \"Tiered -O\")\n"
    "  -j N                   parallel compiles (default: number of CPUs)\n"
    "  --cache-dir DIR        compile cache (default $XDG_CACHE_HOME/jmon-aot)\n"
    "  --no-cache             neither read nor write the compile cache\n"
    "  --keep-c DIR           keep the generated C, objects and logs in DIR\n"
    "  -v                     print each phase's time\n"
    "  --help                 this text\n"
    "  --version              print the version\n"
    "\n"
    "Exit status: 0 ok, 1 error, 2 usage error.\n";

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "jmon-aot: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'jmon-aot --help'.\n");
  return 2;
}

static int parse_long(const char *s, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 0);
  if (errno || end == s || *end || v < 0) return -1;
  *out = v;
  return 0;
}

/* The runtime lives at <bindir>/../lib/jmon-aot, found from our own executable's path. */
static int find_runtime(char *out, size_t n) {
  char exe[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0) return -1;
  exe[len] = 0;
  char *slash = strrchr(exe, '/');
  if (!slash) return -1;
  *slash = 0;
  if ((size_t)snprintf(out, n, "%.*s/../lib/jmon-aot", (int)(n - 20), exe) >= n) return -1;
  char probe[PATH_MAX + 64];
  snprintf(probe, sizeof probe, "%s/libjmon_rt.a", out);
  return access(probe, R_OK) == 0 ? 0 : -1;
}

/* Where the library's reports go: --analyze to stdout; warnings to stderr; the progress line
 * only on a TTY without -v; step times and counts with -v; the summary with either. */
typedef struct {
  bool tty, verbose;
  bool line_open;   /* a progress line is on the terminal */
} cli_report_t;

static void clear_line(cli_report_t *r) {
  if (r->line_open) fputs("\r\033[K", stderr);
  r->line_open = false;
}

static void on_report(void *ctx, jmon_report_kind_t kind, const char *text) {
  cli_report_t *r = ctx;
  switch (kind) {
  case JMON_REPORT_PROGRESS:
    if (!r->tty) return;
    fprintf(stderr, "\r\033[Kjmon-aot: %s", text);
    r->line_open = true;
    return;
  case JMON_REPORT_WARNING:
    clear_line(r);
    fprintf(stderr, "jmon-aot: warning: %s\n", text);
    return;
  case JMON_REPORT_DETAIL:
    if (r->verbose) fprintf(stderr, "jmon-aot: %s\n", text);
    return;
  case JMON_REPORT_ANALYZE:
    fputs(text, stdout);
    return;
  case JMON_REPORT_DONE:
    clear_line(r);
    if (r->tty || r->verbose) fprintf(stderr, "jmon-aot: %s\n", text);
    return;
  }
}

int main(int argc, char **argv) {
  jmon_build_options_t o = {.probes = JMON_PROBES_JS, .cc = "gcc", .opt_level = -1, .interp_func = -1,
                            .pc_load = -1};
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  o.jobs = ncpu > 0 ? (int)ncpu : 1;
  char runtime_dir[PATH_MAX];
  cli_report_t rep = {0};

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    /* Options taking a value accept both `--opt V` and `--opt=V`. */
    const char *val = NULL;
    const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
    char name[64];
    if (eq && (size_t)(eq - a) < sizeof name) {
      memcpy(name, a, (size_t)(eq - a));
      name[eq - a] = 0;
      a = name;
      val = eq + 1;
    }
#define NEED_VALUE()                                                   \
  do {                                                                 \
    if (!val) {                                                        \
      if (i + 1 >= argc) return usage_error("option %s needs a value", a); \
      val = argv[++i];                                                 \
    }                                                                  \
  } while (0)
    long num;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(k_usage, stdout);
      return 0;
    } else if (strcmp(a, "--version") == 0) {
      printf("jmon-aot %s\n", JMON_VERSION);
      return 0;
    } else if (strcmp(a, "-o") == 0) {
      NEED_VALUE();
      o.output = val;
    } else if (strcmp(a, "--probes") == 0) {
      NEED_VALUE();
      if (strcmp(val, "none") == 0) o.probes = JMON_PROBES_NONE;
      else if (strcmp(val, "fuel") == 0) o.probes = JMON_PROBES_FUEL;
      else if (strcmp(val, "js") == 0) o.probes = JMON_PROBES_JS;
      else return usage_error("--probes takes none, fuel or js, not '%s'", val);
      o.probes_explicit = true;
    } else if (strcmp(a, "--wasm-stacks") == 0) {
      o.wasm_stacks = JMON_WASM_STACKS_ON;
    } else if (strcmp(a, "--no-wasm-stacks") == 0) {
      o.wasm_stacks = JMON_WASM_STACKS_OFF;
    } else if (strcmp(a, "--fuel-model") == 0) {
      NEED_VALUE();
      if (strcmp(val, "wasmtime39") == 0) o.fuel_model = JMON_FUEL_WASMTIME39;
      else if (strcmp(val, "wasmtime46") == 0) o.fuel_model = JMON_FUEL_WASMTIME46;
      else return usage_error("--fuel-model takes wasmtime39 or wasmtime46, not '%s'", val);
    } else if (strcmp(a, "--interp-func") == 0) {
      NEED_VALUE();
      if (parse_long(val, &o.interp_func)) return usage_error("--interp-func needs a function index, not '%s'", val);
    } else if (strcmp(a, "--pc-load") == 0) {
      NEED_VALUE();
      if (parse_long(val, &o.pc_load)) return usage_error("--pc-load needs a file offset, not '%s'", val);
    } else if (strcmp(a, "--analyze") == 0) {
      o.analyze = true;
    } else if (strcmp(a, "--plugin") == 0) {
      NEED_VALUE();
      o.plugin = val;
    } else if (strcmp(a, "--host") == 0) {
      NEED_VALUE();
      o.host_c = val;
    } else if (strcmp(a, "--source-map") == 0) {
      NEED_VALUE();
      o.source_map = val;
    } else if (strcmp(a, "--js-source") == 0) {
      NEED_VALUE();
      o.js_source = val;
    } else if (strcmp(a, "--cc") == 0) {
      NEED_VALUE();
      o.cc = val;
    } else if (strcmp(a, "-O") == 0 || (strncmp(a, "-O", 2) == 0 && a[2])) {
      if (a[2]) val = a + 2;
      else NEED_VALUE();
      if (parse_long(val, &num) || num < 0 || num > 3) return usage_error("-O takes 0, 1, 2 or 3, not '%s'", val);
      o.opt_level = (int)num;
    } else if (strcmp(a, "-j") == 0 || (strncmp(a, "-j", 2) == 0 && a[2])) {
      if (a[2]) val = a + 2;
      else NEED_VALUE();
      if (parse_long(val, &num) || num < 1 || num > 256) return usage_error("-j takes a count from 1 to 256, not '%s'", val);
      o.jobs = (int)num;
    } else if (strcmp(a, "--cache-dir") == 0) {
      NEED_VALUE();
      o.cache_dir = val;
    } else if (strcmp(a, "--no-cache") == 0) {
      o.no_cache = true;
    } else if (strcmp(a, "--keep-c") == 0) {
      NEED_VALUE();
      o.keep_c = val;
    } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
      rep.verbose = true;
    } else if (a[0] == '-' && a[1]) {
      return usage_error("unknown option %s", a);
    } else if (!o.input) {
      o.input = a;
    } else {
      return usage_error("more than one input file (%s)", a);
    }
#undef NEED_VALUE
  }
  if (!o.input) return usage_error("%s", "no input file");
  if (!o.output && !o.analyze) return usage_error("%s", "no output file (-o OUT)");
  if (o.wasm_stacks != JMON_WASM_STACKS_DEFAULT && o.probes == JMON_PROBES_NONE)
    return usage_error("%s", "--wasm-stacks and --no-wasm-stacks need --probes fuel or js");
  if (find_runtime(runtime_dir, sizeof runtime_dir) != 0) {
    fprintf(stderr, "jmon-aot: error: cannot find the runtime library next to this executable "
                    "(expected ../lib/jmon-aot/libjmon_rt.a)\n");
    return 1;
  }
  o.runtime_dir = runtime_dir;
  rep.tty = isatty(2) && !rep.verbose;
  o.report = on_report;
  o.report_ctx = &rep;

  char err[4096];
  if (jmon_build(&o, err, sizeof err) != 0) {
    clear_line(&rep);
    fprintf(stderr, "jmon-aot: error: %s\n", err);
    return 1;
  }
  return 0;
}
