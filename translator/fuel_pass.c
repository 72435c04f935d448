/* fuel_pass.c: insert wasmtime-39 (or -46) fuel probes into a function body (rules in fuel_pass.h). */
#include "fuel_pass.h"

#include "wasm_opcodes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* wasmtime 46: how a bulk operator's length n is charged (v46.0.0 FE = crates/cranelift/src/
 * func_environ.rs; docs/fuel-model.md §7). Every one is bounds-checked before any n is added
 * (FE:3947, FE:4304), so a trapping one costs only its buffered 1, like any mid-block trap. */
typedef enum {
  BULK_NONE = 0,
  BULK_BYTES,   /* memory.*: the buffer is flushed, n added, then an out-of-fuel check even for
                   n = 0 (FE:3746, manual_fuel_check FE:737 from FE:3715/3727) */
  BULK_ELEMS,   /* table.copy/init/fill: a per-element loop (lazily initialised funcref tables
                   never memcpy, FE:4620, FE:6489): flush, then +1 and a check per element
                   (FE:4069/4091, FE:4975/5069) — no check when n = 0 */
  BULK_GROW     /* table.grow: that fill of `delta` elements, only when the grow succeeded
                   (FE:2652); the flush sits on the success path only */
} bulk_kind_t;

static bulk_kind_t bulk_kind(uint16_t op) {
  switch (op) {
    case JMON_OP_MEMORY_INIT: case JMON_OP_MEMORY_COPY: case JMON_OP_MEMORY_FILL:
      return BULK_BYTES;
    case JMON_OP_TABLE_INIT: case JMON_OP_TABLE_COPY: case JMON_OP_TABLE_FILL:
      return BULK_ELEMS;
    case JMON_OP_TABLE_GROW:
      return BULK_GROW;
    default:
      return BULK_NONE;
  }
}

/* A memory.copy/init whose length is a constant <= 128 is copied inline: n is only buffered, no
 * check (FE:3667-3679). wasmtime sees a constant when the length's SSA value is an `iconst`
 * (FE:4316, FE:4792); we take the operand pushed by the instruction right before. */
static bool inline_copy(const jmon_func_t *fn, uint32_t i, uint32_t *len) {
  uint16_t op = fn->instrs[i].opcode;
  if ((op != JMON_OP_MEMORY_COPY && op != JMON_OP_MEMORY_INIT) || i == 0 || fn->instrs[i - 1].opcode != JMON_OP_I32_CONST)
    return false;
  *len = (uint32_t)fn->instrs[i - 1].imm.i32;
  return *len <= 128;
}

/* wasmtime v39 FE:398-411: nop, drop, block, loop, unreachable, return, else, end cost 0. */
uint32_t jmon_fuel_cost(uint16_t op) {
  switch (op) {
    case JMON_OP_NOP: case JMON_OP_DROP: case JMON_OP_BLOCK: case JMON_OP_LOOP: case JMON_OP_UNREACHABLE:
    case JMON_OP_RETURN: case JMON_OP_ELSE: case JMON_OP_END:
      return 0;
    default:
      return 1;
  }
}

/* wasmtime v39 FE:415-466: which operators flush the buffer, and which also save. */
jmon_fuel_action_t jmon_fuel_action(uint16_t op) {
  switch (op) {
    case JMON_OP_UNREACHABLE: case JMON_OP_RETURN: case JMON_OP_CALL: case JMON_OP_CALL_INDIRECT:
      return JMON_FUEL_SAVE;
    case JMON_OP_LOOP: case JMON_OP_IF: case JMON_OP_ELSE: case JMON_OP_END: case JMON_OP_BR: case JMON_OP_BR_IF: case JMON_OP_BR_TABLE:
      return JMON_FUEL_INCREMENT;
    default:
      return JMON_FUEL_BUFFER;
  }
}

typedef struct { jmon_instr_t *p; uint32_t n, cap; bool failed; } ilist_t;

static void emit(ilist_t *l, jmon_instr_t in) {
  if (l->failed) return;
  if (l->n == l->cap) {
    uint32_t cap = l->cap * 2 + 16;
    jmon_instr_t *q = realloc(l->p, cap * sizeof *q);
    if (!q) { l->failed = true; return; }
    l->p = q;
    l->cap = cap;
  }
  l->p[l->n++] = in;
}

