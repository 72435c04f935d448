/* dispatch_finder.c: finds QuickJS's interpreter (JS_CallInternal) and its `opcode = *pc++` load by dataflow and scoring. */
#include "dispatch_finder.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_opcodes.h"

/*
 * Method. QuickJS built for wasm has DIRECT_DISPATCH 0, so its interpreter loop is
 * `switch (opcode = *pc++)`: an i32.load8_u from the pc local feeding one large br_table
 * (often through `i32.const 1; i32.sub` because opcode 0 is invalid). Every br_table of at
 * least JMON_DISPATCH_MIN_LABELS labels is traced backwards through its straight-line code
 * (stack simulation, local.set/tee within the region, add/sub/and with a constant) to an
 * i32.load8_u. Size alone does not decide: in the javy 1.7.0 plugin function 603 has a
 * larger br_table (255 labels, fed by a field + 128) and function 608 (a compiler pass walking
 * bytecode) has the same load8_u → br_table shape. What sets the interpreter apart is weighed
 * in score_candidate().
 */

/* Bounds on the backward walk: the dispatch sits a few instructions after the load. */
#define TRACE_MAX_DEPTH 16
#define TRACE_MAX_STEPS 4096

/* A pc advance or immediate read is at most this far from the opcode byte. */
#define PC_NEAR_MAX 16

/* ---- stack effects ---------------------------------------------------------------------- */

/* Opcodes that end straight-line code when walking backwards: control joins or leaves here. */
static bool is_region_boundary(uint16_t op) {
  switch (op) {
  case JMON_OP_UNREACHABLE: case JMON_OP_LOOP: case JMON_OP_IF: case JMON_OP_ELSE: case JMON_OP_END:
  case JMON_OP_BR: case JMON_OP_BR_TABLE: case JMON_OP_RETURN:
    return true;
  default:
    return false;
  }
}

/*
 * Values popped and pushed by `in`. @return false when unknown (the trace then gives up):
 * control instructions, blocks with parameters, and opcodes we do not model.
 */
static bool stack_effect(const jmon_wasm_module_t *m, const jmon_instr_t *in, unsigned *pops,
                         unsigned *pushes) {
  uint16_t op = in->opcode;
  *pops = 0;
  *pushes = 0;
  if (op == JMON_OP_BLOCK) {
    /* Entering a block without parameters leaves the stack alone. */
    if (in->imm.block_type < 0) return true;
    if ((uint64_t)in->imm.block_type >= m->ntypes) return false;
    return m->types[in->imm.block_type].nparams == 0;
  }
  if (op == JMON_OP_CALL || op == JMON_OP_CALL_INDIRECT) {
    const jmon_functype_t *t = NULL;
    if (op == JMON_OP_CALL) t = jmon_wasm_func_type(m, in->imm.index);
    else if (in->imm.pair.a < m->ntypes) t = &m->types[in->imm.pair.a];
    if (!t) return false;
    *pops = t->nparams + (op == JMON_OP_CALL_INDIRECT);
    *pushes = t->nresults;
    return true;
  }
  return jmon_wasm_opcode_stack(op, pops, pushes);   /* wasm_opcodes.def's fixed effects */
}

/* ---- backward dataflow ------------------------------------------------------------------ */

typedef struct {
  const jmon_wasm_module_t *m;
  const jmon_func_t *f;
  unsigned steps;
} tracer_t;

/*
 * The instruction that produced the value `depth` below the top of the stack just before
 * instruction `at`, within straight-line code. @return its index, or -1 if unknown.
 */
static long find_producer(tracer_t *t, uint32_t at, unsigned depth) {
  unsigned need = depth;
  for (uint32_t k = at; k-- > 0;) {
    const jmon_instr_t *in = &t->f->instrs[k];
    unsigned pops, pushes;
    if (++t->steps > TRACE_MAX_STEPS) return -1;
    if (is_region_boundary(in->opcode) || !stack_effect(t->m, in, &pops, &pushes)) return -1;
    if (need < pushes) return pushes == 1 ? (long)k : -1;
    need = need - pushes + pops;
  }
  return -1;
}

/* The last local.set/tee of `local` before `at` in the same straight-line code, or -1. */
static long find_local_def(tracer_t *t, uint32_t at, uint32_t local) {
  for (uint32_t k = at; k-- > 0;) {
    const jmon_instr_t *in = &t->f->instrs[k];
    if (++t->steps > TRACE_MAX_STEPS) return -1;
    if (is_region_boundary(in->opcode)) return -1;
    if ((in->opcode == JMON_OP_LOCAL_SET || in->opcode == JMON_OP_LOCAL_TEE) && in->imm.index == local)
      return (long)k;
  }
  return -1;
}

