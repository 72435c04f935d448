/* build_pipeline.c: drive jmon-aot's phases over one build_t and keep the work directory tidy.
 * Each phase is a function taking the build; jmon_build() runs them in order (k_phases). */
#include "build_pipeline.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "c_splitter.h"
#include "compiler_driver.h"
#include "dispatch_finder.h"
#include "dynamic_link.h"
#include "fuel_pass.h"
#include "glue_writer.h"
#include "js_origin.h"
#include "js_table.h"
#include "qjs_builtins.h"
#include "object_cache.h"
#include "qjs_bytecode.h"
#include "rewriter.h"
#include "text_buffer.h"
#include "wasm_module.h"
#include "../generated/hot_functions.h"
#include "../generated/quickjs_opcodes.h"

/* wasm2c -n: fixed, so generated C (and the cache keys) do not depend on the file name. */
#define C_MODULE "app"
/* Unit sizes: a few hundred KB of C per unit balances gcc start-up against parallelism. */
/* Tiered -O (opt_level -1): the hot functions' units and the glue at HOT_OPT, the other function
 * units at COLD_OPT, the module unit (start-up code: init_memories is one LOAD_DATA per data
 * segment) and the data units at INIT_OPT. */
#define HOT_OPT "-O2"
#define COLD_OPT "-O1"
#define INIT_OPT "-O0"
#define UNIT_BYTES (384u * 1024u)
#define DATA_UNIT_BYTES (2u * 1024u * 1024u)
/* wabt's runtime library and header, as the Makefile found them (WASM_RT_IMPL_LIB, WASM_RT_HEADER). */
#if !defined(JMON_WASM_RT_IMPL_LIB) || !defined(JMON_WASM_RT_HEADER)
#error "translator/module.mk passes -DJMON_WASM_RT_IMPL_LIB and -DJMON_WASM_RT_HEADER"
#endif
/* The wabt whose wasm2c output and runtime internals (runtime/trap.c: wasm_rt_jmp_buf) we use. */
#define JMON_WABT_VERSION "1.0.32"

/* Everything a unit's object depends on besides its own text. */
typedef struct {
  char *cc_identity;
  char *app_h;
  char *wasm_rt_h;
  char *jmon_rt_h;
  char *jmon_probes_h;
  char *jmon_fuel46_h;          /* only for --fuel-model wasmtime46 (its units include it), else NULL */
  char *trace_writer_h;
  char flags_joined[2048];
} key_parts_t;

/* Generated units include app.h, wasm-rt.h and jmon_probes.h (which includes trace_writer.h);
 * only the glue includes jmon_rt.h. */
static void unit_key(const key_parts_t *k, bool is_glue, const char *opt, const char *text, size_t len, char hex[65]) {
  jmon_hash_t *h = jmon_hash_new();
  if (!h) { hex[0] = 0; return; }
  jmon_hash_part(h, "jmon-aot-object-v1", "", 0);
  jmon_hash_part(h, "cc", k->cc_identity, strlen(k->cc_identity));
  jmon_hash_part(h, "flags", k->flags_joined, strlen(k->flags_joined));
  jmon_hash_part(h, "opt", opt, strlen(opt));
  jmon_hash_part(h, "app.h", k->app_h, strlen(k->app_h));
  jmon_hash_part(h, "wasm-rt.h", k->wasm_rt_h, strlen(k->wasm_rt_h));
  if (is_glue) jmon_hash_part(h, "jmon_rt.h", k->jmon_rt_h, strlen(k->jmon_rt_h));
  jmon_hash_part(h, "jmon_probes.h", k->jmon_probes_h, strlen(k->jmon_probes_h));
  if (k->jmon_fuel46_h) jmon_hash_part(h, "jmon_fuel46.h", k->jmon_fuel46_h, strlen(k->jmon_fuel46_h));
  jmon_hash_part(h, "trace_writer.h", k->trace_writer_h, strlen(k->trace_writer_h));
  jmon_hash_part(h, "unit", text, len);
  jmon_hash_finish(h, hex);
}

/* One build: the options, what each phase produced for the next, and the progress state.
 * build_free() releases all of it. */
