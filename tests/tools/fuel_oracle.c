/* fuel_oracle.c: independent fuel oracle; counts wasmtime-39 (or -46) fuel with one counter bump per costly instruction. */
/*
 * Usage: jmon-fuel-oracle IN.wasm -o OUT.wasm [--model wasmtime39|wasmtime46]
 *
 * The output module has one extra mutable i64 global, exported as `jmon_fuel_count`, which
 * every function bumps by 1 on entry and again right before each instruction that costs 1
 * under wasmtime 39's rules (docs/fuel-model.md). Run it with tests/tools/fuel_oracle.mjs.
 *
 * This tool deliberately shares no code with the translator's fuel path: it does not use
 * basic blocks at all, only the module reader/writer (translator/wasm_module.h). Because it
 * bumps before each instruction, a trap in the middle of a block counts every instruction up
 * to and including the trapping one; wasmtime 39 reports less there (see docs/fuel-model.md).
 *
 * --model wasmtime46 (docs/fuel-model.md §7, wasmtime v46.0.0): after each memory.init/copy/fill
 * and table.init/copy/fill that completes, the counter also gets its length operand (kept in a
 * scratch global on the way in); after a table.grow that did not fail (result != -1), its delta.
 * The counter starts at the start-up cost: 1 + 1 per operator of passive element item
 * expressions + 1 when there is a start function, if the module has a start function or a
 * passive element segment, else 0. No buffers, no checks: a failing table.grow keeps its cost
 * here (wasmtime 46 drops the fuel it had buffered).
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
  OP_I64_CONST = 0x42, OP_I64_ADD = 0x7c,
  OP_IF = 0x04, OP_I32_CONST = 0x41, OP_I32_NE = 0x47, OP_I64_EXTEND_I32_U = 0xad,
  OP_MEMORY_INIT = 0xfc08, OP_MEMORY_COPY = 0xfc0a, OP_MEMORY_FILL = 0xfc0b,
  OP_TABLE_INIT = 0xfc0c, OP_TABLE_COPY = 0xfc0e, OP_TABLE_GROW = 0xfc0f, OP_TABLE_FILL = 0xfc11
};

/* wasmtime 46 length-charged operators: 1 = add the length when done, 2 = table.grow. */
static int sized_op(uint16_t opcode) {
  switch (opcode) {
  case OP_MEMORY_INIT: case OP_MEMORY_COPY: case OP_MEMORY_FILL:
  case OP_TABLE_INIT: case OP_TABLE_COPY: case OP_TABLE_FILL:
    return 1;
  case OP_TABLE_GROW:
    return 2;
  default:
    return 0;
  }
}

/* Scratch globals of the wasmtime 46 model: the length on the way in, table.grow's result. */
typedef struct { int on; uint32_t len, res; } model46_t;

/* Instructions added around a sized operator: before 2, after 5 (+ 7 for table.grow's test). */
#define SIZED_BEFORE 2
#define SIZED_AFTER 5
#define GROW_EXTRA 7

static jmon_instr_t instr(uint16_t opcode, uint32_t index) {
  jmon_instr_t in;
  memset(&in, 0, sizeof in);
  in.opcode = opcode;
  in.imm.index = index;
  return in;
}

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
static int instrument_func(jmon_func_t *f, uint32_t global_index, long count_global, long count_offset,
                           const model46_t *m46) {
  size_t costly = 0, sized = 0;
  for (uint32_t i = 0; i < f->ninstrs; i++) {
    costly += (size_t)oracle_cost(f->instrs[i].opcode);
    if (count_global >= 0 && f->instrs[i].offset == (uint32_t)count_offset) costly++;
    if (m46->on && sized_op(f->instrs[i].opcode)) sized += SIZED_BEFORE + SIZED_AFTER + GROW_EXTRA;
  }
  /* One bump for the entry, one before each costly instruction. */
  size_t n = f->ninstrs + (costly + 1) * BUMP_LEN + sized;
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
    int sz = m46->on ? sized_op(f->instrs[i].opcode) : 0;
    if (sz) {   /* keep the length: global.set $len; global.get $len */
      out[k++] = instr(OP_GLOBAL_SET, m46->len);
      out[k++] = instr(OP_GLOBAL_GET, m46->len);
    }
    /* Moved, not copied: br_table labels and select types now belong to `out`. */
    out[k++] = f->instrs[i];
    if (sz == 2) {   /* table.grow: only when the result is not -1 */
      out[k++] = instr(OP_GLOBAL_SET, m46->res);
      out[k++] = instr(OP_GLOBAL_GET, m46->res);
      out[k++] = instr(OP_GLOBAL_GET, m46->res);
      out[k] = instr(OP_I32_CONST, 0);
      out[k++].imm.i32 = -1;
      out[k++] = instr(OP_I32_NE, 0);
      out[k] = instr(OP_IF, 0);
      out[k++].imm.block_type = -64;
    }
    if (sz) {   /* counter += length */
      out[k++] = instr(OP_GLOBAL_GET, global_index);
      out[k++] = instr(OP_GLOBAL_GET, m46->len);
      out[k++] = instr(OP_I64_EXTEND_I32_U, 0);
      out[k++] = instr(OP_I64_ADD, 0);
      out[k++] = instr(OP_GLOBAL_SET, global_index);
    }
    if (sz == 2) out[k++] = instr(OP_END, 0);
  }
  free(f->instrs);
  f->instrs = out;
  f->ninstrs = (uint32_t)k;
  return 0;
}

