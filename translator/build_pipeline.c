/* build_pipeline.c: drive jmon-aot's phases and keep the work directory tidy. */
#include "build_pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "c_splitter.h"
#include "compiler_driver.h"
#include "glue_writer.h"
#include "object_cache.h"
#include "dispatch_finder.h"
#include "dynamic_link.h"
#include "js_table.h"
#include "qjs_bytecode.h"
#include "rewriter.h"
#include "../generated/quickjs_opcodes.h"

#include "wasm_module.h"

/* wasm2c -n: fixed, so generated C (and the cache keys) do not depend on the file name. */
#define C_MODULE "app"
/* Unit sizes: a few hundred KB of C per unit balances gcc start-up against parallelism. */
#define UNIT_BYTES (384u * 1024u)
#define DATA_UNIT_BYTES (2u * 1024u * 1024u)
#define WASM_RT_IMPL_LIB "/usr/lib/x86_64-linux-gnu/libwasm-rt-impl.a"
#define WASM_RT_HEADER "/usr/include/wasm-rt.h"

typedef struct {
  const jmon_build_options_t *o;
  char work[1024];
  bool tty;
  double t0, tphase;
  const char *phase;
  int phase_no;
} build_t;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define NPHASES 6
static void phase(build_t *b, const char *name) {
  double t = now_s();
  if (b->o->verbose && b->phase) fprintf(stderr, "jmon-aot: %-8s %6.2f s\n", b->phase, t - b->tphase);
  b->phase = name;
  b->tphase = t;
  b->phase_no++;
  if (b->tty && name) fprintf(stderr, "\r\033[Kjmon-aot: [%d/%d] %s", b->phase_no, NPHASES, name);
}