typedef struct {
  const jmon_build_options_t *o;
  char *err;
  size_t errlen;
  bool finished;              /* a phase completed the job early (--analyze) */
  double t0, tstep;           /* start of the build, of the current progress step */
  const char *step;           /* current progress step ("read", ...), NULL before the first */
  int step_no;
  jmon_probes_t probes;       /* o->probes, or fuel when js falls back */
  bool wasm_stacks;           /* keep the wasm calling-context tree (else per-function counters) */
  bool fuel46;                /* fuel counted by wasmtime 46's rules (docs/fuel-model.md §7) */
  uint32_t startup_fuel;      /* wasmtime 46's start-up function's fuel, 0 for none */
  char init_call[96];         /* the glue's call of jmon_probes_init (and _startup) */
  /* read, link */
  jmon_wasm_module_t mod;     /* the module being built (the merged one with --plugin) */
  jmon_wasm_module_t app;     /* --plugin: what is left of the input */
  jmon_link_result_t link;
  char sha[65];               /* of the input file */
  /* find dispatch */
  jmon_dispatch_t disp;
  jmon_qjs_module_t qjs;
  char *js_warning;           /* why the bytecode cannot be read, or NULL */
  jmon_js_sources_t js_sources; /* --source-map / --js-source (translator/js_origin.h) */
  jmon_js_origin_t *origins;  /* per function of qjs: names, files, lines in the user's terms */
  jmon_qjs_runtime_t qrt;     /* the interpreter entry's parameters, QuickJS layout, builtins */
  char **builtin_names;       /* C names of the builtins' wasm functions (by input index), or NULL */
  uint32_t nbuiltin_names;
  char *names;                /* the glue's names table (+ JS table after phase_glue) */
  char work[1024];            /* work directory, "" until created */
  /* rewrite, wasm2c */
  jmon_rewrite_result_t rr;
  char *c_text;               /* wasm2c's app.c, until split */
  size_t c_len;
  char *host_obj, *host_symbols;
  /* split + glue */
  jmon_c_split_t split;
  char *glue;
  uint8_t *hot;               /* tiered -O: hot[k] for defined function k (input numbering), else NULL */
  uint32_t hot_len;           /* the input's defined functions, hot's length */
  size_t nhot, hot_bytes;
  /* compile, link */
  key_parts_t keys;
  char opt[16], inc_work[1100], inc_rt[4200];
  const char *flags[8];       /* NULL-terminated compile flags, the -O level apart */
  jmon_cc_job_t *jobs;        /* one per unit, the glue last */
  size_t nunits, hits;
} build_t;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void report(build_t *b, jmon_report_kind_t kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(build_t *b, jmon_report_kind_t kind, const char *fmt, ...) {
  if (!b->o->report) return;
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  b->o->report(b->o->report_ctx, kind, text);
}

static int fail(build_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(build_t *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(b->err, b->errlen, fmt, ap);
  va_end(ap);
  return -1;
}

/* The progress steps a user sees ([n/NSTEPS] name); several phases may make one step. */
#define NSTEPS 6
static void step(build_t *b, const char *name) {
  double t = now_s();
  if (b->step) report(b, JMON_REPORT_DETAIL, "%-8s %6.2f s", b->step, t - b->tstep);
  b->step = name;
  b->tstep = t;
  b->step_no++;
  if (name) report(b, JMON_REPORT_PROGRESS, "[%d/%d] %s", b->step_no, NSTEPS, name);
}

static void compile_progress(void *ctx, size_t done, size_t total) {
  build_t *b = ctx;
  report(b, JMON_REPORT_PROGRESS, "[%d/%d] compile %zu/%zu", b->step_no, NSTEPS, done, total);
}

static int read_text(const char *path, char **out, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t r;
  while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (n + 1 == cap) {
      char *q = realloc(buf, cap *= 2);
      if (!q) { free(buf); buf = NULL; }
      else buf = q;
    }
  }
  fclose(f);
  if (!buf) return -1;
  buf[n] = 0;
  *out = buf;
  if (len) *len = n;
  return 0;
}

static int write_text(const char *path, const char *text, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t w = fwrite(text, 1, len, f);
  return (fclose(f) == 0 && w == len) ? 0 : -1;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* The app's QuickJS bytecode: javy puts it in the last passive data segment. On failure
 * *warning says why (functions are then reported by address, never under a guessed name).
 * JMON_AOT_TEST_WRONG_OPCODE_TABLE=1 reads it with a deliberately wrong opcode table (tests). */
static void load_js_bytecode(const jmon_wasm_module_t *m, jmon_qjs_module_t *q, char **warning) {
  const jmon_data_t *seg = NULL;
  for (uint32_t i = m->ndatas; i-- > 0 && !seg;)
    if (m->datas[i].flags == 1) seg = &m->datas[i];
  char msg[512], perr[300];
  if (!seg) {
    snprintf(msg, sizeof msg, "no passive data segment holds QuickJS bytecode: JS functions are reported by address");
  } else {
    jmon_qjs_opcode_t wrong[256];
    const jmon_qjs_opcode_t *table = NULL;
    const uint8_t *bytes = seg->owned_bytes ? seg->owned_bytes : seg->bytes;
    const char *test = getenv("JMON_AOT_TEST_WRONG_OPCODE_TABLE");
    /* The table of the variant the version byte names, with every size shifted by one entry. */
    const jmon_qjs_variant_t *v = seg->size ? jmon_qjs_variant_for(bytes[0]) : NULL;
    if (test && strcmp(test, "1") == 0 && v) {
      for (uint32_t i = 0; i < v->opcode_count; i++) {
        wrong[i] = v->opcodes[i];
        wrong[i].size = v->opcodes[(i + 1) % v->opcode_count].size;
      }
      table = wrong;
    }
    if (jmon_qjs_parse_with(bytes, seg->size, table, q, perr, sizeof perr) == JMON_QJS_OK) return;
    snprintf(msg, sizeof msg, "the QuickJS bytecode in data segment %u cannot be read (%s): JS functions are "
             "reported by address", (unsigned)(seg - m->datas), perr);
  }
  *warning = strdup(msg);
}

static int read_module(build_t *b, const char *path, const char *io_label, jmon_wasm_module_t *m) {
  jmon_wasm_error_t werr;
  if (jmon_wasm_read_file(path, m, &werr) == JMON_WASM_OK) return 0;
  if (werr.status == JMON_WASM_ERR_IO) return fail(b, "%s%s: %s", io_label, path, werr.message);
  return fail(b, "%s: offset 0x%zx: %s", path, werr.offset, werr.message);
}

/* read: the reader validates the module and gives offsets for what is wrong; a bad source map
 * fails here too, before the long compile. */
static int phase_read(build_t *b) {
  const jmon_build_options_t *o = b->o;
  if ((o->source_map || o->js_source) &&
      jmon_js_sources_read(o->source_map, o->js_source, &b->js_sources, b->err, b->errlen) != 0)
    return -1;
  if (read_module(b, b->o->input, "", &b->mod) != 0) return -1;
  if (jmon_sha256_hex(b->mod.input, b->mod.input_size, b->sha) != 0) return fail(b, "out of memory");
  return 0;
}

/* link: with --plugin, link the dynamic module into its plugin (translator/dynamic_link.h); from
 * here on `mod` is the merged module, `app` keeps what is left of the input. */
static int phase_link_plugin(build_t *b) {
  const jmon_build_options_t *o = b->o;
  if (o->plugin) {
    b->app = b->mod;
    memset(&b->mod, 0, sizeof b->mod);
    if (read_module(b, o->plugin, "--plugin ", &b->mod) != 0) return -1;
    jmon_link_options_t lo = {.app_path = o->input, .plugin_path = o->plugin};
    if (jmon_link_dynamic(&b->mod, &b->app, &lo, &b->link) != JMON_LINK_OK) return fail(b, "%s", b->link.message);
    if (b->link.warning[0]) report(b, JMON_REPORT_WARNING, "%s", b->link.warning);
  } else {
    const char *ns = jmon_link_dynamic_namespace(&b->mod);
    if (ns)
      return fail(b, "%s: a javy dynamic module (it imports from `%s`): give its plugin with --plugin P.wasm",
                  o->input, ns);
  }
  if (!jmon_wasm_find_export(&b->mod, 0, "_start")) return fail(b, "%s: module exports no `_start` function", o->input);
  return 0;
}

/* --analyze: what the dispatch finder decided and whether the bytecode reads. */
static int report_analysis(build_t *b) {
  jmon_text_t t = {0};
  jmon_dispatch_describe(&b->disp, &t);
  if (b->disp.status == JMON_DISPATCH_FOUND) {
    if (b->js_warning) jmon_text_printf(&t, "bytecode: none (%s)\n", b->js_warning);
    else jmon_text_printf(&t, "bytecode: %s, %u functions\n", b->qjs.variant->description, b->qjs.nfunctions);
    const jmon_qjs_builtins_t *bt = &b->qrt.builtins;
    if (b->qrt.layout)
      jmon_text_printf(&t, "builtins: %zu arrays, %zu entries, %zu functions%s%s\n", bt->narrays, bt->nlist_entries,
                       bt->nfuncs, bt->warning[0] ? "; " : "", bt->warning);
    else
      jmon_text_printf(&t, "builtins: none (the interpreter entry is not decoded for this QuickJS)\n");
  }
  if (!t.failed && b->o->report) b->o->report(b->o->report_ctx, JMON_REPORT_ANALYZE, t.p ? t.p : "");
  free(t.p);
  b->finished = true;
  return t.failed ? fail(b, "out of memory") : 0;
}

/* find dispatch: the QuickJS interpreter, needed for --probes js and --analyze. */
static int phase_find_dispatch(build_t *b) {
  const jmon_build_options_t *o = b->o;
  if (!(b->probes == JMON_PROBES_JS || o->analyze || o->interp_func >= 0)) return 0;
  jmon_dispatch_find(&b->mod, o->interp_func, o->pc_load, &b->disp);
  if (b->disp.status == JMON_DISPATCH_NOMEM) return fail(b, "out of memory");
  if (b->disp.status == JMON_DISPATCH_OVERRIDE_INVALID) return fail(b, "%s: %s", o->input, b->disp.message);
  if (b->disp.status == JMON_DISPATCH_FOUND) load_js_bytecode(&b->mod, &b->qjs, &b->js_warning);
  /* The interpreter entry's parameters, QuickJS's layout and builtins (translator/qjs_builtins.c),
   * from the input's numbering (before the rewrite adds imports). */
  if (b->disp.status == JMON_DISPATCH_FOUND &&
      jmon_qjs_runtime_prepare(&b->mod, b->disp.chosen.func, b->js_warning ? NULL : b->qjs.variant, &b->qrt) != 0)
    return fail(b, "out of memory");
  if (o->analyze) return report_analysis(b);
  if (b->probes == JMON_PROBES_JS && b->disp.status != JMON_DISPATCH_FOUND) {
    if (o->probes_explicit)
      return fail(b, "%s: --probes js: no QuickJS interpreter found (%s)", o->input, b->disp.message);
    report(b, JMON_REPORT_WARNING, "%s: no QuickJS interpreter found (%s); building with --probes fuel", o->input,
           b->disp.message);
    b->probes = JMON_PROBES_FUEL;
  }
  if (b->probes == JMON_PROBES_JS && b->js_warning) report(b, JMON_REPORT_WARNING, "%s: %s", o->input, b->js_warning);
  return 0;
}

/* Names for the profile, by the input's function indices (before probes renumber them), and the
 * work directory (--keep-c's, else a fresh one under $TMPDIR). */
static int phase_prepare(build_t *b) {
  const jmon_build_options_t *o = b->o;
  /* --probes fuel keeps the wasm calling-context tree unless --no-wasm-stacks; --probes js only
   * with --wasm-stacks (per-function counters cost much less per call: docs/perf.md). */
  b->wasm_stacks = o->wasm_stacks == JMON_WASM_STACKS_DEFAULT ? b->probes == JMON_PROBES_FUEL
                                                              : o->wasm_stacks == JMON_WASM_STACKS_ON;
  /* wasmtime 46 also meters the module's start-up code (fuel_pass.h): it shows in the row of the
   * start function, or of `_start` without one (docs/fuel-model.md §7.2). */
  b->fuel46 = b->probes != JMON_PROBES_NONE && o->fuel_model == JMON_FUEL_WASMTIME46;
  snprintf(b->init_call, sizeof b->init_call, "jmon_probes_init();");
  char why[200];
  if (b->fuel46 && jmon_fuel46_startup(&b->mod, &b->startup_fuel, why, sizeof why) != 0)
    return fail(b, "%s: --fuel-model wasmtime46: %s: wasmtime 46 meters the start-up code this needs, which "
                "jmon-aot does not model", o->input, why);
  if (b->startup_fuel) {
    uint32_t func = b->mod.has_start ? b->mod.start_func : jmon_wasm_find_export(&b->mod, 0, "_start")->index;
    snprintf(b->init_call, sizeof b->init_call, "jmon_probes_init();\n  jmon_probes_startup(%u, %u);", func,
             b->startup_fuel);
  }
  if (b->probes != JMON_PROBES_NONE &&
      jmon_glue_names_write(&b->mod, b->link.func_names, b->link.nfunc_names, b->wasm_stacks,
                            b->fuel46 ? "wasmtime46" : "wasmtime39", &b->names) != 0)
    return fail(b, "out of memory");
  if (o->keep_c) {
    snprintf(b->work, sizeof b->work, "%s", o->keep_c);
    if (mkdir(b->work, 0755) != 0 && errno != EEXIST) return fail(b, "cannot create %s: %s", b->work, strerror(errno));
  } else {
    const char *tmp = getenv("TMPDIR");
    snprintf(b->work, sizeof b->work, "%s/jmon-aot.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(b->work)) {
      b->work[0] = 0;
      return fail(b, "cannot create a work directory: %s", strerror(errno));
    }
  }
  return 0;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* hot set (tiered -O only): the functions compiled at HOT_OPT. A function is hot when its body is
 * in generated/hot_functions.h (the functions where fuel profiles of the perf workloads and the
 * corpus spend 95% of their fuel, named by an FNV-1a 64 hash of their code-section body: see
 * generated/gen_hot_functions.py) or when it is the QuickJS interpreter the dispatch finder found.
 * A module none of whose functions is in the table (another plugin) is compiled at HOT_OPT.
 * Decided on the input, before the rewrite: the hash is of the plugin's own bytes, so the set, and
 * with it every unit, is the same for all apps on one plugin. */
static int phase_hot_set(build_t *b) {
  if (b->o->opt_level >= 0) return 0;
  const jmon_wasm_module_t *m = &b->mod;
  b->hot = calloc(m->nfuncs ? m->nfuncs : 1, 1);
  if (!b->hot) return fail(b, "out of memory");
  b->hot_len = m->nfuncs;
  const size_t nhashes = sizeof jmon_hot_hashes / sizeof jmon_hot_hashes[0];
  size_t matched = 0;
  for (uint32_t k = 0; k < m->nfuncs; k++) {
    const jmon_func_t *f = &m->funcs[k];
    uint64_t size = 0;
    size_t at = f->body_offset;
    /* the body's size LEB, then the body; created functions (offset 0) have no bytes to hash */
    for (int shift = 0; at && at < m->input_size && shift < 35; shift += 7) {
      uint8_t byte = m->input[at++];
      size |= (uint64_t)(byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    if (f->body_offset && size && at + size <= m->input_size) {
      uint64_t h = 0xcbf29ce484222325ull;
      for (size_t i = 0; i < size; i++) h = (h ^ m->input[at + i]) * 0x100000001b3ull;
      if (bsearch(&h, jmon_hot_hashes, nhashes, sizeof h, cmp_u64)) b->hot[k] = 1;
    }
    matched += b->hot[k];
    if (b->disp.status == JMON_DISPATCH_FOUND && b->disp.chosen.func == m->nimported_funcs + k) b->hot[k] = 1;
    if (b->hot[k]) b->nhot++, b->hot_bytes += size;
  }
  if (!matched) {
    /* Not the plugin the table was made for: without a profile, everything at HOT_OPT as before. */
    free(b->hot);
    b->hot = NULL;
    report(b, JMON_REPORT_DETAIL, "hot functions: none known for this module (generated/hot_functions.h): "
           "everything at " HOT_OPT);
    return 0;
  }
  report(b, JMON_REPORT_DETAIL, "hot functions: %zu of %u (%zu bytes of code) at " HOT_OPT ", the rest at " COLD_OPT
         " (start-up code and data " INIT_OPT ")",
         b->nhot, m->nfuncs, b->hot_bytes);
  return 0;
}

/* rewrite: probes are woven here. Every level guards the shadow stack, so unbounded recursion is
 * `call stack exhausted` whichever stack runs out first. */
static int phase_rewrite(build_t *b) {
  jmon_rewrite_options_t ro = {.stack_guard = true, .fuel = b->probes != JMON_PROBES_NONE, .pc_func = -1,
                               .pc_instr = -1, .wasmtime46 = b->fuel46};
  if (b->probes == JMON_PROBES_JS) {
    ro.pc_func = b->disp.chosen.func;
    ro.pc_instr = b->disp.chosen.load_instr;
    /* The recovered builtins name their wasm functions for native tools (w2c_JSON_parse). */
    uint32_t nall = b->mod.nimported_funcs + b->mod.nfuncs;
    b->builtin_names = jmon_qjs_builtin_func_names(&b->qrt, nall);
    ro.func_names = (const char *const *)b->builtin_names;
    ro.nfunc_names = b->builtin_names ? nall : 0;
    b->nbuiltin_names = ro.nfunc_names;
  }
  if (jmon_rewrite(&b->mod, &ro, &b->rr) != 0) return fail(b, "out of memory while rewriting");
  report(b, JMON_REPORT_DETAIL, "stack guard: %s (global %ld, top %u, %u sets); %u fuel probes",
         b->rr.sp_global >= 0 ? "on" : "no stack pointer found", b->rr.sp_global, b->rr.sp_top, b->rr.guarded_sets,
         b->rr.fuel_probes);
  char path[1100];
  jmon_wasm_error_t werr;
  snprintf(path, sizeof path, "%s/" C_MODULE ".wasm", b->work);
  if (jmon_wasm_write_file(&b->mod, path, &werr) != JMON_WASM_OK) return fail(b, "writing %s: %s", path, werr.message);
  return 0;
}

/* The generated C and runtime/trap.c depend on wabt 1.0.32's wasm2c: say so when it is another. */
static void check_wasm2c_version(build_t *b) {
  const char *argv[] = {"wasm2c", "--version", NULL};
  char *out = NULL, err[256];
  if (jmon_run_capture(argv, "/dev/null", &out, err, sizeof err) != 0) return;   /* it just ran */
  out[strcspn(out, "\n")] = 0;
  if (strcmp(out, JMON_WABT_VERSION) != 0)
    report(b, JMON_REPORT_WARNING, "wasm2c --version says `%s`; jmon-aot is built for wabt " JMON_WABT_VERSION
           " (other versions may not compile or link)", out);
  free(out);
}

/* wasm2c: app.wasm → app.c + app.h (the header also goes into every cache key). */
static int phase_wasm2c(build_t *b) {
  char in[1100], c[1100], h[1100], log[1100];
  snprintf(in, sizeof in, "%s/" C_MODULE ".wasm", b->work);
  snprintf(c, sizeof c, "%s/" C_MODULE ".c", b->work);
  snprintf(h, sizeof h, "%s/" C_MODULE ".h", b->work);
  snprintf(log, sizeof log, "%s/wasm2c.log", b->work);
  const char *argv[] = {"wasm2c", "-n", C_MODULE, in, "-o", c, NULL};
  if (jmon_run_command(argv, log, b->err, b->errlen) != 0) return -1;
  check_wasm2c_version(b);
  if (read_text(c, &b->c_text, &b->c_len) != 0) return fail(b, "cannot read %s", c);
  if (read_text(h, &b->keys.app_h, NULL) != 0) return fail(b, "cannot read %s", h);
  return 0;
}

/* --host FILE.c: compiled against the module's own header, so a definition whose type differs
 * from the import's does not compile; the imports it defines get no trapping stub. */
static int phase_host(build_t *b) {
  if (!b->o->host_c) return 0;
  char app_h[1100];
  snprintf(app_h, sizeof app_h, "%s/" C_MODULE ".h", b->work);
  jmon_cc_host_t h = {.cc = b->o->cc, .host_c = b->o->host_c, .work = b->work, .runtime_dir = b->o->runtime_dir,
                      .app_h = app_h};
  return jmon_cc_compile_host(&h, &b->host_obj, &b->host_symbols, b->err, b->errlen);
}

/* Each unit's first lines, by [wasm_stacks][fuel46]: without wasm stacks the probes count into the
 * per-function counters (jmon_probes.h); wasmtime 46's probes are in jmon_fuel46.h. */
static const char *const k_unit_preamble[2][2] = {
    {"#define JMON_WASM_STACKS 0\n#include \"jmon_probes.h\"\n",
     "#define JMON_WASM_STACKS 0\n#include \"jmon_probes.h\"\n#include \"jmon_fuel46.h\"\n"},
    {"#include \"jmon_probes.h\"\n", "#include \"jmon_probes.h\"\n#include \"jmon_fuel46.h\"\n"}};

/* split: wasm2c's one big C file into units, weaving function entry/exit probes. */
static int phase_split(build_t *b) {
  bool probes = b->probes != JMON_PROBES_NONE;
  uint8_t *leaf = probes ? jmon_rewrite_leaf_functions(&b->mod, &b->rr) : NULL;
  jmon_split_options_t so = {.unit_bytes = UNIT_BYTES, .data_unit_bytes = DATA_UNIT_BYTES,
                             .unit_preamble = k_unit_preamble[b->wasm_stacks][b->fuel46],
                             .weave_functions = probes,
                             .first_func_index = b->rr.orig_imported_funcs,
                             .interp_index = b->probes == JMON_PROBES_JS ? (long)b->disp.chosen.func : -1,
                             .interp_params = {b->qrt.params[0], b->qrt.params[1], b->qrt.params[2]},
                             .leaf = leaf, .nleaf = leaf ? b->mod.nfuncs : 0,
                             .hot = b->hot, .nhot = b->hot_len};
  const char *detail;
  jmon_split_status_t st = jmon_split_c(b->c_text, b->c_len, &so, &b->split, &detail);
  free(leaf);
  free(b->c_text);
  b->c_text = NULL;
  if (st != JMON_SPLIT_OK)
    return fail(b, "splitting wasm2c output: %s%s%s", jmon_split_strerror(st), *detail ? ": " : "", detail);
  return 0;
}

/* glue: jmon_glue.c, with the names table and (--probes js) the JS function table. */
static int phase_glue(build_t *b) {
  static const char *const k_level[] = {"none", "fuel", "js"};
  jmon_glue_options_t go = {.c_module = C_MODULE, .module_name = base_name(b->o->input), .module_sha256 = b->sha,
                            .probes = k_level[b->probes], .host_symbols = b->host_symbols};
  if (b->probes != JMON_PROBES_NONE) {
    bool js = b->probes == JMON_PROBES_JS, bytecode = js && !b->js_warning;
    char *js_c = NULL;
    const jmon_smap_t *map = b->js_sources.has_map ? &b->js_sources.map : NULL;
    if (bytecode && jmon_js_origin_compute(&b->qjs, map, b->js_sources.bundle, b->js_sources.bundle_len, &b->origins) != 0)
      return fail(b, "out of memory");
    if (jmon_js_table_write(bytecode ? &b->qjs : NULL, b->origins, map, js ? b->disp.chosen.func : 0,
                            js ? b->disp.chosen.load_offset : 0, bytecode ? b->qjs.variant->description : NULL,
                            js ? b->js_warning : NULL,
                            &(jmon_js_natives_t){b->qrt.layout, &b->qrt.builtins, b->qrt.table, b->qrt.ntable},
                            &js_c) != 0)
      return fail(b, "out of memory");
    jmon_text_t decls = {.p = b->names, .n = strlen(b->names), .cap = strlen(b->names) + 1};
    jmon_text_put(&decls, js_c, strlen(js_c));
    free(js_c);
    b->names = decls.p;
    if (decls.failed) return fail(b, "out of memory");
    go.at_exit = "jmon_probes_at_exit";
    go.init_call = b->init_call;
    go.extra_decls = b->names;
    go.js_init = js;
  }
  char gerr[1024];
  if (jmon_glue_write(b->keys.app_h, &go, &b->glue, gerr, sizeof gerr) != 0) return fail(b, "%s: %s", b->o->input, gerr);
  return 0;
}

/* compile (1/2): the flags and what, besides its text, every object depends on (cache keys). */
static int phase_compile_setup(build_t *b) {
  const jmon_build_options_t *o = b->o;
  /* -O N for every unit; tiered builds use it where no hot set was decided (no known function). */
  if (o->opt_level >= 0) snprintf(b->opt, sizeof b->opt, "-O%d", o->opt_level);
  else snprintf(b->opt, sizeof b->opt, HOT_OPT);
  snprintf(b->inc_work, sizeof b->inc_work, "-I%s", b->work);
  snprintf(b->inc_rt, sizeof b->inc_rt, "-I%s/include", o->runtime_dir);
  /* wasm2c's recommended flags (wabt wasm2c/README.md); -w: generated code is not ours to lint. */
  const char *flags[] = {"-fno-optimize-sibling-calls", "-frounding-math", "-fsignaling-nans",
                         "-w", b->inc_work, b->inc_rt, NULL};
  memcpy(b->flags, flags, sizeof flags);
  key_parts_t *k = &b->keys;
  for (int i = 0; flags[i]; i++) {
    if (flags[i] == b->inc_work) continue;   /* the work directory is random per build: not in the key */
    strncat(k->flags_joined, flags[i], sizeof k->flags_joined - strlen(k->flags_joined) - 2);
    strcat(k->flags_joined, " ");
  }
  k->cc_identity = jmon_cc_identity(o->cc);
  if (!k->cc_identity) return fail(b, "cannot run the C compiler `%s`", o->cc);
  if (read_text(JMON_WASM_RT_HEADER, &k->wasm_rt_h, NULL) != 0)
    return fail(b, "cannot read " JMON_WASM_RT_HEADER " (is wabt installed?)");
  static const char *const k_headers[] = {"jmon_rt.h", "jmon_probes.h", "trace_writer.h", "jmon_fuel46.h"};
  char **texts[] = {&k->jmon_rt_h, &k->jmon_probes_h, &k->trace_writer_h, &k->jmon_fuel46_h};
  for (int i = 0; i < (b->fuel46 ? 4 : 3); i++) {
    char path[4400];
    snprintf(path, sizeof path, "%s/include/%s", o->runtime_dir, k_headers[i]);
    if (read_text(path, texts[i], NULL) != 0) return fail(b, "cannot find the runtime at %s", o->runtime_dir);
  }
  return 0;
}

/* compile (2/2): write the units, take what the cache has, compile the rest in parallel. */
static int phase_compile(build_t *b) {
  jmon_cache_t cache;
  jmon_cache_open(&cache, b->o->cache_dir, !b->o->no_cache);
  size_t nsplit = b->split.nunits, ntodo = 0;
  b->nunits = nsplit + 1;   /* + glue */
  b->jobs = calloc(b->nunits, sizeof *b->jobs);
  jmon_cc_job_t *pending = calloc(b->nunits, sizeof *pending);
  size_t *todo = calloc(b->nunits, sizeof *todo);
  char(*keys)[65] = calloc(b->nunits, sizeof *keys);
  int rc = -1;
  if (!b->jobs || !pending || !todo || !keys) { fail(b, "out of memory"); goto done; }
  for (size_t i = 0; i < b->nunits; i++) {
    const char *name = i < nsplit ? b->split.units[i].name : "jmon_glue";
    const char *text = i < nsplit ? b->split.units[i].text : b->glue;
    size_t len = i < nsplit ? b->split.units[i].len : strlen(b->glue);
    jmon_cc_job_t *j = &b->jobs[i];
    snprintf(j->src, sizeof j->src, "%s/%s.c", b->work, name);
    snprintf(j->obj, sizeof j->obj, "%s/%s.o", b->work, name);
    snprintf(j->log, sizeof j->log, "%s/%s.log", b->work, name);
    /* Tiered: gcc -O2 takes about 1.7× the time of -O1 per byte, -O0 half (perf/compilers.sh,
     * docs/perf.md), which the weight tells the scheduler (largest first). */
    bool hot = i == nsplit || b->split.units[i].hot, init = i < nsplit && b->split.units[i].init;
    j->opt = !b->hot ? b->opt : hot ? HOT_OPT : init ? INIT_OPT : COLD_OPT;
    j->weight = !b->hot ? len : hot ? len / 10 * 17 : init ? len / 2 : len;
    if (write_text(j->src, text, len) != 0) { fail(b, "cannot write %s", j->src); goto done; }
    unit_key(&b->keys, i == nsplit, j->opt, text, len, keys[i]);
    /* The glue is tiny and includes runtime headers: always compiled, never cached. */
    if (i < nsplit && jmon_cache_fetch(&cache, keys[i], ".o", j->obj)) b->hits++;
    else pending[ntodo] = *j, todo[ntodo++] = i;
  }
  jmon_split_free(&b->split);
  report(b, JMON_REPORT_DETAIL, "%zu units, %zu from the cache, %zu to compile", b->nunits, b->hits, ntodo);
  jmon_cc_options_t cco = {.cc = b->o->cc, .flags = b->flags, .jobs = b->o->jobs, .progress = compile_progress,
                           .progress_ctx = b};
  if (jmon_cc_compile(pending, ntodo, &cco, b->err, b->errlen) != 0) goto done;
  for (size_t t = 0; t < ntodo; t++)
    if (todo[t] < nsplit) jmon_cache_store(&cache, keys[todo[t]], ".o", b->jobs[todo[t]].obj);
  rc = 0;
done:
  free(pending);
  free(todo);
  free(keys);
  return rc;
}

/* link: the units, the --host object, the probes and runtime libraries, wabt's runtime. */
static int phase_link(build_t *b) {
  const jmon_build_options_t *o = b->o;
  char rtlib[4400], probelib[4400], path[4400], log[1100], linkflags[512] = "";
  /* room for every unit, the libraries, and each word of link-flags */
  const char **argv = calloc(b->nunits + 16 + sizeof linkflags / 2, sizeof *argv);
  if (!argv) return fail(b, "out of memory");
  size_t k = 0;
  argv[k++] = o->cc;
  argv[k++] = "-o";
  argv[k++] = o->output;
  for (size_t i = 0; i < b->nunits; i++) argv[k++] = b->jobs[i].obj;
  if (b->host_obj) argv[k++] = b->host_obj;
  snprintf(probelib, sizeof probelib, "%s/libjmon_probes.a", o->runtime_dir);
  if (b->probes != JMON_PROBES_NONE) argv[k++] = probelib;
  snprintf(rtlib, sizeof rtlib, "%s/libjmon_rt.a", o->runtime_dir);
  argv[k++] = rtlib;
  argv[k++] = JMON_WASM_RT_IMPL_LIB;
  /* Sanitizer builds of the runtime record the flags their link needs. */
  snprintf(path, sizeof path, "%s/link-flags", o->runtime_dir);
  FILE *lf = fopen(path, "r");
  if (lf) {
    if (fgets(linkflags, sizeof linkflags, lf)) linkflags[strcspn(linkflags, "\n")] = 0;
    fclose(lf);
  }
  /* one argument per word: e.g. "-fsanitize=address,undefined -fno-omit-frame-pointer" */
  for (char *w = strtok(linkflags, " \t"); w; w = strtok(NULL, " \t")) argv[k++] = w;
  if (b->probes != JMON_PROBES_NONE) argv[k++] = "-lzstd";   /* the trace writer */
  argv[k++] = "-lm";
  argv[k++] = "-lpthread";
  argv[k] = NULL;
  snprintf(log, sizeof log, "%s/link.log", b->work);
  int rc = jmon_run_command(argv, log, b->err, b->errlen);
  free(argv);
  return rc;
}

static void build_free(build_t *b) {
  jmon_wasm_free(&b->mod);
  jmon_wasm_free(&b->app);
  jmon_link_free(&b->link);
  jmon_dispatch_free(&b->disp);
  jmon_js_origin_free(b->origins, b->qjs.nfunctions);
  jmon_js_sources_free(&b->js_sources);
  jmon_qjs_free(&b->qjs);
  if (b->builtin_names) jmon_wasm_free_names(b->builtin_names, b->nbuiltin_names);
  jmon_qjs_runtime_free(&b->qrt);
  jmon_split_free(&b->split);
  free(b->js_warning);
  free(b->names);
  free(b->c_text);
  free(b->host_obj);
  free(b->host_symbols);
  free(b->glue);
  free(b->hot);
  free(b->keys.cc_identity);
  free(b->keys.app_h);
  free(b->keys.wasm_rt_h);
  free(b->keys.jmon_rt_h);
  free(b->keys.jmon_probes_h);
  free(b->keys.jmon_fuel46_h);
  free(b->keys.trace_writer_h);
  free(b->jobs);
  if (b->work[0] && !b->o->keep_c) jmon_remove_tree(b->work);
}

/* The phases in order; `step` starts a progress step a user sees (NULL: part of the previous one).
 * A new phase is a function on build_t and a row here. */
typedef struct {
  const char *step;
  int (*run)(build_t *b);
} build_phase_t;

static const build_phase_t k_phases[] = {
  {"read", phase_read},
  {NULL, phase_link_plugin},
  {NULL, phase_find_dispatch},
  {NULL, phase_prepare},
  {NULL, phase_hot_set},
  {"rewrite", phase_rewrite},
  {"wasm2c", phase_wasm2c},
  {NULL, phase_host},
  {"split", phase_split},
  {NULL, phase_glue},
  {"compile", phase_compile_setup},
  {NULL, phase_compile},
  {"link", phase_link},
};

int jmon_build(const jmon_build_options_t *o, char *err, size_t errlen) {
  build_t b = {.o = o, .err = err, .errlen = errlen, .t0 = now_s(), .probes = o->probes};
  int rc = 0;
  for (size_t i = 0; rc == 0 && !b.finished && i < sizeof k_phases / sizeof k_phases[0]; i++) {
    if (k_phases[i].step) step(&b, k_phases[i].step);
    rc = k_phases[i].run(&b);
  }
  if (rc == 0 && !b.finished) {
    step(&b, NULL);
    report(&b, JMON_REPORT_DONE, "wrote %s (%zu units, %zu cached) in %.1f s", o->output, b.nunits, b.hits,
           now_s() - b.t0);
  }
  build_free(&b);
  return rc;
}
