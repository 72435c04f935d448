/* javy_build.c: test tool that turns a javy plugin + QuickJS bytecode into a javy static module, as `javy build` does. */

/*
 * jmon-javy-build [--dynamic] PLUGIN.wasm BYTECODE.bc -o APP.wasm
 *
 * --dynamic makes javy's dynamic module instead (see jmon_javy_build_dynamic below).
 *
 * Reproduces the static code generation of javy's crates/codegen (Generator::generate_main and
 * Generator::postprocess, read at bytecodealliance/javy tags v8.1.0 (the plugin's javy) and v9.0.0
 * and main ff77e79e; identical there; facts only, no code copied):
 *   - the bytecode becomes a new PASSIVE data segment (appended; the data count follows);
 *   - a new function `_start: () -> ()` with one i32 local is appended:
 *         i32.const 0  i32.const 0  i32.const 1  i32.const LEN  call cabi_realloc
 *         local.tee 0  i32.const 0  i32.const LEN  memory.init SEG 0
 *         local.get 0  i32.const LEN  i32.const 0  i32.const 0  i32.const 0  call invoke
 *         end
 *     (javy emits no data.drop after the memory.init; neither do we, so fuel counts match);
 *   - exports become the plugin's surviving ones (`memory`, `cabi_realloc`) plus `_start`:
 *     `invoke` and `compile-src` are removed by javy, `initialize-runtime` by Wizer.
 * What we deliberately do NOT reproduce: javy re-runs `initialize-runtime` under Wizer (the 1.7.0
 * plugin is already such a snapshot), then runs wasm-opt -O3 and adds `producers`/`javy_source`
 * custom sections. Skipping wasm-opt keeps every plugin function at its index (append only), which
 * the translator's compile cache relies on. Legacy plugins (`canonical_abi_realloc`, 4-argument
 * `invoke`) get the legacy `_start` (no option discriminator), as javy's older codegen did.
 *
 * Built with the translator's own reader/writer (translator/wasm_module.h), so this tool also
 * exercises that library on the real plugin. Exit 0 ok, 1 error, 2 usage.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translator/wasm_module.h"
#include "translator/wasm_opcodes.h"

#define JMON_JAVY_PROG "jmon-javy-build"

/** How the generated module reaches the plugin: static (the plugin + bytecode + `_start`, one
 *  module) or dynamic (a tiny module importing <import_namespace>.{cabi_realloc,invoke,memory}). */
typedef enum { JMON_JAVY_STATIC, JMON_JAVY_DYNAMIC } jmon_javy_linking_t;

/** The plugin ABI the generated `_start` calls into. */
typedef struct {
  const char *realloc_name;  /**< "cabi_realloc", or "canonical_abi_realloc" on legacy plugins */
  uint32_t realloc_func;     /**< absolute function index */
  uint32_t invoke_func;      /**< absolute function index */
  uint32_t invoke_nparams;   /**< 5 (current), 4 (legacy: no option discriminator) */
  uint32_t memory;           /**< memory index */
} jmon_javy_abi_t;

typedef struct {
  char message[512];
} jmon_javy_error_t;

/* Printf into the error; always returns 1 so callers can `return fail(...)`. */
static int jmon_javy_fail(jmon_javy_error_t *err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return 1;
}

static bool jmon_javy_type_is(const jmon_functype_t *t, uint32_t nparams, uint32_t nresults) {
  if (t == NULL || t->nparams != nparams || t->nresults != nresults) return false;
  for (uint32_t i = 0; i < nparams; i++)
    if (t->params[i] != JMON_I32) return false;
  for (uint32_t i = 0; i < nresults; i++)
    if (t->results[i] != JMON_I32) return false;
  return true;
}