static void compile_progress(void *ctx, size_t done, size_t total) {
  build_t *b = ctx;
  if (b->tty) fprintf(stderr, "\r\033[Kjmon-aot: [%d/%d] compile %zu/%zu", b->phase_no, NPHASES, done, total);
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

static int remove_tree(const char *dir) {
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd);
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* Everything a unit's object depends on besides its own text. */
typedef struct {
  char *cc_identity;
  char *app_h;
  char *wasm_rt_h;
  char *jmon_rt_h;
  char *jmon_probes_h;
  char *trace_writer_h;
  char flags_joined[2048];
} key_parts_t;

/* Generated units include app.h, wasm-rt.h and jmon_probes.h (which includes trace_writer.h);
 * only the glue includes jmon_rt.h. */
static void unit_key(const key_parts_t *k, bool is_glue, const char *text, size_t len, char hex[65]) {
  jmon_hash_t *h = jmon_hash_new();
  if (!h) { hex[0] = 0; return; }
  jmon_hash_part(h, "jmon-aot-object-v1", "", 0);
  jmon_hash_part(h, "cc", k->cc_identity, strlen(k->cc_identity));
  jmon_hash_part(h, "flags", k->flags_joined, strlen(k->flags_joined));
  jmon_hash_part(h, "app.h", k->app_h, strlen(k->app_h));
  jmon_hash_part(h, "wasm-rt.h", k->wasm_rt_h, strlen(k->wasm_rt_h));
  if (is_glue) jmon_hash_part(h, "jmon_rt.h", k->jmon_rt_h, strlen(k->jmon_rt_h));
  jmon_hash_part(h, "jmon_probes.h", k->jmon_probes_h, strlen(k->jmon_probes_h));
  jmon_hash_part(h, "trace_writer.h", k->trace_writer_h, strlen(k->trace_writer_h));
  jmon_hash_part(h, "unit", text, len);
  jmon_hash_finish(h, hex);
}

/* The glue's names table and probe info, by input index: a non-NULL `given[f]` (f < ngiven;
 * --plugin's names), else the name section's, else the export name, else "f<N>"; and the
 * per-function counters of a build without wasm stacks (jmon_funcs). */
static int build_names(const jmon_wasm_module_t *m, char *const *given, uint32_t ngiven, bool wasm_stacks,
                       char **out) {
  uint32_t nfuncs = m->nimported_funcs + m->nfuncs;
  size_t cap = 256 + (size_t)nfuncs * 24, n = 0;
  for (uint32_t i = 0; i < m->nexports; i++) cap += m->exports[i].name_len * 4 + 8;
  for (uint32_t i = 0; i < ngiven; i++) cap += given[i] ? strlen(given[i]) * 4 + 8 : 0;
  for (uint32_t i = 0; i < m->nimports; i++) cap += (m->imports[i].module_len + m->imports[i].name_len) * 4 + 8;
  /* Defined functions: the name section's name, else the export name, else f<N>. */
  char **own = jmon_wasm_function_names(m);
  for (uint32_t f = m->nimported_funcs; own && f < nfuncs; f++) cap += own[f] ? strlen(own[f]) * 4 : 0;
  char *s = malloc(cap);
  if (!s) {
    jmon_wasm_free_names(own, nfuncs);
    return -1;
  }
  n += (size_t)snprintf(s + n, cap - n, "#include \"monitor.h\"\nstatic const char *const g_func_names[] = {\n");
  uint32_t imp = 0;
  for (uint32_t f = 0; f < nfuncs; f++) {
    const char *mod = NULL, *name = NULL;
    uint32_t mlen = 0, nlen = 0;
    if (f < m->nimported_funcs) {
      while (imp < m->nimports && m->imports[imp].kind != JMON_EXT_FUNC) imp++;
      if (imp < m->nimports) {
        mod = m->imports[imp].module, mlen = m->imports[imp].module_len;
        name = m->imports[imp].name, nlen = m->imports[imp].name_len;
        imp++;
      }
    } else if (f < ngiven && given[f]) {
      name = given[f], nlen = (uint32_t)strlen(given[f]);
    } else if (own && own[f]) {
      name = own[f], nlen = (uint32_t)strlen(own[f]);
    } else {
      for (uint32_t x = 0; x < m->nexports && !name; x++)
        if (m->exports[x].kind == JMON_EXT_FUNC && m->exports[x].index == f)
          name = m->exports[x].name, nlen = m->exports[x].name_len;
    }
    s[n++] = ' ';
    s[n++] = '"';
    for (int part = 0; part < 2; part++) {
      const char *p = part == 0 ? mod : name;
      uint32_t len = part == 0 ? mlen : nlen;
      if (!p) continue;
      if (part == 1 && mod) s[n++] = '.';
      for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '"' || c == '\\') { s[n++] = '\\'; s[n++] = (char)c; }
        else if (c < 32 || c >= 127) n += (size_t)snprintf(s + n, cap - n, "\\%03o", c);
        else s[n++] = (char)c;
      }
    }
    if (!name) n += (size_t)snprintf(s + n, cap - n, "f%u", f);
    n += (size_t)snprintf(s + n, cap - n, "\",\n");
  }
  n += (size_t)snprintf(s + n, cap - n,
                        "};\nconst jmon_probe_info_t jmon_probe_info = {%u, %u, g_func_names, \"wasmtime39\", %d};\n"
                        "jmon_func_stat_t jmon_funcs[%u];\n",
                        nfuncs, m->nimported_funcs, wasm_stacks, nfuncs ? nfuncs : 1);
  jmon_wasm_free_names(own, nfuncs);
  *out = s;
  return 0;
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

/* Compile the user's --host file into the work directory and list the functions it defines
 * (`nm`). @return 0, or 1 with err set. */
static int compile_host(const jmon_build_options_t *o, const char *work, char **obj, char **symbols,
                        char *err, size_t errlen) {
  char out[1200], log[1200], inc_work[1100], inc_rt[4200], app_h[1100], nmcmd[2600], nmout[1200];
  if (access(o->host_c, R_OK) != 0) {
    snprintf(err, errlen, "--host %s: %s", o->host_c, strerror(errno));
    return 1;
  }
  snprintf(out, sizeof out, "%s/jmon_host.o", work);
  snprintf(log, sizeof log, "%s/jmon_host.log", work);
  snprintf(inc_work, sizeof inc_work, "-I%s", work);
  snprintf(inc_rt, sizeof inc_rt, "-I%s/include", o->runtime_dir);
  snprintf(app_h, sizeof app_h, "%s/" C_MODULE ".h", work);
  const char *argv[] = {o->cc, "-std=gnu11", "-O2", "-Wall", inc_work, inc_rt, "-include", app_h,
                        "-c", o->host_c, "-o", out, NULL};
  char cerr[2048];
  if (jmon_run_command(argv, log, cerr, sizeof cerr) != 0) {
    snprintf(err, errlen, "--host %s does not compile against the module's imports: %s", o->host_c, cerr);
    return 1;
  }
  snprintf(nmout, sizeof nmout, "%s/jmon_host.syms", work);
  snprintf(nmcmd, sizeof nmcmd, "nm --defined-only -g -P '%s' > '%s'", out, nmout);
  char *text = NULL;
  if (system(nmcmd) != 0 || read_text(nmout, &text, NULL) != 0) {
    snprintf(err, errlen, "--host %s: cannot list its symbols with nm", o->host_c);
    return 1;
  }
  /* `nm -P`: "name type value size" per line; keep the names. */
  size_t k = 0;
  for (char *p = text; *p;) {
    char *e = strchr(p, '\n');
    size_t name_len = strcspn(p, " \n");
    memmove(text + k, p, name_len);   /* k never passes p: compacting in place */
    k += name_len;
    text[k++] = '\n';
    if (!e) break;
    p = e + 1;
  }
  text[k] = 0;
  *obj = strdup(out);
  *symbols = text;
  return *obj ? 0 : 1;
}