/*
 * Follow the value `depth` below the top before instruction `at` back to an i32.load8_u,
 * through locals and add/sub/and/or/xor with a constant. @return the load's index, or -1.
 */
static long trace_to_load8u(tracer_t *t, uint32_t at, unsigned depth, int level) {
  if (level > TRACE_MAX_DEPTH) return -1;
  long k = find_producer(t, at, depth);
  if (k < 0) return -1;
  const jmon_instr_t *in = &t->f->instrs[k];
  switch (in->opcode) {
  case JMON_OP_I32_LOAD8_U:
    return k;
  case JMON_OP_LOCAL_TEE:
    return trace_to_load8u(t, (uint32_t)k, 0, level + 1);
  case JMON_OP_LOCAL_GET: {
    long d = find_local_def(t, (uint32_t)k, in->imm.index);
    return d < 0 ? -1 : trace_to_load8u(t, (uint32_t)d, 0, level + 1);
  }
  case JMON_OP_I32_ADD: case JMON_OP_I32_SUB: case JMON_OP_I32_AND: case JMON_OP_I32_OR: case JMON_OP_I32_XOR: {
    /* `x op const` (any of them) or `const op x` (not sub): the opcode survives a bias or mask. */
    long rhs = find_producer(t, (uint32_t)k, 0);
    if (rhs >= 0 && t->f->instrs[rhs].opcode == JMON_OP_I32_CONST)
      return trace_to_load8u(t, (uint32_t)k, 1, level + 1);
    long lhs = find_producer(t, (uint32_t)k, 1);
    if (in->opcode != JMON_OP_I32_SUB && lhs >= 0 && t->f->instrs[lhs].opcode == JMON_OP_I32_CONST)
      return trace_to_load8u(t, (uint32_t)k, 0, level + 1);
    return -1;
  }
  default:
    return -1;
  }
}

/* The local whose value is the address of the load at `load`: local.get X / local.tee X, else UINT32_MAX. */
static uint32_t address_local(tracer_t *t, uint32_t load) {
  long k = find_producer(t, load, 0);
  if (k < 0) return UINT32_MAX;
  uint16_t op = t->f->instrs[k].opcode;
  return (op == JMON_OP_LOCAL_GET || op == JMON_OP_LOCAL_TEE) ? t->f->instrs[k].imm.index : UINT32_MAX;
}

/* ---- evidence and scoring --------------------------------------------------------------- */

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* Distinct labels of a br_table (default included). @return false when out of memory. */
static bool count_distinct_targets(const jmon_instr_t *br, uint32_t *out) {
  uint32_t n = br->imm.table.count + 1, distinct = 0;
  uint32_t *v = malloc((size_t)n * sizeof *v);
  if (!v) return false;
  memcpy(v, br->imm.table.labels, (size_t)n * sizeof *v);
  qsort(v, n, sizeof *v, cmp_u32);
  for (uint32_t i = 0; i < n; i++) distinct += i == 0 || v[i] != v[i - 1];
  free(v);
  *out = distinct;
  return true;
}

static bool is_local_get(const jmon_instr_t *in, uint32_t local) {
  return in->opcode == JMON_OP_LOCAL_GET && in->imm.index == local;
}

/* Fill the function-wide evidence of `c` (pc uses, size, callees). `seen` has one byte per function. */
static void gather_evidence(const jmon_wasm_module_t *m, const jmon_func_t *f, uint32_t pc,
                            uint8_t *seen, jmon_dispatch_candidate_t *c) {
  uint32_t nall = m->nimported_funcs + m->nfuncs;
  c->ninstrs = f->ninstrs;
  c->imm_reads = c->pc_advances = c->distinct_callees = 0;
  memset(seen, 0, nall ? nall : 1);
  for (uint32_t i = 0; i < f->ninstrs; i++) {
    const jmon_instr_t *in = &f->instrs[i];
    if (in->opcode == JMON_OP_CALL && in->imm.index < nall && !seen[in->imm.index]) {
      seen[in->imm.index] = 1;
      c->distinct_callees++;
    }
    if (pc == UINT32_MAX) continue;
    /* Handlers read immediates at pc+1.. (after `*pc++` the compiler folds the ++ into the offset). */
    if (i >= 1 && in->opcode >= JMON_OP_I32_LOAD && in->opcode <= JMON_OP_I64_LOAD32_U &&
        is_local_get(&f->instrs[i - 1], pc) && in->imm.mem.offset >= 1 &&
        in->imm.mem.offset <= PC_NEAR_MAX)
      c->imm_reads++;
    /* pc++ and pc += length-of-instruction. */
    if (i >= 2 && in->opcode == JMON_OP_I32_ADD && is_local_get(&f->instrs[i - 2], pc) &&
        f->instrs[i - 1].opcode == JMON_OP_I32_CONST && f->instrs[i - 1].imm.i32 >= 1 &&
        f->instrs[i - 1].imm.i32 <= PC_NEAR_MAX)
      c->pc_advances++;
  }
}

