/* make_start.c: gives a `wasm-opt -ttf` module a WASI `_start` that calls every numeric export with zeros and exits with a hash of the results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../translator/wasm_module.h"
#include "../../translator/wasm_opcodes.h"

typedef struct {
  jmon_instr_t *v;
  uint32_t n, cap;
} code_t;

/* Append one instruction. @return 0, or -1 when out of memory. */
static int emit(code_t *c, uint16_t op, int64_t imm) {
  if (c->n == c->cap) {
    uint32_t ncap = c->cap ? c->cap * 2 : 64;
    jmon_instr_t *nv = realloc(c->v, ncap * sizeof *nv);
    if (!nv) return -1;
    c->v = nv;
    c->cap = ncap;
  }
  jmon_instr_t *in = &c->v[c->n++];
  memset(in, 0, sizeof *in);
  in->opcode = op;
  if (op == JMON_OP_I64_CONST) in->imm.i64 = imm;
  else if (op == JMON_OP_I32_CONST) in->imm.i32 = (int32_t)imm;
  else in->imm.index = (uint32_t)imm;
  return 0;
}

static int is_numeric(uint8_t t) { return t == JMON_I32 || t == JMON_I64 || t == JMON_F32 || t == JMON_F64; }

/* Shift function references >= first by one (a function import is inserted at `first`). */
static void shift_expr(jmon_instr_t *v, uint32_t n, uint32_t first) {
  for (uint32_t i = 0; i < n; i++)
    if ((v[i].opcode == JMON_OP_CALL || v[i].opcode == JMON_OP_REF_FUNC) &&
        v[i].imm.index >= first)
      v[i].imm.index++;
}

static void shift_functions(jmon_wasm_module_t *m, uint32_t first) {
  for (uint32_t f = 0; f < m->nfuncs; f++) shift_expr(m->funcs[f].instrs, m->funcs[f].ninstrs, first);
  for (uint32_t e = 0; e < m->nelems; e++) {
    jmon_elem_t *el = &m->elems[e];
    for (uint32_t i = 0; i < el->nitems; i++) {
      if (el->func_indices && el->func_indices[i] >= first) el->func_indices[i]++;
      if (el->exprs) shift_expr(el->exprs[i].instrs, el->exprs[i].ninstrs, first);
    }
  }
  for (uint32_t g = 0; g < m->nglobals; g++) shift_expr(m->globals[g].init.instrs, m->globals[g].init.ninstrs, first);
  for (uint32_t x = 0; x < m->nexports; x++)
    if (m->exports[x].kind == JMON_EXT_FUNC && m->exports[x].index >= first) m->exports[x].index++;
  if (m->has_start && m->start_func >= first) m->start_func++;
}

