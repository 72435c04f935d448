/* rewriter.c: add probe imports, renumber functions, insert probe calls into function bodies. */
#include "rewriter.h"

#include "fuel_pass.h"
#include "wasm_opcodes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long jmon_find_stack_pointer(const jmon_wasm_module_t *m, uint32_t *top) {
  for (uint32_t g = 0; g < m->nglobals; g++) {
    const jmon_global_t *gl = &m->globals[g];
    if (gl->valtype != JMON_I32 || !gl->mutable_ || gl->init.ninstrs != 1 ||
        gl->init.instrs[0].opcode != JMON_OP_I32_CONST)
      continue;
    uint32_t abs = m->nimported_globals + g;
    /* LLVM's prologue shape: global.get SP; i32.const FRAME; i32.sub. One such function is
     * enough evidence; a counter or flag global never has it. */
    for (uint32_t f = 0; f < m->nfuncs; f++) {
      const jmon_func_t *fn = &m->funcs[f];
      for (uint32_t i = 0; i + 2 < fn->ninstrs; i++) {
        if (fn->instrs[i].opcode == JMON_OP_GLOBAL_GET && fn->instrs[i].imm.index == abs &&
            fn->instrs[i + 1].opcode == JMON_OP_I32_CONST && fn->instrs[i + 2].opcode == JMON_OP_I32_SUB) {
          *top = (uint32_t)gl->init.instrs[0].imm.i32;
          return abs;
        }
      }
    }
    return -1;   /* LLVM puts the stack pointer first: a first candidate without the shape means none */
  }
  return -1;
}