/* Which defined functions of the rewritten module call nothing but probes (no call to another
 * function, no call_indirect, no tail call): their frames skip the jmon_cur bookkeeping, since no
 * callee can look at it. @return a byte per defined function, or NULL (then none is a leaf). */
static uint8_t *leaf_functions(const jmon_wasm_module_t *m, const jmon_rewrite_result_t *rr) {
  uint8_t *leaf = malloc(m->nfuncs ? m->nfuncs : 1);
  if (!leaf) return NULL;
  for (uint32_t f = 0; f < m->nfuncs; f++) {
    const jmon_func_t *fn = &m->funcs[f];
    leaf[f] = 1;
    for (uint32_t i = 0; i < fn->ninstrs && leaf[f]; i++) {
      uint16_t op = fn->instrs[i].opcode;
      if (op == 0x11 || op == 0x12 || op == 0x13 || op == 0x14 || op == 0x15) {
        leaf[f] = 0;   /* call_indirect, return_call(_indirect), call_ref, return_call_ref */
      } else if (op == 0x10) {
        uint32_t callee = fn->instrs[i].imm.index;
        bool probe = false;
        for (int k = 0; k < JMON_PROBE_COUNT; k++) probe |= rr->probe_func[k] == (long)callee;
        if (!probe) leaf[f] = 0;
      }
    }
  }
  return leaf;
}

static int fail_msg(char *err, size_t errlen, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
  return 1;
}