/* Custom "name" sections would name the wrong functions after the shift. */
static void drop_customs(jmon_wasm_module_t *m) {
  for (uint32_t i = 0; i < m->ncustoms; i++) {
    free(m->customs[i].name);
    free(m->customs[i].owned_bytes);
  }
  m->ncustoms = 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: make_start IN.wasm OUT.wasm\n");
    return 2;
  }
  jmon_wasm_module_t m = {0};
  jmon_wasm_error_t err = {0};
  code_t c = {0};
  int rc = 1;
  if (jmon_wasm_read_file(argv[1], &m, &err) != JMON_WASM_OK) {
    fprintf(stderr, "make_start: %s: offset 0x%zx: %s\n", argv[1], err.offset, err.message);
    return 1;
  }
  if (jmon_wasm_find_export(&m, JMON_EXT_FUNC, "_start")) {
    fprintf(stderr, "make_start: %s already has _start\n", argv[1]);
    goto fail;
  }
  static const uint8_t p_i32[] = {JMON_I32};
  long t_exit = jmon_wasm_ensure_type(&m, p_i32, 1, NULL, 0);
  long t_start = jmon_wasm_ensure_type(&m, NULL, 0, NULL, 0);
  if (t_exit < 0 || t_start < 0) goto nomem;

  /* wasi_snapshot_preview1.proc_exit, appended to the imports: it takes function index
   * nimported_funcs and every defined function moves up by one. */
  uint32_t exit_func = m.nimported_funcs;
  shift_functions(&m, exit_func);
  jmon_import_t *imps = realloc(m.imports, (m.nimports + 1) * sizeof *imps);
  if (!imps) goto nomem;
  m.imports = imps;
  jmon_import_t *imp = &m.imports[m.nimports];
  memset(imp, 0, sizeof *imp);
  imp->module = strdup("wasi_snapshot_preview1");
  imp->name = strdup("proc_exit");
  if (!imp->module || !imp->name) goto nomem;
  imp->module_len = (uint32_t)strlen(imp->module);
  imp->name_len = (uint32_t)strlen(imp->name);
  imp->kind = JMON_EXT_FUNC;
  imp->type_index = (uint32_t)t_exit;
  m.nimports++;
  m.nimported_funcs++;
  drop_customs(&m);

  /* _start: acc = acc * 31 + bits(result) over every result of every numeric export, called
   * with zero arguments in export order; then proc_exit((acc ^ acc >> 32) & 127). The local
   * acc is index 0 (no params). */
  uint32_t called = 0;
  for (uint32_t x = 0; x < m.nexports; x++) {
    const jmon_export_t *e = &m.exports[x];
    if (e->kind != JMON_EXT_FUNC) continue;
    const jmon_functype_t *ft = jmon_wasm_func_type(&m, e->index);
    int ok = ft != NULL;
    for (uint32_t i = 0; ok && i < ft->nparams; i++) ok = is_numeric(ft->params[i]);
    for (uint32_t i = 0; ok && i < ft->nresults; i++) ok = is_numeric(ft->results[i]);
    if (!ok) continue;
    for (uint32_t i = 0; i < ft->nparams; i++) {
      static const uint16_t zero_op[] = {[JMON_I32 - JMON_F64] = JMON_OP_I32_CONST, [JMON_I64 - JMON_F64] = JMON_OP_I64_CONST,
                                         [JMON_F32 - JMON_F64] = JMON_OP_F32_CONST, [0] = JMON_OP_F64_CONST};
      if (emit(&c, zero_op[ft->params[i] - JMON_F64], 0)) goto nomem;  /* const imm 0 = +0.0 bits */
    }
    if (emit(&c, JMON_OP_CALL, e->index)) goto nomem;
    for (uint32_t i = ft->nresults; i-- > 0;) {  /* the last result is on top */
      uint8_t t = ft->results[i];
      if (t == JMON_F32 && emit(&c, JMON_OP_I32_REINTERPRET_F32, 0)) goto nomem;
      if ((t == JMON_I32 || t == JMON_F32) && emit(&c, JMON_OP_I64_EXTEND_I32_U, 0)) goto nomem;
      if (t == JMON_F64 && emit(&c, JMON_OP_I64_REINTERPRET_F64, 0)) goto nomem;
      if (emit(&c, JMON_OP_LOCAL_GET, 0) || emit(&c, JMON_OP_I64_CONST, 31) || emit(&c, JMON_OP_I64_MUL, 0) ||
          emit(&c, JMON_OP_I64_ADD, 0) || emit(&c, JMON_OP_LOCAL_SET, 0))
        goto nomem;
    }
    called++;
  }
  if (emit(&c, JMON_OP_LOCAL_GET, 0) || emit(&c, JMON_OP_LOCAL_GET, 0) || emit(&c, JMON_OP_I64_CONST, 32) ||
      emit(&c, JMON_OP_I64_SHR_U, 0) || emit(&c, JMON_OP_I64_XOR, 0) || emit(&c, JMON_OP_I32_WRAP_I64, 0) ||
      emit(&c, JMON_OP_I32_CONST, 127) || emit(&c, JMON_OP_I32_AND, 0) || emit(&c, JMON_OP_CALL, exit_func) ||
      emit(&c, JMON_OP_END, 0))
    goto nomem;

  jmon_func_t *funcs = realloc(m.funcs, (m.nfuncs + 1) * sizeof *funcs);
  if (!funcs) goto nomem;
  m.funcs = funcs;
  jmon_func_t *fn = &m.funcs[m.nfuncs];
  memset(fn, 0, sizeof *fn);
  fn->type_index = (uint32_t)t_start;
  fn->locals = malloc(sizeof *fn->locals);
  if (!fn->locals) goto nomem;
  fn->nlocal_groups = 1;
  fn->locals[0].count = 1;
  fn->locals[0].type = JMON_I64;
  fn->instrs = c.v;
  fn->ninstrs = c.n;
  c.v = NULL;
  uint32_t start_index = m.nimported_funcs + m.nfuncs;
  m.nfuncs++;

  jmon_export_t *exps = realloc(m.exports, (m.nexports + 1) * sizeof *exps);
  if (!exps) goto nomem;
  m.exports = exps;
  jmon_export_t *ex = &m.exports[m.nexports];
  memset(ex, 0, sizeof *ex);
  ex->name = strdup("_start");
  if (!ex->name) goto nomem;
  ex->name_len = 6;
  ex->kind = JMON_EXT_FUNC;
  ex->index = start_index;
  m.nexports++;

  if (jmon_wasm_write_file(&m, argv[2], &err) != JMON_WASM_OK) {
    fprintf(stderr, "make_start: %s: %s\n", argv[2], err.message);
    goto fail;
  }
  fprintf(stderr, "make_start: _start calls %u exports\n", called);
  rc = 0;
  goto fail;
nomem:
  fprintf(stderr, "make_start: out of memory\n");
fail:
  free(c.v);
  jmon_wasm_free(&m);
  return rc;
}
