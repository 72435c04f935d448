/* fuel_pass.c: insert wasmtime-39 fuel probes into a function body (rules in fuel_pass.h). */
#include "fuel_pass.h"

#include "wasm_opcodes.h"

#include <stdlib.h>
#include <string.h>

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