/* Locate cabi_realloc, invoke and memory among the plugin's exports and check their types. */
static int jmon_javy_find_abi(const jmon_wasm_module_t *m, jmon_javy_abi_t *abi, jmon_javy_error_t *err) {
  if (jmon_wasm_find_export(m, JMON_EXT_FUNC, "_start") != NULL)
    return jmon_javy_fail(err, "the input already exports _start: it is a javy module, not a plugin");
  abi->realloc_name = "cabi_realloc";
  const jmon_export_t *re = jmon_wasm_find_export(m, JMON_EXT_FUNC, abi->realloc_name);
  if (re == NULL) {
    abi->realloc_name = "canonical_abi_realloc";
    re = jmon_wasm_find_export(m, JMON_EXT_FUNC, abi->realloc_name);
  }
  if (re == NULL) return jmon_javy_fail(err, "no exported function cabi_realloc: not a javy plugin");
  const jmon_export_t *inv = jmon_wasm_find_export(m, JMON_EXT_FUNC, "invoke");
  if (inv == NULL) return jmon_javy_fail(err, "no exported function invoke: not a javy plugin");
  const jmon_export_t *mem = jmon_wasm_find_export(m, JMON_EXT_MEMORY, "memory");
  if (mem == NULL) return jmon_javy_fail(err, "no exported memory named memory: not a javy plugin");

  if (!jmon_javy_type_is(jmon_wasm_func_type(m, re->index), 4, 1))
    return jmon_javy_fail(err, "%s does not have type (i32 i32 i32 i32) -> i32", abi->realloc_name);
  const jmon_functype_t *it = jmon_wasm_func_type(m, inv->index);
  if (jmon_javy_type_is(it, 5, 0)) abi->invoke_nparams = 5;
  else if (jmon_javy_type_is(it, 4, 0)) abi->invoke_nparams = 4;
  else return jmon_javy_fail(err, "invoke does not have type (i32 x5) -> () (nor the legacy (i32 x4) -> ())");

  abi->realloc_func = re->index;
  abi->invoke_func = inv->index;
  abi->memory = mem->index;
  return 0;
}

/* Append a passive data segment that owns `bytes` (taken over on success); *out_index = its index.
 * The data count follows (a datacount section is created if the plugin had none). */
static int jmon_javy_add_passive_data(jmon_wasm_module_t *m, uint8_t *bytes, uint32_t size,
                                      uint32_t *out_index, jmon_javy_error_t *err) {
  jmon_data_t d;
  memset(&d, 0, sizeof d);
  d.flags = 1;  /* passive */
  d.size = size;
  d.bytes = bytes;
  d.owned_bytes = bytes;
  long index = jmon_wasm_append_data(m, &d);
  if (index < 0) return jmon_javy_fail(err, "out of memory");
  *out_index = (uint32_t)index;
  return 0;
}

/* Index of an existing `() -> ()` type, or of one appended at the end (existing indices stay). */
static int jmon_javy_void_type(jmon_wasm_module_t *m, uint32_t *out_index, jmon_javy_error_t *err) {
  for (uint32_t i = 0; i < m->ntypes; i++) {
    if (m->types[i].nparams == 0 && m->types[i].nresults == 0) { *out_index = i; return 0; }
  }
  jmon_functype_t *types = realloc(m->types, (m->ntypes + 1) * sizeof *types);
  if (types == NULL) return jmon_javy_fail(err, "out of memory");
  m->types = types;
  memset(&types[m->ntypes], 0, sizeof types[m->ntypes]);
  m->present[JMON_SEC_TYPE] = true;
  *out_index = m->ntypes++;
  return 0;
}

static jmon_instr_t jmon_javy_instr(uint16_t opcode, uint32_t index) {
  jmon_instr_t in;
  memset(&in, 0, sizeof in);
  in.opcode = opcode;
  in.imm.index = index;
  return in;
}

static jmon_instr_t jmon_javy_i32(int32_t value) {
  jmon_instr_t in = jmon_javy_instr(JMON_OP_I32_CONST, 0);
  in.imm.i32 = value;
  return in;
}