static void emit_probe(ilist_t *l, uint32_t func, bool with_arg, uint32_t arg) {
  jmon_instr_t in;
  if (with_arg) {
    memset(&in, 0, sizeof in);
    in.opcode = JMON_OP_I32_CONST;
    in.imm.i32 = (int32_t)arg;
    emit(l, in);
  }
  memset(&in, 0, sizeof in);
  in.opcode = JMON_OP_CALL;
  in.imm.index = func;
  emit(l, in);
}

long jmon_fuel_pass(jmon_func_t *fn, const jmon_fuel_probes_t *probes) {
  ilist_t out = {0};
  long inserted = 0;
  uint32_t buffer = 0;
  uint64_t max_bytes = probes->memory_max_bytes ? probes->memory_max_bytes : (uint64_t)1 << 32;
  out.cap = fn->ninstrs + fn->ninstrs / 4 + 16;
  out.p = malloc(out.cap * sizeof *out.p);
  if (!out.p) return -1;

  for (uint32_t i = 0; i < fn->ninstrs; i++) {
    const jmon_instr_t *in = &fn->instrs[i];
    uint16_t op = in->opcode;
    jmon_fuel_action_t action = jmon_fuel_action(op);
    uint32_t size = jmon_wasm_opcode_access_size(op);
    /* A static offset past the maximum memory traps whatever the address: wasmtime saves first
     * (FE:3767-3772, before_unconditionally_trapping_memory_access). */
    if (size && (uint64_t)in->imm.mem.offset + size > max_bytes) action = JMON_FUEL_SAVE;
    if ((long)i == probes->pc_instr) {
      if (buffer) {
        emit_probe(&out, probes->fuel, true, buffer);
        inserted++;
        buffer = 0;
      }
      emit_probe(&out, probes->pc, false, 0);
      inserted++;
    }
    buffer += jmon_fuel_cost(op);
    bulk_kind_t bulk = probes->wasmtime46 ? bulk_kind(op) : BULK_NONE;
    uint32_t len;
    if (bulk != BULK_NONE && inline_copy(fn, i, &len)) {
      buffer += len;
    } else if (bulk != BULK_NONE) {
      if (bulk != BULK_GROW && buffer) {
        emit_probe(&out, probes->fuel, true, buffer);
        inserted++;
        buffer = 0;
      }
      emit_probe(&out, probes->bulk_len, false, 0);
      emit(&out, *in);
      if (bulk == BULK_GROW) emit_probe(&out, probes->bulk_grown, true, buffer);
      else emit_probe(&out, bulk == BULK_BYTES ? probes->bulk_bytes : probes->bulk_elems, false, 0);
      inserted += 2;
      buffer = 0;
      continue;
    }
    if (action == JMON_FUEL_INCREMENT && buffer) {
      emit_probe(&out, probes->fuel, true, buffer);
      inserted++;
      buffer = 0;
    } else if (action == JMON_FUEL_SAVE) {
      emit_probe(&out, probes->fuel_save, true, buffer);
      inserted++;
      buffer = 0;
    }
    emit(&out, *in);
    /* The out-of-fuel check runs at the loop header: on entry and on every back edge. */
    if (op == JMON_OP_LOOP) {
      emit_probe(&out, probes->loop_check, false, 0);
      inserted++;
    }
  }
  if (out.failed) {
    free(out.p);
    return -1;
  }
  free(fn->instrs);   /* the instructions moved into out.p, with what they own */
  fn->instrs = out.p;
  fn->ninstrs = out.n;
  return inserted;
}

/* v46.0.0 ConstExpr::const_eval (crates/environ/src/types.rs:2000-2011): a single constant. */
static bool const_eval(const jmon_expr_t *e) {
  if (e->ninstrs != 1) return false;
  uint16_t op = e->instrs[0].opcode;
  return op == JMON_OP_I32_CONST || op == JMON_OP_I64_CONST || op == JMON_OP_F32_CONST || op == JMON_OP_F64_CONST;
}

static bool i32_offset(const jmon_expr_t *e, uint64_t *offset) {
  if (e->ninstrs != 1 || e->instrs[0].opcode != JMON_OP_I32_CONST) return false;
  *offset = (uint32_t)e->instrs[0].imm.i32;
  return true;
}

