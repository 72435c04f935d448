/* fuel_oracle.c: independent fuel oracle; counts wasmtime-39 fuel with one counter bump per costly instruction. */
/*
 * Usage: jmon-fuel-oracle IN.wasm -o OUT.wasm
 *
 * The output module has one extra mutable i64 global, exported as `jmon_fuel_count`, which
 * every function bumps by 1 on entry and again right before each instruction that costs 1
 * under wasmtime 39's rules (docs/fuel-model.md). Run it with tests/tools/fuel_oracle.mjs.
 *
 * This tool deliberately shares no code with the translator's fuel path: it does not use
 * basic blocks at all, only the module reader/writer (translator/wasm_module.h). Because it
 * bumps before each instruction, a trap in the middle of a block counts every instruction up
 * to and including the trapping one; wasmtime 39 reports less there (see docs/fuel-model.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translator/wasm_module.h"

/* Opcodes used below (binary encoding). Deliberately spelled out here rather than taken from
 * translator/wasm_opcodes.def: the oracle is the independent check on the translator's fuel
 * path, so it shares none of its tables. */
enum {
  OP_UNREACHABLE = 0x00, OP_NOP = 0x01, OP_BLOCK = 0x02, OP_LOOP = 0x03, OP_ELSE = 0x05,
  OP_END = 0x0b, OP_RETURN = 0x0f, OP_DROP = 0x1a, OP_GLOBAL_GET = 0x23, OP_GLOBAL_SET = 0x24,
  OP_I64_CONST = 0x42, OP_I64_ADD = 0x7c
};

/* Instructions in one counter bump: global.get $c; i64.const 1; i64.add; global.set $c. */
#define BUMP_LEN 4

static const char EXPORT_NAME[] = "jmon_fuel_count";

/*
 * wasmtime 39 `fuel_before_op` (crates/cranelift/src/func_environ.rs): nop, drop, block,
 * loop, unreachable, return, else and end cost 0; every other operator costs 1.
 * Written independently of the translator's cost table on purpose.
 */
static int oracle_cost(uint16_t opcode) {
  switch (opcode) {
  case OP_NOP: case OP_DROP: case OP_BLOCK: case OP_LOOP:
  case OP_UNREACHABLE: case OP_RETURN: case OP_ELSE: case OP_END:
    return 0;
  default:
    return 1;
  }
}

static void put_bump(jmon_instr_t *out, uint32_t global_index) {
  memset(out, 0, BUMP_LEN * sizeof *out);
  out[0].opcode = OP_GLOBAL_GET;
  out[0].imm.index = global_index;
  out[1].opcode = OP_I64_CONST;
  out[1].imm.i64 = 1;
  out[2].opcode = OP_I64_ADD;
  out[3].opcode = OP_GLOBAL_SET;
  out[3].imm.index = global_index;
}

/* Rewrites one body in place. @return 0, or -1 when out of memory (body unchanged). */
static int instrument_func(jmon_func_t *f, uint32_t global_index, long count_global, long count_offset) {
  size_t costly = 0;
  for (uint32_t i = 0; i < f->ninstrs; i++) {
    costly += (size_t)oracle_cost(f->instrs[i].opcode);
    if (count_global >= 0 && f->instrs[i].offset == (uint32_t)count_offset) costly++;
  }
  /* One bump for the entry, one before each costly instruction. */
  size_t n = f->ninstrs + (costly + 1) * BUMP_LEN;
  if (n > UINT32_MAX) return -1;
  jmon_instr_t *out = calloc(n, sizeof *out);
  if (!out) return -1;
  size_t k = 0;
  put_bump(out + k, global_index);
  k += BUMP_LEN;
  for (uint32_t i = 0; i < f->ninstrs; i++) {
    /* --count-at: count executions of the instruction at that file offset. */
    if (count_global >= 0 && f->instrs[i].offset == (uint32_t)count_offset) {
      put_bump(out + k, (uint32_t)count_global);
      k += BUMP_LEN;
    }
    if (oracle_cost(f->instrs[i].opcode)) {
      put_bump(out + k, global_index);
      k += BUMP_LEN;
    }
    /* Moved, not copied: br_table labels and select types now belong to `out`. */
    out[k++] = f->instrs[i];
  }
  free(f->instrs);
  f->instrs = out;
  f->ninstrs = (uint32_t)k;
  return 0;
}