/* Appends the counter global and its export. @return its absolute global index, or -1 on OOM. */
/* Append a mutable global of `valtype` initialised by `opcode` with i64 immediate `start`.
 * @return its absolute index, or -1 on OOM. */
static long add_global(jmon_wasm_module_t *m, uint8_t valtype, uint16_t opcode, int64_t start) {
  jmon_instr_t *init = calloc(1, sizeof *init);
  if (!init) return -1;
  init->opcode = opcode;
  init->imm.i64 = start;
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
  g->valtype = valtype;
  g->mutable_ = 1;
  g->init.ninstrs = 1;
  g->init.instrs = init;
  return index;
}

static long add_counter(jmon_wasm_module_t *m, const char *export_name, int64_t start) {
  long index = add_global(m, JMON_I64, OP_I64_CONST, start);
  if (index < 0) return -1;
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

/* A mutable i32 global, not exported. @return its absolute index, or -1 on OOM. */
static long add_scratch(jmon_wasm_module_t *m) { return add_global(m, JMON_I32, OP_I32_CONST, 0); }

/* wasmtime 46's instantiation cost as this oracle reads the notes (docs/fuel-model.md §7). */
static int64_t startup_cost(const jmon_wasm_module_t *m) {
  int64_t items = 0;
  int passive = 0;
  for (uint32_t e = 0; e < m->nelems; e++) {
    if (m->elems[e].flags != 1 && m->elems[e].flags != 5) continue;
    passive = 1;
    if (m->elems[e].exprs)
      for (uint32_t k = 0; k < m->elems[e].nitems; k++) items += m->elems[e].exprs[k].ninstrs;
  }
  if (!passive && !m->has_start) return 0;
  return 1 + items + (m->has_start ? 1 : 0);
}

static int usage(void) {
  fprintf(stderr, "usage: jmon-fuel-oracle IN.wasm -o OUT.wasm [--count-at FILE_OFFSET] [--model wasmtime39|wasmtime46]\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  long count_offset = -1;
  model46_t m46 = {0, 0, 0};
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) out = argv[++i];
    else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
      const char *v = argv[++i];
      if (strcmp(v, "wasmtime46") == 0) m46.on = 1;
      else if (strcmp(v, "wasmtime39") != 0) return usage();
    }
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
  long counter = add_counter(&m, EXPORT_NAME, m46.on ? startup_cost(&m) : 0);
  if (counter < 0) goto oom;
  long count_global = -1;
  if (count_offset >= 0 && (count_global = add_counter(&m, "jmon_count_at", 0)) < 0) goto oom;
  if (m46.on) {
    long len = add_scratch(&m), res = add_scratch(&m);
    if (len < 0 || res < 0) goto oom;
    m46.len = (uint32_t)len;
    m46.res = (uint32_t)res;
  }
  for (uint32_t i = 0; i < m.nfuncs; i++) {
    if (instrument_func(&m.funcs[i], (uint32_t)counter, count_global, count_offset, &m46) != 0) goto oom;
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