int jmon_build(const jmon_build_options_t *o, char *err, size_t errlen) {
  build_t b = {.o = o, .tty = isatty(2) && !o->verbose, .t0 = now_s()};
  jmon_wasm_module_t mod = {0}, app = {0};
  jmon_link_result_t link = {0};
  jmon_wasm_error_t werr;
  jmon_c_split_t split = {0};
  key_parts_t keys = {0};
  jmon_cc_job_t *jobs = NULL;
  jmon_rewrite_result_t rr = {0};
  uint8_t *leaf = NULL;
  char *names = NULL, *js_c = NULL, *js_warning = NULL, *host_obj = NULL, *host_symbols = NULL;
  jmon_dispatch_t disp = {0};
  jmon_qjs_module_t qjs = {0};
  size_t *todo = NULL;
  char (*unit_keys)[65] = NULL;
  char *c_text = NULL, *glue = NULL;
  char path[4400], path2[4400];
  int rc = 1;
  size_t c_len = 0;

  /* 1. read: the reader validates the module and gives offsets for what is wrong. */
  phase(&b, "read");
  if (jmon_wasm_read_file(o->input, &mod, &werr) != JMON_WASM_OK) {
    if (werr.status == JMON_WASM_ERR_IO)
      fail_msg(err, errlen, "%s: %s", o->input, werr.message);
    else
      fail_msg(err, errlen, "%s: offset 0x%zx: %s", o->input, werr.offset, werr.message);
    goto done;
  }
  char sha[65];
  if (jmon_sha256_hex(mod.input, mod.input_size, sha) != 0) {
    fail_msg(err, errlen, "out of memory");
    goto done;
  }
  /* --plugin: link the dynamic module into its plugin (translator/dynamic_link.h); from here on
   * `mod` is the merged module, `app` keeps what is left of the input. */
  if (o->plugin) {
    app = mod;
    memset(&mod, 0, sizeof mod);
    if (jmon_wasm_read_file(o->plugin, &mod, &werr) != JMON_WASM_OK) {
      if (werr.status == JMON_WASM_ERR_IO)
        fail_msg(err, errlen, "--plugin %s: %s", o->plugin, werr.message);
      else
        fail_msg(err, errlen, "%s: offset 0x%zx: %s", o->plugin, werr.offset, werr.message);
      goto done;
    }
    jmon_link_options_t lo = {.app_path = o->input, .plugin_path = o->plugin};
    if (jmon_link_dynamic(&mod, &app, &lo, &link) != JMON_LINK_OK) {
      fail_msg(err, errlen, "%s", link.message);
      goto done;
    }
    if (link.warning[0]) fprintf(stderr, "jmon-aot: warning: %s\n", link.warning);
  } else {
    const char *ns = jmon_link_dynamic_namespace(&mod);
    if (ns) {
      fail_msg(err, errlen, "%s: a javy dynamic module (it imports from `%s`): give its plugin with --plugin P.wasm",
               o->input, ns);
      goto done;
    }
  }
  if (!jmon_wasm_find_export(&mod, 0, "_start")) {
    fail_msg(err, errlen, "%s: module exports no `_start` function", o->input);
    goto done;
  }
  jmon_probes_t probes = o->probes;
  /* The QuickJS interpreter: needed for --probes js and --analyze. */
  if (probes == JMON_PROBES_JS || o->analyze || o->interp_func >= 0) {
    jmon_dispatch_find(&mod, o->interp_func, o->pc_load, &disp);
    if (disp.status == JMON_DISPATCH_NOMEM) {
      fail_msg(err, errlen, "out of memory");
      goto done;
    }
    if (disp.status == JMON_DISPATCH_OVERRIDE_INVALID) {
      fail_msg(err, errlen, "%s: %s", o->input, disp.message);
      goto done;
    }
    if (disp.status == JMON_DISPATCH_FOUND) load_js_bytecode(&mod, &qjs, &js_warning);
    if (o->analyze) {
      jmon_dispatch_print(&disp, stdout);
      if (disp.status == JMON_DISPATCH_FOUND) {
        if (js_warning) printf("bytecode: none (%s)\n", js_warning);
        else printf("bytecode: %s, %u functions\n", qjs.variant->description, qjs.nfunctions);
      }
      rc = 0;
      goto done;
    }
    if (probes == JMON_PROBES_JS && disp.status != JMON_DISPATCH_FOUND) {
      if (o->probes_explicit) {
        fail_msg(err, errlen, "%s: --probes js: no QuickJS interpreter found (%s)", o->input, disp.message);
        goto done;
      }
      fprintf(stderr, "jmon-aot: warning: %s: no QuickJS interpreter found (%s); building with --probes fuel\n",
              o->input, disp.message);
      probes = JMON_PROBES_FUEL;
    }
    if (probes == JMON_PROBES_JS && js_warning)
      fprintf(stderr, "jmon-aot: warning: %s: %s\n", o->input, js_warning);
  }
  if (o->fuel_model != JMON_FUEL_WASMTIME39) {
    fail_msg(err, errlen, "--fuel-model wasmtime46 is not available in this build yet");
    goto done;
  }
  /* --probes fuel keeps the wasm calling-context tree unless --no-wasm-stacks; --probes js
   * only with --wasm-stacks (docs/perf.md: per-function counters cost much less per call). */
  bool wasm_stacks = o->wasm_stacks == JMON_WASM_STACKS_DEFAULT ? probes == JMON_PROBES_FUEL
                                                                 : o->wasm_stacks == JMON_WASM_STACKS_ON;
  /* Names for the profile, by the input's function indices (before probes renumber them). */
  if (probes != JMON_PROBES_NONE && build_names(&mod, link.func_names, link.nfunc_names, wasm_stacks, &names) != 0) {
    fail_msg(err, errlen, "out of memory");
    goto done;
  }

  if (o->keep_c) {
    snprintf(b.work, sizeof b.work, "%s", o->keep_c);
    if (mkdir(b.work, 0755) != 0 && errno != EEXIST) {
      fail_msg(err, errlen, "cannot create %s: %s", b.work, strerror(errno));
      goto done;
    }
  } else {
    const char *tmp = getenv("TMPDIR");
    snprintf(b.work, sizeof b.work, "%s/jmon-aot.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(b.work)) {
      b.work[0] = 0;
      fail_msg(err, errlen, "cannot create a work directory: %s", strerror(errno));
      goto done;
    }
  }

  /* 2. rewrite: probes are woven here. Every level guards the shadow stack, so unbounded
   * recursion is `call stack exhausted` whichever stack runs out first. */
  phase(&b, "rewrite");
  {
    jmon_rewrite_options_t ro = {.stack_guard = true, .fuel = probes != JMON_PROBES_NONE, .pc_func = -1,
                                 .pc_instr = -1};
    if (probes == JMON_PROBES_JS) {
      ro.pc_func = disp.chosen.func;
      ro.pc_instr = disp.chosen.load_instr;
    }
    if (jmon_rewrite(&mod, &ro, &rr) != 0) {
      fail_msg(err, errlen, "out of memory while rewriting");
      goto done;
    }
    if (o->verbose)
      fprintf(stderr, "jmon-aot: stack guard: %s (global %ld, top %u, %u sets); %u fuel probes\n",
              rr.sp_global >= 0 ? "on" : "no stack pointer found", rr.sp_global, rr.sp_top, rr.guarded_sets,
              rr.fuel_probes);
  }
  snprintf(path, sizeof path, "%s/" C_MODULE ".wasm", b.work);
  if (jmon_wasm_write_file(&mod, path, &werr) != JMON_WASM_OK) {
    fail_msg(err, errlen, "writing %s: %s", path, werr.message);
    goto done;
  }

  /* 3. wasm2c */
  phase(&b, "wasm2c");
  snprintf(path2, sizeof path2, "%s/" C_MODULE ".c", b.work);
  {
    char log[4400];
    snprintf(log, sizeof log, "%s/wasm2c.log", b.work);
    const char *argv[] = {"wasm2c", "-n", C_MODULE, path, "-o", path2, NULL};
    if (jmon_run_command(argv, log, err, errlen) != 0) goto done;
  }
  if (read_text(path2, &c_text, &c_len) != 0) {
    fail_msg(err, errlen, "cannot read %s", path2);
    goto done;
  }
  snprintf(path, sizeof path, "%s/" C_MODULE ".h", b.work);
  if (read_text(path, &keys.app_h, NULL) != 0) {
    fail_msg(err, errlen, "cannot read %s", path);
    goto done;
  }

  /* --host FILE.c: compiled against the module's own header, so a definition whose type differs
   * from the import's does not compile; the imports it defines get no trapping stub. */
  if (o->host_c && compile_host(o, b.work, &host_obj, &host_symbols, err, errlen) != 0) goto done;

  /* 4. split + glue */
  phase(&b, "split");
  {
    if (probes != JMON_PROBES_NONE) leaf = leaf_functions(&mod, &rr);
    jmon_split_options_t so = {.unit_bytes = UNIT_BYTES, .data_unit_bytes = DATA_UNIT_BYTES,
                               .unit_preamble = wasm_stacks ? "#include \"jmon_probes.h\"\n"
                                                            : "#define JMON_WASM_STACKS 0\n#include \"jmon_probes.h\"\n",
                               .weave_functions = probes != JMON_PROBES_NONE,
                               .first_func_index = rr.orig_imported_funcs,
                               .interp_index = probes == JMON_PROBES_JS ? (long)disp.chosen.func : -1,
                               .leaf = leaf, .nleaf = leaf ? mod.nfuncs : 0};
    const char *detail;
    jmon_split_status_t st = jmon_split_c(c_text, c_len, &so, &split, &detail);
    if (st != JMON_SPLIT_OK) {
      fail_msg(err, errlen, "splitting wasm2c output: %s%s%s", jmon_split_strerror(st),
               *detail ? ": " : "", detail);
      goto done;
    }
  }
  free(c_text);
  c_text = NULL;
  {
    static const char *const k_level[] = {"none", "fuel", "js"};
    /* (probes may have fallen back from js to fuel above) */
    jmon_glue_options_t go = {.c_module = C_MODULE, .module_name = base_name(o->input),
                              .module_sha256 = sha, .probes = k_level[probes], .host_symbols = host_symbols};
    if (probes != JMON_PROBES_NONE) {
      bool js = probes == JMON_PROBES_JS;
      if (jmon_js_table_write(js && !js_warning ? &qjs : NULL, js ? disp.chosen.func : 0,
                              js ? disp.chosen.load_offset : 0, js && !js_warning ? qjs.variant->description : NULL,
                              js ? js_warning : NULL, &js_c) != 0) {
        fail_msg(err, errlen, "out of memory");
        goto done;
      }
      size_t nl = strlen(names), jl = strlen(js_c);
      char *both = realloc(names, nl + jl + 1);
      if (!both) {
        fail_msg(err, errlen, "out of memory");
        goto done;
      }
      memcpy(both + nl, js_c, jl + 1);
      names = both;
      go.at_exit = "jmon_probes_at_exit";
      go.init_call = "jmon_probes_init();";
      go.extra_decls = names;
      go.js_init = js;
    }
    char gerr[1024];
    if (jmon_glue_write(keys.app_h, &go, &glue, gerr, sizeof gerr) != 0) {
      fail_msg(err, errlen, "%s: %s", o->input, gerr);
      goto done;
    }
  }

  /* 5. compile, through the cache */
  phase(&b, "compile");
  char opt[16], inc_work[4200], inc_rt[4200];
  snprintf(opt, sizeof opt, "-O%d", o->opt_level);
  snprintf(inc_work, sizeof inc_work, "-I%s", b.work);
  snprintf(inc_rt, sizeof inc_rt, "-I%s/include", o->runtime_dir);
  /* wasm2c's recommended flags (wabt wasm2c/README.md); -w: generated code is not ours to lint. */
  const char *flags[] = {opt, "-fno-optimize-sibling-calls", "-frounding-math", "-fsignaling-nans",
                         "-w", inc_work, inc_rt, NULL};
  keys.cc_identity = jmon_cc_identity(o->cc);
  if (!keys.cc_identity) {
    fail_msg(err, errlen, "cannot run the C compiler `%s`", o->cc);
    goto done;
  }
  for (int i = 0; flags[i]; i++) {
    /* The work directory is random per build: it must not enter the key. */
    if (flags[i] == inc_work) continue;
    strncat(keys.flags_joined, flags[i], sizeof keys.flags_joined - strlen(keys.flags_joined) - 2);
    strcat(keys.flags_joined, " ");
  }
  if (read_text(WASM_RT_HEADER, &keys.wasm_rt_h, NULL) != 0) {
    fail_msg(err, errlen, "cannot read " WASM_RT_HEADER " (is wabt installed?)");
    goto done;
  }
  snprintf(path, sizeof path, "%s/include/jmon_rt.h", o->runtime_dir);
  if (read_text(path, &keys.jmon_rt_h, NULL) != 0) {
    fail_msg(err, errlen, "cannot find the runtime at %s", o->runtime_dir);
    goto done;
  }
  snprintf(path, sizeof path, "%s/include/jmon_probes.h", o->runtime_dir);
  if (read_text(path, &keys.jmon_probes_h, NULL) != 0) {
    fail_msg(err, errlen, "cannot find the runtime at %s", o->runtime_dir);
    goto done;
  }
  snprintf(path, sizeof path, "%s/include/trace_writer.h", o->runtime_dir);
  if (read_text(path, &keys.trace_writer_h, NULL) != 0) {
    fail_msg(err, errlen, "cannot find the runtime at %s", o->runtime_dir);
    goto done;
  }

  jmon_cache_t cache;
  jmon_cache_open(&cache, o->cache_dir, !o->no_cache);
  size_t nunits = split.nunits + 1;   /* + glue */
  jobs = calloc(nunits, sizeof *jobs);
  todo = calloc(nunits, sizeof *todo);
  unit_keys = calloc(nunits, sizeof *unit_keys);
  size_t ntodo = 0, hits = 0;
  if (!jobs || !todo || !unit_keys) {
    fail_msg(err, errlen, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < nunits; i++) {
    const char *name = i < split.nunits ? split.units[i].name : "jmon_glue";
    const char *text = i < split.nunits ? split.units[i].text : glue;
    size_t len = i < split.nunits ? split.units[i].len : strlen(glue);
    jmon_cc_job_t *j = &jobs[i];
    snprintf(j->src, sizeof j->src, "%s/%s.c", b.work, name);
    snprintf(j->obj, sizeof j->obj, "%s/%s.o", b.work, name);
    snprintf(j->log, sizeof j->log, "%s/%s.log", b.work, name);
    j->weight = len;
    if (write_text(j->src, text, len) != 0) {
      fail_msg(err, errlen, "cannot write %s", j->src);
      goto done;
    }
    unit_key(&keys, i == split.nunits, text, len, unit_keys[i]);
    /* The glue is tiny and includes runtime headers: always compiled, never cached. */
    if (i < split.nunits && jmon_cache_fetch(&cache, unit_keys[i], ".o", j->obj)) hits++;
    else todo[ntodo++] = i;
  }
  size_t split_units = split.nunits;
  jmon_split_free(&split);
  if (o->verbose) fprintf(stderr, "jmon-aot: %zu units, %zu from the cache, %zu to compile\n", nunits, hits, ntodo);
  {
    jmon_cc_job_t *pending = calloc(ntodo ? ntodo : 1, sizeof *pending);
    if (!pending) { fail_msg(err, errlen, "out of memory"); goto done; }
    for (size_t i = 0; i < ntodo; i++) pending[i] = jobs[todo[i]];
    jmon_cc_options_t cco = {.cc = o->cc, .flags = flags, .jobs = o->jobs, .progress = compile_progress,
                             .progress_ctx = &b};
    int crc = jmon_cc_compile(pending, ntodo, &cco, err, errlen);
    free(pending);
    if (crc != 0) goto done;
  }
  for (size_t i = 0; i < ntodo; i++)
    if (todo[i] < split_units) jmon_cache_store(&cache, unit_keys[todo[i]], ".o", jobs[todo[i]].obj);

  /* 6. link */
  phase(&b, "link");
  {
    char rtlib[4400], linkflags[512] = "";
    /* room for every unit, the libraries, and each word of link-flags */
    const char **argv = calloc(nunits + 16 + sizeof linkflags / 2, sizeof *argv);
    if (!argv) { fail_msg(err, errlen, "out of memory"); goto done; }
    size_t k = 0;
    argv[k++] = o->cc;
    argv[k++] = "-o";
    argv[k++] = o->output;
    for (size_t i = 0; i < nunits; i++) argv[k++] = jobs[i].obj;
    if (host_obj) argv[k++] = host_obj;
    char probelib[4400];
    snprintf(probelib, sizeof probelib, "%s/libjmon_probes.a", o->runtime_dir);
    if (probes != JMON_PROBES_NONE) argv[k++] = probelib;
    snprintf(rtlib, sizeof rtlib, "%s/libjmon_rt.a", o->runtime_dir);
    argv[k++] = rtlib;
    argv[k++] = WASM_RT_IMPL_LIB;
    /* Sanitizer builds of the runtime record the flags their link needs. */
    snprintf(path, sizeof path, "%s/link-flags", o->runtime_dir);
    FILE *lf = fopen(path, "r");
    if (lf) {
      if (fgets(linkflags, sizeof linkflags, lf)) linkflags[strcspn(linkflags, "\n")] = 0;
      fclose(lf);
    }
    /* one argument per word: e.g. "-fsanitize=address,undefined -fno-omit-frame-pointer" */
    for (char *w = strtok(linkflags, " \t"); w; w = strtok(NULL, " \t")) argv[k++] = w;
    if (probes != JMON_PROBES_NONE) argv[k++] = "-lzstd";   /* the trace writer */
    argv[k++] = "-lm";
    argv[k++] = "-lpthread";
    argv[k] = NULL;
    char log[4400];
    snprintf(log, sizeof log, "%s/link.log", b.work);
    int lrc = jmon_run_command(argv, log, err, errlen);
    free(argv);
    if (lrc != 0) goto done;
  }
  phase(&b, NULL);
  if (b.tty) fprintf(stderr, "\r\033[K");
  if (o->verbose || b.tty)
    fprintf(stderr, "jmon-aot: wrote %s (%zu units, %zu cached) in %.1f s\n", o->output, nunits, hits,
            now_s() - b.t0);
  rc = 0;

done:
  if (rc != 0 && b.tty) fprintf(stderr, "\r\033[K");
  jmon_wasm_free(&mod);
  jmon_wasm_free(&app);
  jmon_link_free(&link);
  jmon_split_free(&split);
  free(c_text);
  free(glue);
  free(jobs);
  free(todo);
  free(unit_keys);
  free(keys.cc_identity);
  free(keys.app_h);
  free(keys.wasm_rt_h);
  free(keys.jmon_rt_h);
  free(keys.jmon_probes_h);
  free(keys.trace_writer_h);
  free(names);
  free(leaf);
  free(js_c);
  free(js_warning);
  free(host_obj);
  free(host_symbols);
  jmon_dispatch_free(&disp);
  jmon_qjs_free(&qjs);
  if (b.work[0] && !o->keep_c) remove_tree(b.work);
  return rc;
}