/*
 * Weigh the evidence. An interpreter gives (nearly) every opcode its own handler, so its
 * br_table has many distinct targets (javy 1.7.0: 221 of 248; the bytecode-walking compiler
 * pass: 29 of 199). Its handlers read immediates through pc and advance pc by small constants,
 * and JS_CallInternal calls hundreds of runtime functions. The table size itself is not scored.
 */
static void score_candidate(jmon_dispatch_candidate_t *c) {
  long s = 2L * c->distinct_targets + 3L * c->imm_reads + 2L * c->pc_advances +
           (c->distinct_callees < 400 ? c->distinct_callees : 400);
  if (c->pc_local == UINT32_MAX) s /= 2;  /* the opcode address is not even a plain local */
  c->score = s > 0 ? (int)(s > 1000000 ? 1000000 : s) : 1;
  snprintf(c->why, sizeof c->why,
           "distinct_targets=%" PRIu32 " imm_reads=%" PRIu32 " pc_advances=%" PRIu32
           " callees=%" PRIu32 " instrs=%" PRIu32,
           c->distinct_targets, c->imm_reads, c->pc_advances, c->distinct_callees, c->ninstrs);
}

/* ---- candidates ------------------------------------------------------------------------- */

typedef struct {
  jmon_dispatch_candidate_t *v;
  size_t n, cap;
} cand_list_t;

static bool cand_push(cand_list_t *l, const jmon_dispatch_candidate_t *c) {
  for (size_t i = 0; i < l->n; i++) {
    if (l->v[i].load_offset == c->load_offset) {  /* one load feeding two tables: keep the larger */
      if (c->br_table_labels > l->v[i].br_table_labels) l->v[i] = *c;
      return true;
    }
  }
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    jmon_dispatch_candidate_t *v = realloc(l->v, cap * sizeof *v);
    if (!v) return false;
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = *c;
  return true;
}

/* Add the candidates of defined function `fi` whose br_tables have >= min_labels labels. */
static bool scan_function(const jmon_wasm_module_t *m, uint32_t fi, uint32_t min_labels,
                          uint8_t *seen, cand_list_t *out) {
  const jmon_func_t *f = &m->funcs[fi];
  for (uint32_t i = 0; i < f->ninstrs; i++) {
    const jmon_instr_t *br = &f->instrs[i];
    if (br->opcode != JMON_OP_BR_TABLE || br->imm.table.count + 1 < min_labels) continue;
    tracer_t t = {m, f, 0};
    long load = trace_to_load8u(&t, i, 0, 0);
    if (load < 0) continue;
    jmon_dispatch_candidate_t c;
    memset(&c, 0, sizeof c);
    c.func = m->nimported_funcs + fi;
    c.load_instr = (uint32_t)load;
    c.load_offset = f->instrs[load].offset;
    c.br_table_instr = i;
    c.br_table_labels = br->imm.table.count + 1;
    if (!count_distinct_targets(br, &c.distinct_targets)) return false;
    t.steps = 0;
    c.pc_local = address_local(&t, (uint32_t)load);
    gather_evidence(m, f, c.pc_local, seen, &c);
    score_candidate(&c);
    if (!cand_push(out, &c)) return false;
  }
  return true;
}

static int cmp_cand(const void *a, const void *b) {
  const jmon_dispatch_candidate_t *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  if (x->func != y->func) return x->func < y->func ? -1 : 1;
  return x->load_offset < y->load_offset ? -1 : x->load_offset > y->load_offset;
}