static char *dup_str(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

/* Append a function import jmon.NAME; @return 0 or -1. */
static int add_probe_import(jmon_wasm_module_t *m, const char *name, uint32_t type_index) {
  jmon_import_t *imps = realloc(m->imports, (m->nimports + 1) * sizeof *imps);
  if (!imps) return -1;
  m->imports = imps;
  jmon_import_t *imp = &m->imports[m->nimports];
  memset(imp, 0, sizeof *imp);
  imp->module = dup_str(JMON_PROBE_MODULE);
  imp->name = dup_str(name);
  if (!imp->module || !imp->name) {
    free(imp->module);
    free(imp->name);
    return -1;
  }
  imp->module_len = (uint32_t)strlen(JMON_PROBE_MODULE);
  imp->name_len = (uint32_t)strlen(name);
  imp->kind = JMON_EXT_FUNC;
  imp->type_index = type_index;
  m->nimports++;
  return 0;
}

static void renumber_expr(jmon_expr_t *e, uint32_t first_defined, uint32_t added) {
  for (uint32_t i = 0; i < e->ninstrs; i++)
    if (e->instrs[i].opcode == JMON_OP_REF_FUNC && e->instrs[i].imm.index >= first_defined)
      e->instrs[i].imm.index += added;
}

/* Shift every reference to a defined function up by `added`. */
static void renumber_functions(jmon_wasm_module_t *m, uint32_t first_defined, uint32_t added) {
  for (uint32_t f = 0; f < m->nfuncs; f++) {
    jmon_func_t *fn = &m->funcs[f];
    for (uint32_t i = 0; i < fn->ninstrs; i++) {
      jmon_instr_t *in = &fn->instrs[i];
      if ((in->opcode == JMON_OP_CALL || in->opcode == JMON_OP_REF_FUNC) && in->imm.index >= first_defined)
        in->imm.index += added;
    }
  }
  for (uint32_t e = 0; e < m->nelems; e++) {
    jmon_elem_t *el = &m->elems[e];
    for (uint32_t i = 0; i < el->nitems; i++) {
      if (el->func_indices && el->func_indices[i] >= first_defined) el->func_indices[i] += added;
      if (el->exprs) renumber_expr(&el->exprs[i], first_defined, added);
    }
  }
  for (uint32_t g = 0; g < m->nglobals; g++) renumber_expr(&m->globals[g].init, first_defined, added);
  for (uint32_t x = 0; x < m->nexports; x++)
    if (m->exports[x].kind == JMON_EXT_FUNC && m->exports[x].index >= first_defined)
      m->exports[x].index += added;
  if (m->has_start && m->start_func >= first_defined) m->start_func += added;
}

/* Name every defined function in a fresh name section: its own name when the input had one, else
 * "f<index in the input>", so wasm2c's C functions (and `perf report`) carry the input's names and
 * indices whatever imports the rewrite added. `orig` is the input's names (may be NULL). */
static int name_functions(jmon_wasm_module_t *m, char **orig, uint32_t orig_first, uint32_t first,
                          const jmon_rewrite_options_t *opts) {
  if (!m->nfuncs) return 0;
  char **names = calloc(m->nfuncs, sizeof *names);
  int rc = names ? 0 : -1;
  for (uint32_t f = 0; f < m->nfuncs && rc == 0; f++) {
    const char *own = orig ? orig[orig_first + f] : NULL;
    if (!own && orig_first + f < opts->nfunc_names) own = opts->func_names[orig_first + f];
    char buf[16];
    snprintf(buf, sizeof buf, "f%u", orig_first + f);
    names[f] = strdup(own ? own : buf);
    if (!names[f]) rc = -1;
  }
  if (rc == 0) rc = jmon_wasm_set_function_names(m, (const char *const *)names, first, m->nfuncs);
  for (uint32_t f = 0; names && f < m->nfuncs; f++) free(names[f]);
  free(names);
  return rc;
}

/* Insert `i32.const top; call probe` before every `global.set sp`. @return 0 or -1. */
static int guard_stack_sets(jmon_func_t *fn, uint32_t sp, uint32_t top, uint32_t probe, uint32_t *count) {
  uint32_t sets = 0;
  for (uint32_t i = 0; i < fn->ninstrs; i++)
    if (fn->instrs[i].opcode == JMON_OP_GLOBAL_SET && fn->instrs[i].imm.index == sp) sets++;
  if (!sets) return 0;
  jmon_instr_t *out = malloc((fn->ninstrs + 2 * (size_t)sets) * sizeof *out);
  if (!out) return -1;
  uint32_t k = 0;
  for (uint32_t i = 0; i < fn->ninstrs; i++) {
    if (fn->instrs[i].opcode == JMON_OP_GLOBAL_SET && fn->instrs[i].imm.index == sp) {
      memset(&out[k], 0, 2 * sizeof *out);
      out[k].opcode = JMON_OP_I32_CONST;
      out[k].imm.i32 = (int32_t)top;
      out[k + 1].opcode = JMON_OP_CALL;
      out[k + 1].imm.index = probe;
      k += 2;
    }
    out[k++] = fn->instrs[i];   /* moves ownership of br_table labels etc. */
  }
  free(fn->instrs);
  fn->instrs = out;
  fn->ninstrs = k;
  *count += sets;
  return 0;
}

int jmon_rewrite(jmon_wasm_module_t *m, const jmon_rewrite_options_t *opts, jmon_rewrite_result_t *res) {
  memset(res, 0, sizeof *res);
  res->sp_global = -1;
  for (int k = 0; k < JMON_PROBE_COUNT; k++) res->probe_func[k] = -1;
  res->orig_imported_funcs = m->nimported_funcs;
  uint32_t first_defined = m->nimported_funcs;

  uint32_t sp_top = 0;
  long sp = opts->stack_guard ? jmon_find_stack_pointer(m, &sp_top) : -1;
  static const struct { const char *name, *params, *results; } k_probes[JMON_PROBE_COUNT] = {
      [JMON_PROBE_SP_CHECK] = {"sp_check", "\x7f\x7f", "\x7f"},
      [JMON_PROBE_FUEL] = {"fuel", "\x7f", ""},
      [JMON_PROBE_FUEL_SAVE] = {"fuel_save", "\x7f", ""},
      [JMON_PROBE_LOOP_CHECK] = {"loop_check", "", ""},
      [JMON_PROBE_PC] = {"pc", "\x7f", "\x7f"},
      [JMON_PROBE_BULK_LEN] = {"bulk_len", "\x7f", "\x7f"},
      [JMON_PROBE_BULK_BYTES] = {"bulk_bytes", "", ""},
      [JMON_PROBE_BULK_ELEMS] = {"bulk_elems", "", ""},
      [JMON_PROBE_BULK_GROWN] = {"bulk_grown", "\x7f\x7f", "\x7f"},
  };
  bool want[JMON_PROBE_COUNT] = {
      [JMON_PROBE_SP_CHECK] = sp >= 0,
      [JMON_PROBE_FUEL] = opts->fuel,
      [JMON_PROBE_FUEL_SAVE] = opts->fuel,
      [JMON_PROBE_LOOP_CHECK] = opts->fuel,
      [JMON_PROBE_PC] = opts->fuel && opts->pc_func >= 0,
      [JMON_PROBE_BULK_LEN] = opts->fuel && opts->wasmtime46,
      [JMON_PROBE_BULK_BYTES] = opts->fuel && opts->wasmtime46,
      [JMON_PROBE_BULK_ELEMS] = opts->fuel && opts->wasmtime46,
      [JMON_PROBE_BULK_GROWN] = opts->fuel && opts->wasmtime46,
  };
  uint32_t added = 0;
  for (int k = 0; k < JMON_PROBE_COUNT; k++) {
    if (!want[k]) continue;
    long t = jmon_wasm_ensure_type(m, (const uint8_t *)k_probes[k].params, (uint32_t)strlen(k_probes[k].params),
                                   (const uint8_t *)k_probes[k].results, (uint32_t)strlen(k_probes[k].results));
    if (t < 0 || add_probe_import(m, k_probes[k].name, (uint32_t)t) != 0) return -1;
    /* New imports follow the existing function imports: they take first_defined, +1, ... */
    res->probe_func[k] = first_defined + added;
    added++;
  }
  char **orig_names = jmon_wasm_function_names(m);
  if (added) renumber_functions(m, first_defined, added);
  m->nimported_funcs += added;
  int named = name_functions(m, orig_names, first_defined, first_defined + added, opts);
  jmon_wasm_free_names(orig_names, first_defined + m->nfuncs);
  if (named != 0) return -1;
  if (added == 0) return 0;
  res->added_imports = added;

  jmon_fuel_probes_t fp = {0};
  if (opts->fuel) {
    fp.fuel = (uint32_t)res->probe_func[JMON_PROBE_FUEL];
    fp.fuel_save = (uint32_t)res->probe_func[JMON_PROBE_FUEL_SAVE];
    fp.loop_check = (uint32_t)res->probe_func[JMON_PROBE_LOOP_CHECK];
    const jmon_limits_t *lim = NULL;
    if (m->nmemories) lim = &m->memories[0].limits;
    for (uint32_t i = 0; !lim && i < m->nimports; i++)
      if (m->imports[i].kind == JMON_EXT_MEMORY) lim = &m->imports[i].limits;
    if (lim && lim->has_max) fp.memory_max_bytes = (uint64_t)lim->max * 65536u;
    if (opts->wasmtime46) {
      fp.wasmtime46 = true;
      fp.bulk_len = (uint32_t)res->probe_func[JMON_PROBE_BULK_LEN];
      fp.bulk_bytes = (uint32_t)res->probe_func[JMON_PROBE_BULK_BYTES];
      fp.bulk_elems = (uint32_t)res->probe_func[JMON_PROBE_BULK_ELEMS];
      fp.bulk_grown = (uint32_t)res->probe_func[JMON_PROBE_BULK_GROWN];
    }
  }
  for (uint32_t f = 0; f < m->nfuncs; f++) {
    /* The fuel pass sees only the module's own instructions; the stack guard's, inserted
     * after it, are never charged. */
    if (opts->fuel) {
      bool interp = opts->pc_func >= 0 && (uint32_t)opts->pc_func == res->orig_imported_funcs + f;
      fp.pc_instr = interp ? opts->pc_instr : -1;
      fp.pc = interp ? (uint32_t)res->probe_func[JMON_PROBE_PC] : 0;
      long n = jmon_fuel_pass(&m->funcs[f], &fp);
      if (n < 0) return -1;
      res->fuel_probes += (uint32_t)n;
    }
    if (sp >= 0 && guard_stack_sets(&m->funcs[f], (uint32_t)sp, sp_top,
                                    (uint32_t)res->probe_func[JMON_PROBE_SP_CHECK], &res->guarded_sets) != 0)
      return -1;
  }
  if (sp >= 0) {
    res->sp_global = sp;
    res->sp_top = sp_top;
  }
  return 0;
}

uint8_t *jmon_rewrite_leaf_functions(const jmon_wasm_module_t *m, const jmon_rewrite_result_t *rr) {
  uint8_t *leaf = malloc(m->nfuncs ? m->nfuncs : 1);
  if (!leaf) return NULL;
  for (uint32_t f = 0; f < m->nfuncs; f++) {
    const jmon_func_t *fn = &m->funcs[f];
    leaf[f] = 1;
    for (uint32_t i = 0; i < fn->ninstrs && leaf[f]; i++) {
      uint16_t op = fn->instrs[i].opcode;
      if (op == JMON_OP_CALL_INDIRECT) {
        leaf[f] = 0;   /* (the reader rejects tail calls and call_ref) */
      } else if (op == JMON_OP_CALL) {
        uint32_t callee = fn->instrs[i].imm.index;
        bool probe = false;
        for (int k = 0; k < JMON_PROBE_COUNT; k++) probe |= rr->probe_func[k] == (long)callee;
        if (!probe) leaf[f] = 0;
      }
    }
  }
  return leaf;
}