/* Append javy's `_start` (see the top comment) as the last function; *out_func = absolute index. */
static int jmon_javy_add_start(jmon_wasm_module_t *m, const jmon_javy_abi_t *abi, uint32_t type_index,
                               uint32_t data_index, int32_t len, uint32_t *out_func,
                               jmon_javy_error_t *err) {
  jmon_instr_t code[20];
  uint32_t n = 0;
  code[n++] = jmon_javy_i32(0);    /* original pointer */
  code[n++] = jmon_javy_i32(0);    /* original size */
  code[n++] = jmon_javy_i32(1);    /* alignment */
  code[n++] = jmon_javy_i32(len);  /* new size */
  code[n++] = jmon_javy_instr(JMON_OP_CALL, abi->realloc_func);
  code[n++] = jmon_javy_instr(JMON_OP_LOCAL_TEE, 0);
  code[n++] = jmon_javy_i32(0);    /* offset in the segment */
  code[n++] = jmon_javy_i32(len);  /* bytes to copy */
  jmon_instr_t init = jmon_javy_instr(JMON_OP_MEMORY_INIT, 0);
  init.imm.pair.a = data_index;
  init.imm.pair.b = abi->memory;
  code[n++] = init;
  code[n++] = jmon_javy_instr(JMON_OP_LOCAL_GET, 0);
  code[n++] = jmon_javy_i32(len);
  if (abi->invoke_nparams == 5) code[n++] = jmon_javy_i32(0);  /* Option<fn name>: None */
  code[n++] = jmon_javy_i32(0);    /* function name pointer */
  code[n++] = jmon_javy_i32(0);    /* function name length */
  code[n++] = jmon_javy_instr(JMON_OP_CALL, abi->invoke_func);
  code[n++] = jmon_javy_instr(JMON_OP_END, 0);

  jmon_func_t *funcs = realloc(m->funcs, (m->nfuncs + 1) * sizeof *funcs);
  if (funcs == NULL) return jmon_javy_fail(err, "out of memory");
  m->funcs = funcs;
  jmon_func_t *f = &funcs[m->nfuncs];
  memset(f, 0, sizeof *f);
  f->locals = malloc(sizeof *f->locals);
  f->instrs = malloc(n * sizeof *f->instrs);
  if (f->locals == NULL || f->instrs == NULL) {
    free(f->locals);
    free(f->instrs);
    memset(f, 0, sizeof *f);
    return jmon_javy_fail(err, "out of memory");
  }
  f->type_index = type_index;
  f->nlocal_groups = 1;
  f->locals[0].count = 1;
  f->locals[0].type = JMON_I32;
  f->ninstrs = n;
  memcpy(f->instrs, code, n * sizeof *code);
  m->present[JMON_SEC_FUNCTION] = true;
  m->present[JMON_SEC_CODE] = true;
  *out_func = m->nimported_funcs + m->nfuncs++;
  return 0;
}

/* Keep only `memory` and the realloc export (in their original order), then append `_start`. */
static int jmon_javy_set_exports(jmon_wasm_module_t *m, const jmon_javy_abi_t *abi, uint32_t start_func,
                                 jmon_javy_error_t *err) {
  uint32_t kept = 0;
  for (uint32_t i = 0; i < m->nexports; i++) {
    jmon_export_t *e = &m->exports[i];
    bool keep = (e->kind == JMON_EXT_MEMORY && strcmp(e->name, "memory") == 0) ||
                (e->kind == JMON_EXT_FUNC && strcmp(e->name, abi->realloc_name) == 0);
    if (keep) m->exports[kept++] = *e;
    else free(e->name);
  }
  m->nexports = kept;
  jmon_export_t *exports = realloc(m->exports, (kept + 1) * sizeof *exports);
  char *name = strdup("_start");
  if (exports == NULL || name == NULL) {
    free(name);
    if (exports != NULL) m->exports = exports;
    return jmon_javy_fail(err, "out of memory");
  }
  m->exports = exports;
  exports[kept].name = name;
  exports[kept].name_len = (uint32_t)strlen(name);
  exports[kept].kind = JMON_EXT_FUNC;
  exports[kept].index = start_func;
  m->nexports = kept + 1;
  return 0;
}

/* Read a whole file into a malloc'd buffer. */
static int jmon_javy_read_bytes(const char *path, uint8_t **out, size_t *out_size, jmon_javy_error_t *err) {
  uint8_t *buf = NULL;
  FILE *f = fopen(path, "rb");
  if (f == NULL) return jmon_javy_fail(err, "%s: %s", path, strerror(errno));
  if (fseek(f, 0, SEEK_END) != 0) goto io_fail;
  long size = ftell(f);
  if (size < 0 || fseek(f, 0, SEEK_SET) != 0) goto io_fail;
  buf = malloc(size > 0 ? (size_t)size : 1);
  if (buf == NULL) { fclose(f); return jmon_javy_fail(err, "out of memory"); }
  if (size > 0 && fread(buf, 1, (size_t)size, f) != (size_t)size) goto io_fail;
  fclose(f);
  *out = buf;
  *out_size = (size_t)size;
  return 0;
io_fail:
  free(buf);
  fclose(f);
  return jmon_javy_fail(err, "%s: read error", path);
}

/* Turn the decoded plugin `m` into a static javy module running `bytecode` (ownership taken). */
static int jmon_javy_build_static(jmon_wasm_module_t *m, uint8_t *bytecode, size_t size,
                                  jmon_javy_error_t *err) {
  jmon_javy_abi_t abi = {0};
  uint32_t data_index = 0, type_index = 0, start_func = 0;
  if (size == 0 || size > INT32_MAX) {
    free(bytecode);
    return jmon_javy_fail(err, "bytecode size %zu is not in 1..%d", size, INT32_MAX);
  }
  if (jmon_javy_find_abi(m, &abi, err) != 0 ||
      jmon_javy_add_passive_data(m, bytecode, (uint32_t)size, &data_index, err) != 0) {
    /* add_passive_data only fails before taking ownership or after storing it in m. */
    if (m->ndatas == 0 || m->datas[m->ndatas - 1].owned_bytes != bytecode) free(bytecode);
    return 1;
  }
  if (jmon_javy_void_type(m, &type_index, err) != 0 ||
      jmon_javy_add_start(m, &abi, type_index, data_index, (int32_t)size, &start_func, err) != 0 ||
      jmon_javy_set_exports(m, &abi, start_func, err) != 0)
    return 1;
  return 0;
}