/* Index of the instruction of `f` at file offset `off` (instructions are in file order), or -1. */
static long instr_at_offset(const jmon_func_t *f, uint32_t off) {
  uint32_t lo = 0, hi = f->ninstrs;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (f->instrs[mid].offset < off) lo = mid + 1;
    else hi = mid;
  }
  return lo < f->ninstrs && f->instrs[lo].offset == off ? (long)lo : -1;
}

/* Resolve the override into out->chosen. @return the status. */
static int apply_override(const jmon_wasm_module_t *m, long ofunc, long ooff, uint8_t *seen,
                          jmon_dispatch_t *out) {
  uint32_t nimp = m->nimported_funcs;
  long fi = -1, li = -1;
  if (ofunc >= 0) {
    if ((unsigned long)ofunc < nimp || (unsigned long)ofunc >= (unsigned long)nimp + m->nfuncs) {
      if (m->nfuncs == 0)
        snprintf(out->message, sizeof out->message,
                 "--interp-func %ld is not a defined function (the module defines none)", ofunc);
      else
        snprintf(out->message, sizeof out->message,
                 "--interp-func %ld is not a defined function (functions %" PRIu32 "..%" PRIu32 ")",
                 ofunc, nimp, nimp + m->nfuncs - 1);
      return JMON_DISPATCH_OVERRIDE_INVALID;
    }
    fi = ofunc - (long)nimp;
  }
  if (ooff >= 0) {
    if (ooff > (long)UINT32_MAX) goto bad_offset;
    for (uint32_t i = 0; i < m->nfuncs && li < 0; i++) {
      if (fi >= 0 && (long)i != fi) continue;
      long k = instr_at_offset(&m->funcs[i], (uint32_t)ooff);
      if (k >= 0 && m->funcs[i].instrs[k].offset != 0) { fi = i; li = k; }
    }
    if (li < 0 || m->funcs[fi].instrs[li].opcode != JMON_OP_I32_LOAD8_U) goto bad_offset;
  }
  /* The candidates of that function, whatever their table size, for the evidence. */
  cand_list_t local = {0};
  if (!scan_function(m, (uint32_t)fi, 1, seen, &local)) { free(local.v); return JMON_DISPATCH_NOMEM; }
  if (local.n) qsort(local.v, local.n, sizeof *local.v, cmp_cand);
  const jmon_dispatch_candidate_t *match = NULL;
  for (size_t i = 0; i < local.n && !match; i++)
    if (li < 0 || local.v[i].load_instr == (uint32_t)li) match = &local.v[i];
  if (match) {
    out->chosen = *match;
  } else if (li >= 0) {
    /* A load that feeds no br_table we can see: trust the user, keep the evidence. */
    jmon_dispatch_candidate_t *c = &out->chosen;
    tracer_t t = {m, &m->funcs[fi], 0};
    memset(c, 0, sizeof *c);
    c->func = nimp + (uint32_t)fi;
    c->load_instr = (uint32_t)li;
    c->load_offset = m->funcs[fi].instrs[li].offset;
    c->br_table_instr = UINT32_MAX;
    c->pc_local = address_local(&t, (uint32_t)li);
    gather_evidence(m, &m->funcs[fi], c->pc_local, seen, c);
    score_candidate(c);
  } else {
    free(local.v);
    snprintf(out->message, sizeof out->message,
             "--interp-func %ld: no i32.load8_u feeding a br_table found in it; give --pc-load", ofunc);
    return JMON_DISPATCH_OVERRIDE_INVALID;
  }
  free(local.v);
  snprintf(out->chosen.why + strlen(out->chosen.why),
           sizeof out->chosen.why - strlen(out->chosen.why), " (override)");
  out->pc_local = out->chosen.pc_local;
  out->overridden = 1;
  return JMON_DISPATCH_FOUND;

bad_offset:
  if (li >= 0)
    snprintf(out->message, sizeof out->message,
             "--pc-load 0x%lx: function %" PRIu32 " has %s there, not i32.load8_u", ooff,
             nimp + (uint32_t)fi, jmon_wasm_opcode_name(m->funcs[fi].instrs[li].opcode));
  else if (fi >= 0)
    snprintf(out->message, sizeof out->message,
             "--pc-load 0x%lx: no instruction starts at that offset in function %" PRIu32, ooff,
             nimp + (uint32_t)fi);
  else
    snprintf(out->message, sizeof out->message,
             "--pc-load 0x%lx: no instruction of any function starts at that offset", ooff);
  return JMON_DISPATCH_OVERRIDE_INVALID;
}