/* wasmtime 46 compiles what instantiation needs into a fuel-metered ModuleStartup function
 * (translate_module_startup, FE:5925-5955) and runs it only when one is required
 * (crates/wasmtime/src/runtime/instance.rs:264-283, vm/instance.rs:1538-1547). */
int jmon_fuel46_startup(const jmon_wasm_module_t *m, uint32_t *fuel, char *why, size_t whylen) {
  bool needed = m->has_start;
  uint32_t items = 0;
  *fuel = 0;
  /* "Complicated" global initialisers run in it (crates/environ/src/compile/module_environ.rs:556). */
  for (uint32_t g = 0; g < m->nglobals; g++) {
    if (!const_eval(&m->globals[g].init)) {
      snprintf(why, whylen, "global %u has a non-constant initialiser", m->nimported_globals + g);
      return -1;
    }
  }
  for (uint32_t e = 0; e < m->nelems; e++) {
    const jmon_elem_t *el = &m->elems[e];
    uint32_t flags = el->flags;
    if (flags == 3 || flags == 7) continue;   /* declarative */
    /* Passive element segments are set up in it (module_environ.rs:674): function indices cost
     * nothing, item expressions 1 per operator (module_initialize_passive_element FE:5979-6030,
     * translate_const_expr FE:6210). */
    if (flags == 1 || flags == 5) {
      needed = true;
      for (uint32_t k = 0; el->exprs && k < el->nitems; k++) items += el->exprs[k].ninstrs;
      continue;
    }
    /* Active ones must fold into the precomputed table (try_func_table_init,
     * module_environ.rs:1401-1470), else they are applied in it (module_environ.rs:1393). */
    uint64_t offset;
    const jmon_table_t *t = el->table_index >= m->nimported_tables && el->table_index - m->nimported_tables < m->ntables
                                ? &m->tables[el->table_index - m->nimported_tables]
                                : NULL;
    if (!t || t->elem_type != 0x70 || el->func_indices == NULL || !i32_offset(&el->offset, &offset) ||
        offset + el->nitems > t->limits.min || offset + el->nitems > (1u << 20)) {
      snprintf(why, whylen, "active element segment %u cannot be applied ahead of time", e);
      return -1;
    }
  }
  /* Active data segments become a copy-on-write memory image when they are in bounds at constant
   * offsets of a defined memory and not too sparse (try_static_init, module_environ.rs:1158-1280;
   * memory_guaranteed_dense_image_size 16 MiB, crates/wasmtime/src/config.rs:300); the start-up
   * function then runs only for a memory that needs initialising, which a copy-on-write image
   * does not (module_environ.rs:1080-1084, vm/instance.rs:1542-1546). Otherwise they are copied
   * in it (module_environ.rs:1102). */
  uint64_t lo = UINT64_MAX, hi = 0, bytes = 0;
  for (uint32_t d = 0; d < m->ndatas; d++) {
    const jmon_data_t *seg = &m->datas[d];
    if (seg->flags == 1) continue;   /* passive */
    uint64_t offset;
    bool defined = seg->memory_index >= m->nimported_memories &&
                   seg->memory_index - m->nimported_memories < m->nmemories;
    uint64_t min_bytes =
        defined ? (uint64_t)m->memories[seg->memory_index - m->nimported_memories].limits.min * 65536u : 0;
    if (!defined || !i32_offset(&seg->offset, &offset) || offset + seg->size > min_bytes) {
      snprintf(why, whylen, "data segment %u cannot go into a memory image", d);
      return -1;
    }
    if (!seg->size) continue;
    bytes += seg->size;
    if (offset < lo) lo = offset;
    if (offset + seg->size > hi) hi = offset + seg->size;
  }
  if (bytes && hi - lo >= 2 * bytes && hi - lo >= ((uint64_t)16 << 20)) {
    snprintf(why, whylen, "its data segments are too sparse for a memory image");
    return -1;
  }
  /* Its entry 1 (with a check, as any function's), the passive items, and the start function's
   * call 1 (module_start, FE:6179-6190). */
  if (needed) *fuel = 1 + items + (m->has_start ? 1 : 0);
  return 0;
}