/* Fill `imp` as a function or memory import `ns.name`; names are copied. */
static int jmon_javy_import(jmon_import_t *imp, const char *ns, const char *name, uint8_t kind, uint32_t type_index,
                            jmon_javy_error_t *err) {
  memset(imp, 0, sizeof *imp);
  imp->module = strdup(ns);
  imp->name = strdup(name);
  if (imp->module == NULL || imp->name == NULL) return jmon_javy_fail(err, "out of memory");
  imp->module_len = (uint32_t)strlen(ns);
  imp->name_len = (uint32_t)strlen(name);
  imp->kind = kind;
  imp->type_index = type_index;  /* memories: limits stay {min 0, no max}, as javy's import */
  return 0;
}

/* Build javy's dynamic module (`javy build -C dynamic`) into the empty module `out`: read at
 * bytecodealliance/javy crates/codegen/src/lib.rs (Generator::resolve_identifiers, LinkingKind::Dynamic;
 * identical at v8.1.0 and main ff77e79e; v5.0.4 for legacy plugins): imports, in this order,
 * `NS.cabi_realloc (i32 x4) -> i32`, `NS.invoke (i32 x5) -> ()` and the memory `NS.memory` (min 0,
 * no max), NS being the plugin's `import_namespace` custom section; legacy plugins import
 * `canonical_abi_realloc` and a 4-argument `invoke` instead. Then the bytecode as the only (passive)
 * data segment and the same `_start` as the static module, the only export. Not reproduced: the
 * `producers` and `javy_source` custom sections (nothing reads them at run time).
 * `bytecode` is taken over in all cases. */
static int jmon_javy_build_dynamic(const jmon_wasm_module_t *plugin, uint8_t *bytecode, size_t size,
                                   jmon_wasm_module_t *out, jmon_javy_error_t *err) {
  jmon_javy_abi_t plugin_abi = {0};
  if (size == 0 || size > INT32_MAX) {
    free(bytecode);
    return jmon_javy_fail(err, "bytecode size %zu is not in 1..%d", size, INT32_MAX);
  }
  if (jmon_javy_find_abi(plugin, &plugin_abi, err) != 0) {
    free(bytecode);
    return 1;
  }
  const jmon_custom_t *nsec = jmon_wasm_find_custom(plugin, "import_namespace");
  if (nsec == NULL) {
    free(bytecode);
    return jmon_javy_fail(err, "no `import_namespace` custom section: javy cannot link a dynamic module to this plugin");
  }
  char ns[256];
  const uint8_t *nbytes = nsec->owned_bytes ? nsec->owned_bytes : nsec->bytes;
  if (nsec->size == 0 || nsec->size >= sizeof ns || memchr(nbytes, 0, nsec->size) != NULL) {
    free(bytecode);
    return jmon_javy_fail(err, "the `import_namespace` custom section is not a usable name");
  }
  memcpy(ns, nbytes, nsec->size);
  ns[nsec->size] = 0;

  static const uint8_t i32s[5] = {JMON_I32, JMON_I32, JMON_I32, JMON_I32, JMON_I32};
  uint32_t data_index = 0, start_func = 0;
  if (jmon_javy_add_passive_data(out, bytecode, (uint32_t)size, &data_index, err) != 0) {
    if (out->ndatas == 0) free(bytecode);
    return 1;
  }
  long t_realloc = jmon_wasm_ensure_type(out, i32s, 4, i32s, 1);
  long t_invoke = jmon_wasm_ensure_type(out, i32s, plugin_abi.invoke_nparams, NULL, 0);
  long t_start = jmon_wasm_ensure_type(out, NULL, 0, NULL, 0);
  out->imports = calloc(3, sizeof *out->imports);
  if (t_realloc < 0 || t_invoke < 0 || t_start < 0 || out->imports == NULL) return jmon_javy_fail(err, "out of memory");
  out->nimports = 3;
  if (jmon_javy_import(&out->imports[0], ns, plugin_abi.realloc_name, JMON_EXT_FUNC, (uint32_t)t_realloc, err) != 0 ||
      jmon_javy_import(&out->imports[1], ns, "invoke", JMON_EXT_FUNC, (uint32_t)t_invoke, err) != 0 ||
      jmon_javy_import(&out->imports[2], ns, "memory", JMON_EXT_MEMORY, 0, err) != 0)
    return 1;
  out->nimported_funcs = 2;
  out->nimported_memories = 1;
  jmon_javy_abi_t abi = plugin_abi;
  abi.realloc_func = 0;
  abi.invoke_func = 1;
  abi.memory = 0;
  if (jmon_javy_add_start(out, &abi, (uint32_t)t_start, data_index, (int32_t)size, &start_func, err) != 0)
    return 1;
  out->exports = calloc(1, sizeof *out->exports);
  if (out->exports == NULL || (out->exports[0].name = strdup("_start")) == NULL)
    return jmon_javy_fail(err, "out of memory");
  out->exports[0].name_len = 6;
  out->exports[0].kind = JMON_EXT_FUNC;
  out->exports[0].index = start_func;
  out->nexports = 1;
  return 0;
}