/* Appends the counter global and its export. @return its absolute global index, or -1 on OOM. */
static long add_counter(jmon_wasm_module_t *m, const char *export_name) {
  jmon_instr_t *init = calloc(1, sizeof *init);
  if (!init) return -1;
  init->opcode = OP_I64_CONST;
  init->imm.i64 = 0;
  jmon_global_t *globals = realloc(m->globals, (m->nglobals + 1) * sizeof *globals);
  if (!globals) {
    free(init);
    return -1;
  }
  m->globals = globals;
  /* Appending keeps every existing global index: defined globals follow the imported ones. */
  long index = (long)m->nimported_globals + m->nglobals;
  jmon_global_t *g = &m->globals[m->nglobals++];
  memset(g, 0, sizeof *g);
  g->valtype = JMON_I64;
  g->mutable_ = 1;
  g->init.ninstrs = 1;
  g->init.instrs = init;

  size_t name_len = strlen(export_name);
  char *name = malloc(name_len + 1);
  if (!name) return -1;
  memcpy(name, export_name, name_len + 1);
  jmon_export_t *exports = realloc(m->exports, (m->nexports + 1) * sizeof *exports);
  if (!exports) {
    free(name);
    return -1;
  }
  m->exports = exports;
  jmon_export_t *e = &m->exports[m->nexports++];
  memset(e, 0, sizeof *e);
  e->name = name;
  e->name_len = (uint32_t)name_len;
  e->kind = JMON_EXT_GLOBAL;
  e->index = (uint32_t)index;
  return index;
}

static int usage(void) {
  fprintf(stderr, "usage: jmon-fuel-oracle IN.wasm -o OUT.wasm [--count-at FILE_OFFSET]\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  long count_offset = -1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) out = argv[++i];
    else if (strcmp(argv[i], "--count-at") == 0 && i + 1 < argc) count_offset = strtol(argv[++i], NULL, 0);
    else if (argv[i][0] == '-' && argv[i][1] != '\0') return usage();
    else if (!in) in = argv[i];
    else return usage();
  }
  if (!in || !out) return usage();

  int rc = 1;
  jmon_wasm_module_t m;
  memset(&m, 0, sizeof m);
  jmon_wasm_error_t err;
  jmon_wasm_status_t st = jmon_wasm_read_file(in, &m, &err);
  if (st != JMON_WASM_OK) {
    fprintf(stderr, "jmon-fuel-oracle: error: %s: offset 0x%zx: %s\n", in, err.offset, err.message);
    goto fail;
  }
  if (jmon_wasm_find_export(&m, JMON_EXT_GLOBAL, EXPORT_NAME)) {
    fprintf(stderr, "jmon-fuel-oracle: error: %s: already exports %s\n", in, EXPORT_NAME);
    goto fail;
  }
  long counter = add_counter(&m, EXPORT_NAME);
  if (counter < 0) goto oom;
  long count_global = -1;
  if (count_offset >= 0 && (count_global = add_counter(&m, "jmon_count_at")) < 0) goto oom;
  for (uint32_t i = 0; i < m.nfuncs; i++) {
    if (instrument_func(&m.funcs[i], (uint32_t)counter, count_global, count_offset) != 0) goto oom;
  }
  st = jmon_wasm_write_file(&m, out, &err);
  if (st != JMON_WASM_OK) {
    fprintf(stderr, "jmon-fuel-oracle: error: %s: %s\n", out, err.message);
    goto fail;
  }
  rc = 0;
  goto fail;
oom:
  fprintf(stderr, "jmon-fuel-oracle: error: out of memory\n");
fail:
  jmon_wasm_free(&m);
  return rc;
}