int jmon_dispatch_find(const jmon_wasm_module_t *m, long override_func, long override_offset,
                       jmon_dispatch_t *out) {
  memset(out, 0, sizeof *out);
  out->pc_local = UINT32_MAX;
  out->chosen.pc_local = UINT32_MAX;
  cand_list_t list = {0};
  uint32_t nall = m->nimported_funcs + m->nfuncs;
  uint8_t *seen = malloc(nall ? nall : 1);
  if (!seen) goto nomem;

  for (uint32_t fi = 0; fi < m->nfuncs; fi++)
    if (!scan_function(m, fi, JMON_DISPATCH_MIN_LABELS, seen, &list)) goto nomem;
  if (list.n) qsort(list.v, list.n, sizeof *list.v, cmp_cand);
  out->cands = list.v;
  out->ncands = list.n;
  list.v = NULL;

  if (override_func >= 0 || override_offset >= 0) {
    out->status = apply_override(m, override_func, override_offset, seen, out);
  } else if (out->ncands == 0) {
    out->status = JMON_DISPATCH_NONE;
    snprintf(out->message, sizeof out->message,
             "no br_table of >= %u labels is fed by an i32.load8_u", JMON_DISPATCH_MIN_LABELS);
  } else if (out->ncands == 1 ||
             out->cands[0].score >= JMON_DISPATCH_MIN_RATIO * out->cands[1].score) {
    out->status = JMON_DISPATCH_FOUND;
    out->chosen = out->cands[0];
    out->pc_local = out->chosen.pc_local;
  } else {
    out->status = JMON_DISPATCH_AMBIGUOUS;
    snprintf(out->message, sizeof out->message,
             "%zu candidates, best function %" PRIu32 " (score %d) does not beat function %" PRIu32
             " (score %d) %.0fx; give --interp-func and --pc-load",
             out->ncands, out->cands[0].func, out->cands[0].score, out->cands[1].func,
             out->cands[1].score, JMON_DISPATCH_MIN_RATIO);
  }
  if (out->status == JMON_DISPATCH_NOMEM) goto nomem;
  free(seen);
  return out->status;

nomem:
  free(seen);
  free(list.v);
  jmon_dispatch_free(out);
  out->pc_local = UINT32_MAX;
  out->status = JMON_DISPATCH_NOMEM;
  return out->status;
}

void jmon_dispatch_free(jmon_dispatch_t *d) {
  if (!d) return;
  free(d->cands);
  memset(d, 0, sizeof *d);
}

const char *jmon_dispatch_strstatus(int status) {
  switch (status) {
  case JMON_DISPATCH_FOUND: return "found";
  case JMON_DISPATCH_NONE: return "none";
  case JMON_DISPATCH_AMBIGUOUS: return "ambiguous";
  case JMON_DISPATCH_OVERRIDE_INVALID: return "override-invalid";
  case JMON_DISPATCH_NOMEM: return "nomem";
  default: return "unknown";
  }
}

void jmon_dispatch_describe(const jmon_dispatch_t *d, jmon_text_t *f) {
  if (d->status == JMON_DISPATCH_FOUND) {
    jmon_text_printf(f, "interp_func: %" PRIu32 "\n", d->chosen.func);
    jmon_text_printf(f, "pc_load_offset: 0x%" PRIx32 "\n", d->chosen.load_offset);
    jmon_text_printf(f, "br_table_labels: %" PRIu32 "\n", d->chosen.br_table_labels);
    if (d->pc_local == UINT32_MAX) jmon_text_printf(f, "pc_local: none\n");
    else jmon_text_printf(f, "pc_local: %" PRIu32 "\n", d->pc_local);
  }
  jmon_text_printf(f, "override: %s\n", d->overridden ? "yes" : "no");
  jmon_text_printf(f, "candidates: %zu\n", d->ncands);
  for (size_t i = 0; i < d->ncands; i++) {
    const jmon_dispatch_candidate_t *c = &d->cands[i];
    jmon_text_printf(f, "candidate: func=%" PRIu32 " load=0x%" PRIx32 " labels=%" PRIu32 " score=%d why=%s\n",
                     c->func, c->load_offset, c->br_table_labels, c->score, c->why);
  }
  jmon_text_printf(f, "decision: %s\n", jmon_dispatch_strstatus(d->status));
  if (d->message[0]) jmon_text_printf(f, "message: %s\n", d->message);
}