static void jmon_javy_usage(FILE *to) {
  fprintf(to, "usage: " JMON_JAVY_PROG " [--dynamic] PLUGIN.wasm BYTECODE.bc -o APP.wasm\n"
              "  Build a javy static module (javy build's codegen, without wasm-opt) from a\n"
              "  javy plugin and QuickJS bytecode made by the plugin's compile-src.\n"
              "  --dynamic: javy's dynamic module instead (`javy build -C dynamic`): imports\n"
              "  cabi_realloc, invoke and memory from the plugin's import namespace.\n");
}

int main(int argc, char **argv) {
  const char *inputs[2] = {NULL, NULL};
  const char *out_path = NULL;
  int ninputs = 0;
  jmon_javy_linking_t linking = JMON_JAVY_STATIC;

  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) out_path = argv[++i];
    else if (strcmp(argv[i], "--dynamic") == 0) linking = JMON_JAVY_DYNAMIC;
    else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) { jmon_javy_usage(stdout); return 0; }
    else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, JMON_JAVY_PROG ": error: unknown option %s\n", argv[i]);
      jmon_javy_usage(stderr);
      return 2;
    } else if (ninputs < 2) inputs[ninputs++] = argv[i];
    else { jmon_javy_usage(stderr); return 2; }
  }
  if (ninputs != 2 || out_path == NULL) { jmon_javy_usage(stderr); return 2; }

  jmon_wasm_module_t m, dyn;
  jmon_wasm_error_t werr;
  jmon_javy_error_t err = {{0}};
  uint8_t *bytecode = NULL;
  size_t size = 0;
  int status = 1;
  memset(&m, 0, sizeof m);
  memset(&dyn, 0, sizeof dyn);

  jmon_wasm_status_t st = jmon_wasm_read_file(inputs[0], &m, &werr);
  if (st != JMON_WASM_OK) {
    fprintf(stderr, JMON_JAVY_PROG ": error: %s: offset 0x%zx: %s\n", inputs[0], werr.offset,
            werr.message[0] ? werr.message : jmon_wasm_strerror(st));
    goto done;
  }
  if (jmon_javy_read_bytes(inputs[1], &bytecode, &size, &err) != 0) {
    fprintf(stderr, JMON_JAVY_PROG ": error: %s\n", err.message);
    goto done;
  }
  if (size == 0) {
    fprintf(stderr, JMON_JAVY_PROG ": error: %s: empty bytecode file\n", inputs[1]);
    free(bytecode);
    goto done;
  }
  switch (linking) {
  case JMON_JAVY_STATIC:
    if (jmon_javy_build_static(&m, bytecode, size, &err) != 0) goto report;
    break;
  case JMON_JAVY_DYNAMIC:
    if (jmon_javy_build_dynamic(&m, bytecode, size, &dyn, &err) != 0) goto report;
    break;
  }
  st = jmon_wasm_write_file(linking == JMON_JAVY_DYNAMIC ? &dyn : &m, out_path, &werr);
  if (st != JMON_WASM_OK) {
    fprintf(stderr, JMON_JAVY_PROG ": error: %s: %s\n", out_path,
            werr.message[0] ? werr.message : jmon_wasm_strerror(st));
    goto done;
  }
  status = 0;
  goto done;
report:
  fprintf(stderr, JMON_JAVY_PROG ": error: %s: %s\n", inputs[0], err.message);
done:
  jmon_wasm_free(&m);
  jmon_wasm_free(&dyn);
  return status;
}
