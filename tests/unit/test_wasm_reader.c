/* test_wasm_reader.c: cmocka tests of LEB128 decoding and the wasm reader (valid, malformed, truncated). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "leb128.h"
#include "wasm_module.h"
#include "wasm_opcodes.h"
#include "wasm_test_util.h"

/* ---- LEB128 ---------------------------------------------------------------------------------- */

typedef struct {
  const char *name;
  uint8_t bytes[12];
  size_t len;
  unsigned bits;
  bool is_signed;
  jmon_leb128_status_t status;
  int64_t value;    /* expected value (unsigned values cast) */
  size_t consumed;  /* bytes read on success */
  size_t err_pos;   /* offset of the offending byte on failure */
} leb_case_t;

static const leb_case_t leb_cases[] = {
    {"u32 zero", {0x00}, 1, 32, false, JMON_LEB128_OK, 0, 1, 0},
    {"u32 127", {0x7f}, 1, 32, false, JMON_LEB128_OK, 127, 1, 0},
    {"u32 128", {0x80, 0x01}, 2, 32, false, JMON_LEB128_OK, 128, 2, 0},
    {"u32 non-canonical zero", {0x80, 0x80, 0x00}, 3, 32, false, JMON_LEB128_OK, 0, 3, 0},
    {"u32 max", {0xff, 0xff, 0xff, 0xff, 0x0f}, 5, 32, false, JMON_LEB128_OK, 0xffffffff, 5, 0},
    {"u32 padded 5 bytes", {0x85, 0x80, 0x80, 0x80, 0x00}, 5, 32, false, JMON_LEB128_OK, 5, 5, 0},
    {"u32 overflow", {0xff, 0xff, 0xff, 0xff, 0x1f}, 5, 32, false, JMON_LEB128_OVERFLOW, 0, 0, 4},
    {"u32 too long", {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 6, 32, false, JMON_LEB128_TOO_LONG, 0, 0, 4},
    {"u32 empty", {0}, 0, 32, false, JMON_LEB128_TRUNCATED, 0, 0, 0},
    {"u32 truncated", {0x80, 0x80}, 2, 32, false, JMON_LEB128_TRUNCATED, 0, 0, 2},
    {"u32 stops at buffer end", {0xff, 0xff, 0xff, 0xff}, 4, 32, false, JMON_LEB128_TRUNCATED, 0, 0, 4},
    {"u64 max", {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 10, 64, false,
     JMON_LEB128_OK, -1, 10, 0},
    {"u64 overflow", {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, 10, 64, false,
     JMON_LEB128_OVERFLOW, 0, 0, 9},
    {"s32 -1", {0x7f}, 1, 32, true, JMON_LEB128_OK, -1, 1, 0},
    {"s32 63", {0x3f}, 1, 32, true, JMON_LEB128_OK, 63, 1, 0},
    {"s32 64", {0xc0, 0x00}, 2, 32, true, JMON_LEB128_OK, 64, 2, 0},
    {"s32 -64", {0x40}, 1, 32, true, JMON_LEB128_OK, -64, 1, 0},
    {"s32 -65", {0xbf, 0x7f}, 2, 32, true, JMON_LEB128_OK, -65, 2, 0},
    {"s32 min", {0x80, 0x80, 0x80, 0x80, 0x78}, 5, 32, true, JMON_LEB128_OK, INT32_MIN, 5, 0},
    {"s32 max", {0xff, 0xff, 0xff, 0xff, 0x07}, 5, 32, true, JMON_LEB128_OK, INT32_MAX, 5, 0},
    {"s32 overflow positive", {0xff, 0xff, 0xff, 0xff, 0x0f}, 5, 32, true, JMON_LEB128_OVERFLOW, 0, 0, 4},
    {"s32 overflow negative", {0x80, 0x80, 0x80, 0x80, 0x70}, 5, 32, true, JMON_LEB128_OVERFLOW, 0, 0, 4},
    {"s32 too long", {0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, 6, 32, true, JMON_LEB128_TOO_LONG, 0, 0, 4},
    {"s32 truncated", {0xff}, 1, 32, true, JMON_LEB128_TRUNCATED, 0, 0, 1},
    {"s33 empty block type", {0x40}, 1, 33, true, JMON_LEB128_OK, -64, 1, 0},
    {"s33 type index 200", {0xc8, 0x01}, 2, 33, true, JMON_LEB128_OK, 200, 2, 0},
    {"s33 max", {0xff, 0xff, 0xff, 0xff, 0x0f}, 5, 33, true, JMON_LEB128_OK, 0xffffffffLL, 5, 0},
    {"s33 overflow", {0xff, 0xff, 0xff, 0xff, 0x1f}, 5, 33, true, JMON_LEB128_OVERFLOW, 0, 0, 4},
    {"s64 min", {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}, 10, 64, true,
     JMON_LEB128_OK, INT64_MIN, 10, 0},
    {"s64 max", {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00}, 10, 64, true,
     JMON_LEB128_OK, INT64_MAX, 10, 0},
    {"s64 overflow", {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 10, 64, true,
     JMON_LEB128_OVERFLOW, 0, 0, 9},
    {"s64 too long", {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 11, 64, true,
     JMON_LEB128_TOO_LONG, 0, 0, 9},
};

static void test_leb128_read_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof leb_cases / sizeof leb_cases[0]; i++) {
    const leb_case_t *c = &leb_cases[i];
    size_t pos = 0, err_pos = 12345;
    jmon_leb128_status_t st;
    int64_t value = 0;
    if (c->is_signed) {
      st = jmon_leb128_read_s(c->bytes, c->len, &pos, c->bits, &value, &err_pos);
    } else {
      uint64_t u = 0;
      st = jmon_leb128_read_u(c->bytes, c->len, &pos, c->bits, &u, &err_pos);
      value = (int64_t)u;
    }
    if (st != c->status) fail_msg("%s: status %d, expected %d", c->name, st, c->status);
    if (st == JMON_LEB128_OK) {
      if (value != c->value) fail_msg("%s: value %lld, expected %lld", c->name, (long long)value, (long long)c->value);
      if (pos != c->consumed) fail_msg("%s: consumed %zu, expected %zu", c->name, pos, c->consumed);
    } else {
      if (pos != 0) fail_msg("%s: position moved on failure", c->name);
      if (err_pos != c->err_pos) fail_msg("%s: error at %zu, expected %zu", c->name, err_pos, c->err_pos);
    }
  }
}

static void test_leb128_read_at_offset(void **state) {
  (void)state;
  /* Error positions are offsets in the whole buffer, not relative to the start position. */
  const uint8_t buf[] = {0xaa, 0xbb, 0x80, 0x80};
  size_t pos = 2, err_pos = 0;
  uint64_t v;
  assert_int_equal(jmon_leb128_read_u(buf, sizeof buf, &pos, 32, &v, &err_pos), JMON_LEB128_TRUNCATED);
  assert_int_equal(err_pos, 4);
  assert_int_equal(pos, 2);
  assert_string_equal(jmon_leb128_strerror(JMON_LEB128_TRUNCATED), "truncated LEB128");
}

/* ---- a hand-built module with every section ---------------------------------------------- */

/* Builds the module documented in wasm_test_util.h and checks each decoded field. */
static void test_read_all_sections(void **state) {
  (void)state;
  wasm_buf_t b;
  build_full_module(&b);
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  assert_int_equal(read_copy(b.bytes, b.len, &m, &err), JMON_WASM_OK);

  assert_int_equal(m.ntypes, 2);
  assert_int_equal(m.types[0].nparams, 2);
  assert_int_equal(m.types[0].params[0], JMON_I32);
  assert_int_equal(m.types[0].params[1], JMON_I64);
  assert_int_equal(m.types[0].nresults, 1);
  assert_int_equal(m.types[0].results[0], JMON_F32);
  assert_int_equal(m.types[1].nparams, 0);
  assert_int_equal(m.types[1].nresults, 0);

  assert_int_equal(m.nimports, 3);
  assert_string_equal(m.imports[0].module, "env");
  assert_string_equal(m.imports[0].name, "f");
  assert_int_equal(m.imports[0].kind, JMON_EXT_FUNC);
  assert_int_equal(m.imports[0].type_index, 1);
  assert_int_equal(m.imports[1].kind, JMON_EXT_MEMORY);
  assert_true(m.imports[1].limits.has_max);
  assert_int_equal(m.imports[1].limits.min, 1);
  assert_int_equal(m.imports[1].limits.max, 2);
  assert_int_equal(m.imports[2].kind, JMON_EXT_GLOBAL);
  assert_int_equal(m.imports[2].valtype, JMON_I32);
  assert_int_equal(m.imports[2].mutable_, 0);
  assert_int_equal(m.nimported_funcs, 1);
  assert_int_equal(m.nimported_memories, 1);
  assert_int_equal(m.nimported_globals, 1);
  assert_int_equal(m.nimported_tables, 0);

  assert_int_equal(m.nfuncs, 2);
  assert_int_equal(m.funcs[0].type_index, 0);
  assert_int_equal(m.funcs[1].type_index, 1);
  assert_ptr_equal(jmon_wasm_func_type(&m, 0), &m.types[1]);
  assert_ptr_equal(jmon_wasm_func_type(&m, 1), &m.types[0]);
  assert_ptr_equal(jmon_wasm_func_type(&m, 2), &m.types[1]);
  assert_null(jmon_wasm_func_type(&m, 3));

  assert_int_equal(m.ntables, 1);
  assert_int_equal(m.tables[0].elem_type, JMON_FUNCREF);
  assert_false(m.tables[0].limits.has_max);
  assert_int_equal(m.tables[0].limits.min, 2);
  assert_int_equal(m.nmemories, 0);

  assert_int_equal(m.nglobals, 1);
  assert_int_equal(m.globals[0].valtype, JMON_I64);
  assert_int_equal(m.globals[0].mutable_, 1);
  assert_int_equal(m.globals[0].init.ninstrs, 1);
  assert_int_equal(m.globals[0].init.instrs[0].opcode, 0x42);
  assert_int_equal(m.globals[0].init.instrs[0].imm.i64, -1);

  assert_int_equal(m.nexports, 1);
  const jmon_export_t *e = jmon_wasm_find_export(&m, JMON_EXT_FUNC, "run");
  assert_non_null(e);
  assert_int_equal(e->index, 2);
  assert_null(jmon_wasm_find_export(&m, JMON_EXT_MEMORY, "run"));
  assert_true(m.has_start);
  assert_int_equal(m.start_func, 2);

  assert_int_equal(m.nelems, 1);
  assert_int_equal(m.elems[0].flags, 0);
  assert_int_equal(m.elems[0].offset.ninstrs, 1);
  assert_int_equal(m.elems[0].offset.instrs[0].imm.i32, 0);
  assert_int_equal(m.elems[0].nitems, 2);
  assert_int_equal(m.elems[0].func_indices[0], 1);
  assert_int_equal(m.elems[0].func_indices[1], 2);

  assert_true(m.has_datacount);
  assert_int_equal(m.datacount, 1);

  /* Function 1: locals (2 x f64), local.get 0, drop, local.get 3, drop, f32.const 1.5, end. */
  const jmon_func_t *f = &m.funcs[0];
  assert_int_equal(f->nlocal_groups, 1);
  assert_int_equal(f->locals[0].count, 2);
  assert_int_equal(f->locals[0].type, JMON_F64);
  assert_int_equal(f->ninstrs, 6);
  assert_int_equal(f->instrs[0].opcode, 0x20);
  assert_int_equal(f->instrs[2].imm.index, 3);
  assert_int_equal(f->instrs[4].opcode, 0x43);
  assert_int_equal(f->instrs[4].imm.f32_bits, 0x3fc00000);
  assert_int_equal(f->instrs[5].opcode, 0x0b);
  assert_int_equal(f->code_offset, f->body_offset + 4);
  assert_int_equal(f->instrs[0].offset, f->code_offset);
  assert_int_equal(b.bytes[f->instrs[4].offset], 0x43);

  /* Function 2: block (result i32) i32.const 5 end drop; block; br_table; memory.init; data.drop. */
  f = &m.funcs[1];
  assert_int_equal(f->nlocal_groups, 0);
  assert_int_equal(f->instrs[0].opcode, 0x02);
  assert_int_equal(f->instrs[0].imm.block_type, -1);
  assert_int_equal(f->instrs[1].imm.i32, 5);
  assert_int_equal(f->instrs[4].imm.block_type, -64);
  assert_int_equal(f->instrs[6].opcode, 0x0e);
  assert_int_equal(f->instrs[6].imm.table.count, 1);
  assert_int_equal(f->instrs[6].imm.table.labels[0], 0);
  assert_int_equal(f->instrs[6].imm.table.labels[1], 0);
  assert_int_equal(f->instrs[11].opcode, 0xfc08);
  assert_int_equal(f->instrs[11].imm.pair.a, 0);
  assert_int_equal(f->instrs[11].imm.pair.b, 0);
  assert_int_equal(f->instrs[12].opcode, 0xfc09);
  assert_int_equal(f->instrs[13].opcode, 0x0b);
  assert_int_equal(f->ninstrs, 14);

  assert_int_equal(m.ndatas, 1);
  assert_int_equal(m.datas[0].flags, 1);
  assert_int_equal(m.datas[0].size, 2);
  assert_memory_equal(m.datas[0].bytes, "hi", 2);
  assert_int_equal(m.datas[0].bytes - m.input, m.datas[0].file_offset);

  assert_int_equal(m.ncustoms, 2);
  assert_string_equal(m.customs[0].name, "abc");
  assert_int_equal(m.customs[0].after_section, 0);
  assert_int_equal(m.customs[0].size, 0);
  const jmon_custom_t *c = jmon_wasm_find_custom(&m, "note");
  assert_non_null(c);
  assert_int_equal(c->after_section, JMON_SEC_DATA);
  assert_int_equal(c->size, 2);
  assert_memory_equal(c->bytes, "xy", 2);
  assert_null(jmon_wasm_find_custom(&m, "name"));

  assert_int_equal(m.nsection_order, 11);
  assert_int_equal(m.section_order[0], JMON_SEC_TYPE);
  assert_int_equal(m.section_order[8], JMON_SEC_DATACOUNT);
  assert_int_equal(m.section_order[9], JMON_SEC_CODE);
  assert_true(m.present[JMON_SEC_START]);
  assert_false(m.present[JMON_SEC_MEMORY]);
  jmon_wasm_free(&m);
  jmon_wasm_free(&m); /* safe on a zeroed module */
}

static void test_read_elem_forms(void **state) {
  (void)state;
  wasm_buf_t b;
  build_elem_forms_module(&b);
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  assert_int_equal(read_copy(b.bytes, b.len, &m, &err), JMON_WASM_OK);
  assert_int_equal(m.nelems, 8);
  for (uint32_t i = 0; i < 8; i++) assert_int_equal(m.elems[i].flags, i);
  /* Active forms carry offsets 0..3 in segment order 0, 2, 4, 6. */
  assert_int_equal(m.elems[0].offset.instrs[0].imm.i32, 0);
  assert_int_equal(m.elems[2].offset.instrs[0].imm.i32, 1);
  assert_int_equal(m.elems[4].offset.instrs[0].imm.i32, 2);
  assert_int_equal(m.elems[6].offset.instrs[0].imm.i32, 3);
  assert_int_equal(m.elems[1].offset.ninstrs, 0);
  assert_int_equal(m.elems[3].offset.ninstrs, 0);
  for (uint32_t i = 0; i < 4; i++) {
    assert_non_null(m.elems[i].func_indices);
    assert_null(m.elems[i].exprs);
    assert_int_equal(m.elems[i].nitems, 1);
    assert_int_equal(m.elems[i].func_indices[0], 0);
    assert_int_equal(m.elems[i].elem_kind, 0);
  }
  assert_int_equal(m.elems[4].nitems, 2);
  assert_int_equal(m.elems[4].exprs[0].instrs[0].opcode, 0xd2);
  assert_int_equal(m.elems[4].exprs[1].instrs[0].opcode, 0xd0);
  assert_int_equal(m.elems[4].exprs[1].instrs[0].imm.index, JMON_FUNCREF);
  assert_int_equal(m.elems[5].ref_type, JMON_FUNCREF);
  assert_int_equal(m.elems[6].ref_type, JMON_FUNCREF);
  assert_int_equal(m.elems[7].ref_type, JMON_FUNCREF);
  assert_int_equal(m.elems[7].exprs[0].instrs[0].opcode, 0xd2);
  assert_int_equal(m.elems[2].table_index, 0);
  assert_int_equal(m.elems[6].table_index, 0);

  assert_int_equal(m.ndatas, 3);
  assert_int_equal(m.datas[0].flags, 0);
  assert_int_equal(m.datas[1].flags, 1);
  assert_int_equal(m.datas[2].flags, 2);
  assert_int_equal(m.datas[2].memory_index, 0);
  assert_int_equal(m.datas[2].offset.instrs[0].imm.i32, 1);
  assert_memory_equal(m.datas[1].bytes, "b", 1);
  jmon_wasm_free(&m);
}

/* ---- malformed modules -------------------------------------------------------------------- */

typedef struct {
  const char *name;
  uint8_t bytes[48];
  size_t len;
  jmon_wasm_status_t status;
  size_t offset;
  const char *message;  /* substring of the message */
} module_case_t;

#define HDR 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00

static const module_case_t module_cases[] = {
    {"empty file", {0}, 0, JMON_WASM_ERR_TRUNCATED, 0, "truncated header"},
    {"magic only", {0x00, 0x61, 0x73, 0x6d}, 4, JMON_WASM_ERR_TRUNCATED, 4, "truncated header"},
    {"bad magic", {0x00, 0x61, 0x73, 0x78, 1, 0, 0, 0}, 8, JMON_WASM_ERR_MALFORMED, 3, "bad magic"},
    {"text file", {'(', 'm', 'o', 'd'}, 4, JMON_WASM_ERR_MALFORMED, 0, "bad magic"},
    {"bad version", {0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0}, 8, JMON_WASM_ERR_MALFORMED, 4, "version"},
    {"component", {0x00, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0}, 8, JMON_WASM_ERR_UNSUPPORTED, 4, "component"},
    {"section id only", {HDR, 0x01}, 9, JMON_WASM_ERR_TRUNCATED, 9, "truncated LEB128"},
    {"section size too long", {HDR, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f}, 15, JMON_WASM_ERR_MALFORMED, 13,
     "too long"},
    {"oversized section", {HDR, 0x01, 0xff, 0xff, 0xff, 0x0f, 0x00}, 14, JMON_WASM_ERR_TRUNCATED, 9,
     "section 1 extends past end of file"},
    {"code section past end", {HDR, 0x0a, 0x05, 0x00}, 11, JMON_WASM_ERR_TRUNCATED, 9,
     "section 10 extends past end of file"},
    {"unknown section", {HDR, 0x0e, 0x00}, 10, JMON_WASM_ERR_MALFORMED, 8, "unknown section id 14"},
    {"tag section", {HDR, 0x0d, 0x00}, 10, JMON_WASM_ERR_UNSUPPORTED, 8, "tag section"},
    {"duplicate section", {HDR, 0x01, 0x01, 0x00, 0x01, 0x01, 0x00}, 14, JMON_WASM_ERR_MALFORMED, 11,
     "duplicate section 1"},
    {"out of order", {HDR, 0x03, 0x01, 0x00, 0x01, 0x01, 0x00}, 14, JMON_WASM_ERR_MALFORMED, 11,
     "out of order"},
    {"datacount after code", {HDR, 0x0a, 0x01, 0x00, 0x0c, 0x01, 0x00}, 14, JMON_WASM_ERR_MALFORMED, 11,
     "out of order"},
    {"unused section bytes", {HDR, 0x01, 0x02, 0x00, 0x00}, 12, JMON_WASM_ERR_MALFORMED, 11,
     "section 1 has 1 unused bytes"},
    {"count past section", {HDR, 0x01, 0x01, 0x05, 0x03, 0x01, 0x00}, 14, JMON_WASM_ERR_MALFORMED, 10,
     "count 5 runs past end of section 1"},
    {"bad type form", {HDR, 0x01, 0x02, 0x01, 0x61}, 12, JMON_WASM_ERR_MALFORMED, 11, "type form"},
    {"v128 param", {HDR, 0x01, 0x05, 0x01, 0x60, 0x01, 0x7b, 0x00}, 15, JMON_WASM_ERR_UNSUPPORTED, 13,
     "v128"},
    {"bad value type", {HDR, 0x01, 0x05, 0x01, 0x60, 0x01, 0x55, 0x00}, 15, JMON_WASM_ERR_MALFORMED, 13,
     "invalid value type 0x55"},
    {"shared memory", {HDR, 0x05, 0x04, 0x01, 0x03, 0x01, 0x01}, 14, JMON_WASM_ERR_UNSUPPORTED, 11,
     "shared memory"},
    {"function without code", {HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00}, 18,
     JMON_WASM_ERR_TRUNCATED, 18, "without a code section"},
    {"code count mismatch", {HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b},
     20, JMON_WASM_ERR_MALFORMED, 16, "code section has 1 bodies"},
    {"function type index", {HDR, 0x03, 0x02, 0x01, 0x00}, 12, JMON_WASM_ERR_MALFORMED, 11,
     "type index 0 out of range"},
    {"export kind", {HDR, 0x07, 0x04, 0x01, 0x01, 'x', 0x09}, 14, JMON_WASM_ERR_MALFORMED, 13,
     "invalid export kind"},
};

static void test_malformed_modules(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof module_cases / sizeof module_cases[0]; i++) {
    const module_case_t *c = &module_cases[i];
    jmon_wasm_module_t m;
    jmon_wasm_error_t err;
    jmon_wasm_status_t st = read_copy(c->bytes, c->len, &m, &err);
    if (st != c->status)
      fail_msg("%s: status %d (%s), expected %d", c->name, st, err.message, c->status);
    if (err.offset != c->offset)
      fail_msg("%s: offset 0x%zx, expected 0x%zx (%s)", c->name, err.offset, c->offset, err.message);
    if (!strstr(err.message, c->message))
      fail_msg("%s: message \"%s\" lacks \"%s\"", c->name, err.message, c->message);
    assert_null(m.input); /* freed and zeroed on failure */
  }
}

typedef struct {
  const char *name;
  uint8_t body[16];  /* instructions after the (empty) local declarations */
  size_t len;
  jmon_wasm_status_t status;
  size_t offset;     /* relative to the first instruction */
  const char *message;
} body_case_t;

static const body_case_t body_cases[] = {
    {"unknown opcode", {0xff, 0x0b}, 2, JMON_WASM_ERR_MALFORMED, 0, "unknown opcode 0xff"},
    {"unknown after valid", {0x01, 0x01, 0x27, 0x0b}, 4, JMON_WASM_ERR_MALFORMED, 2, "unknown opcode 0x27"},
    {"SIMD", {0x41, 0x00, 0xfd, 0x0c, 0x0b}, 5, JMON_WASM_ERR_UNSUPPORTED, 2,
     "SIMD instruction (0xfd prefix) is not supported by wasm2c 1.0.32"},
    {"threads", {0xfe, 0x03, 0x00, 0x0b}, 4, JMON_WASM_ERR_UNSUPPORTED, 0, "threads"},
    {"exceptions", {0x06, 0x40, 0x0b, 0x0b}, 4, JMON_WASM_ERR_UNSUPPORTED, 0, "exception"},
    {"tail call", {0x12, 0x00, 0x0b}, 3, JMON_WASM_ERR_UNSUPPORTED, 0, "tail-call"},
    {"unknown 0xfc", {0xfc, 0x12, 0x0b}, 3, JMON_WASM_ERR_MALFORMED, 0, "unknown opcode 0xfc 0x12"},
    {"else without if", {0x05, 0x0b}, 2, JMON_WASM_ERR_MALFORMED, 0, "else without a matching if"},
    {"double else", {0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0b, 0x0b}, 8, JMON_WASM_ERR_MALFORMED, 5,
     "else without"},
    {"missing end", {0x01}, 1, JMON_WASM_ERR_MALFORMED, 1, "ends before its final end"},
    {"unbalanced block", {0x02, 0x40, 0x0b}, 3, JMON_WASM_ERR_MALFORMED, 3, "ends before its final end"},
    {"bytes after end", {0x0b, 0x01}, 2, JMON_WASM_ERR_MALFORMED, 1, "1 bytes after its final end"},
    {"branch depth", {0x0c, 0x01, 0x0b}, 3, JMON_WASM_ERR_MALFORMED, 1, "branch depth 1"},
    {"br_table depth", {0x41, 0x00, 0x0e, 0x01, 0x00, 0x02, 0x0b}, 7, JMON_WASM_ERR_MALFORMED, 5,
     "branch depth 2"},
    {"local index", {0x20, 0x00, 0x1a, 0x0b}, 4, JMON_WASM_ERR_MALFORMED, 1, "local index 0"},
    {"function index", {0x10, 0x05, 0x0b}, 3, JMON_WASM_ERR_MALFORMED, 1, "function index 5"},
    {"global index", {0x23, 0x00, 0x1a, 0x0b}, 4, JMON_WASM_ERR_MALFORMED, 1, "global index 0"},
    {"block type index", {0x02, 0x07, 0x0b, 0x0b}, 4, JMON_WASM_ERR_MALFORMED, 1, "type index 7"},
    {"truncated const", {0x41, 0x80}, 2, JMON_WASM_ERR_MALFORMED, 2, "truncated LEB128 at end of function body"},
    {"i32 overflow", {0x41, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1a, 0x0b}, 8, JMON_WASM_ERR_MALFORMED, 5,
     "does not fit"},
    {"f64 past end", {0x44, 0x00, 0x00}, 3, JMON_WASM_ERR_MALFORMED, 3, "ends before its final end"},
    {"typed select v128", {0x1c, 0x01, 0x7b, 0x0b}, 4, JMON_WASM_ERR_UNSUPPORTED, 2, "v128"},
    {"typed select arity", {0x1c, 0x02, 0x7f, 0x7f, 0x0b}, 5, JMON_WASM_ERR_MALFORMED, 1, "exactly 1"},
    {"ref.null type", {0xd0, 0x7f, 0x1a, 0x0b}, 4, JMON_WASM_ERR_MALFORMED, 1, "reference type"},
    {"data.drop without datacount", {0xfc, 0x09, 0x00, 0x0b}, 4, JMON_WASM_ERR_MALFORMED, 2,
     "data count"},
    {"multi-memory size", {0x3f, 0x01, 0x1a, 0x0b}, 4, JMON_WASM_ERR_UNSUPPORTED, 1, "multiple memories"},
};

static void test_malformed_bodies(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof body_cases / sizeof body_cases[0]; i++) {
    const body_case_t *c = &body_cases[i];
    wasm_buf_t b;
    size_t code_at = build_one_body_module(&b, c->body, c->len);
    jmon_wasm_module_t m;
    jmon_wasm_error_t err;
    jmon_wasm_status_t st = read_copy(b.bytes, b.len, &m, &err);
    if (st != c->status)
      fail_msg("%s: status %d (%s), expected %d", c->name, st, err.message, c->status);
    if (err.offset != code_at + c->offset)
      fail_msg("%s: offset 0x%zx, expected 0x%zx (%s)", c->name, err.offset, code_at + c->offset,
               err.message);
    if (!strstr(err.message, c->message))
      fail_msg("%s: message \"%s\" lacks \"%s\"", c->name, err.message, c->message);
  }
}

/* The body builder itself must produce a valid module. */
static void test_one_body_module_valid(void **state) {
  (void)state;
  const uint8_t body[] = {0x41, 0x00, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0b, 0x0b};
  wasm_buf_t b;
  build_one_body_module(&b, body, sizeof body);
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  assert_int_equal(read_copy(b.bytes, b.len, &m, &err), JMON_WASM_OK);
  assert_int_equal(m.funcs[0].ninstrs, 7);
  jmon_wasm_free(&m);
}

/* ---- truncation and garbage ---------------------------------------------------------------- */

/* Every prefix of a valid module either is itself a valid module (it ends between sections)
 * or fails with an offset inside the prefix; nothing may crash or leak. */
static void check_prefixes(const uint8_t *bytes, size_t len) {
  for (size_t n = 0; n < len; n++) {
    jmon_wasm_module_t m;
    jmon_wasm_error_t err;
    jmon_wasm_status_t st = read_copy(bytes, n, &m, &err);
    if (st == JMON_WASM_OK) {
      uint8_t *out;
      size_t out_size;
      assert_int_equal(jmon_wasm_write(&m, &out, &out_size, &err), JMON_WASM_OK);
      if (out_size != n || memcmp(out, bytes, n) != 0)
        fail_msg("prefix %zu decodes but does not re-encode to itself", n);
      free(out);
      jmon_wasm_free(&m);
      continue;
    }
    if (err.offset > n) fail_msg("prefix %zu: error offset 0x%zx beyond the input", n, err.offset);
    if (err.message[0] == '\0') fail_msg("prefix %zu: empty message", n);
    if (st != JMON_WASM_ERR_TRUNCATED && st != JMON_WASM_ERR_MALFORMED)
      fail_msg("prefix %zu: status %d (%s)", n, st, err.message);
  }
}

static void test_truncated_prefixes(void **state) {
  (void)state;
  wasm_buf_t b;
  build_full_module(&b);
  check_prefixes(b.bytes, b.len);
  build_elem_forms_module(&b);
  check_prefixes(b.bytes, b.len);
}

/* The same for the modules make assembles from tests/wat/unit (all instruction kinds). */
static void test_truncated_wat_prefixes(void **state) {
  (void)state;
  const char *dir = getenv("JMON_TEST_WASM_DIR");
  if (!dir) skip();
  static const char *const names[] = {"control.wasm", "bulk_ref.wasm", "numeric.wasm", "names.wasm"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    jmon_wasm_module_t m;
    jmon_wasm_error_t err;
    if (jmon_wasm_read_file(path, &m, &err) != JMON_WASM_OK) fail_msg("%s: %s", path, err.message);
    check_prefixes(m.input, m.input_size);
    jmon_wasm_free(&m);
  }
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)rng_state;
}

static void check_any_input(const uint8_t *bytes, size_t len) {
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  jmon_wasm_status_t st = read_copy(bytes, len, &m, &err);
  if (st == JMON_WASM_OK) {
    /* Whatever decodes must encode, and what it encodes to must decode again. */
    uint8_t *out;
    size_t out_size;
    assert_int_equal(jmon_wasm_write(&m, &out, &out_size, &err), JMON_WASM_OK);
    jmon_wasm_module_t again;
    assert_int_equal(jmon_wasm_read(out, out_size, &again, &err), JMON_WASM_OK);
    jmon_wasm_free(&again);
    jmon_wasm_free(&m);
    return;
  }
  if (err.offset > len) fail_msg("error offset 0x%zx beyond input of %zu bytes", err.offset, len);
  if (err.message[0] == '\0') fail_msg("empty error message");
}

static void test_garbage(void **state) {
  (void)state;
  uint8_t buf[256];
  for (int iter = 0; iter < 3000; iter++) {
    size_t len = rng() % sizeof buf;
    for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)rng();
    /* Half the inputs get a valid header so the section parsers see the garbage. */
    if (iter % 2 && len >= 8) memcpy(buf, "\0asm\1\0\0\0", 8);
    check_any_input(buf, len);
  }
}

static void test_mutations(void **state) {
  (void)state;
  wasm_buf_t b, mutated;
  const wasm_buf_t *bases[2];
  wasm_buf_t full, elems;
  build_full_module(&full);
  build_elem_forms_module(&elems);
  bases[0] = &full;
  bases[1] = &elems;
  for (int iter = 0; iter < 6000; iter++) {
    b = *bases[iter % 2];
    mutated = b;
    int flips = 1 + (int)(rng() % 3);
    for (int k = 0; k < flips; k++) {
      size_t at = 8 + rng() % (b.len - 8);
      mutated.bytes[at] = (uint8_t)rng();
    }
    check_any_input(mutated.bytes, mutated.len);
  }
}

/* ---- files ---------------------------------------------------------------------------------- */

static void test_read_file_errors(void **state) {
  (void)state;
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  assert_int_equal(jmon_wasm_read_file("/nonexistent/x.wasm", &m, &err), JMON_WASM_ERR_IO);
  assert_int_equal(err.status, JMON_WASM_ERR_IO);
  assert_non_null(strstr(err.message, "cannot open"));
  assert_string_equal(jmon_wasm_strerror(JMON_WASM_ERR_UNSUPPORTED), "unsupported feature");
}

static void test_opcode_names(void **state) {
  (void)state;
  static const struct { uint16_t op; const char *name; } names[] = {
      {0x00, "unreachable"}, {0x0e, "br_table"},      {0x11, "call_indirect"},
      {0x1c, "select"},      {0x2d, "i32.load8_u"},   {0x3e, "i64.store32"},
      {0x41, "i32.const"},   {0x45, "i32.eqz"},       {0x8a, "i64.rotr"},
      {0xa6, "f64.copysign"}, {0xbf, "f64.reinterpret_i64"}, {0xc4, "i64.extend32_s"},
      {0xd0, "ref.null"},    {0xd2, "ref.func"},      {0xfc00, "i32.trunc_sat_f32_s"},
      {0xfc07, "i64.trunc_sat_f64_u"}, {0xfc08, "memory.init"}, {0xfc0b, "memory.fill"},
      {0xfc0e, "table.copy"}, {0xfc11, "table.fill"}, {0x27, "unknown"},
      {0xfd, "unknown"},     {0xfc12, "unknown"},     {0xfe00, "unknown"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    assert_string_equal(jmon_wasm_opcode_name(names[i].op), names[i].name);
}

/* wasm_opcodes.def's other columns, from the spec's instruction types: [pops] -> [pushes], and
 * the bytes of a load/store's access. */
static void test_opcode_facts(void **state) {
  (void)state;
  enum { VARIES = -1 };
  static const struct { uint16_t op; jmon_wasm_imm_t imm; int pops, pushes; unsigned access; } rows[] = {
      {JMON_OP_NOP, JMON_IMM_NONE, 0, 0, 0},
      {0x0d /* br_if */, JMON_IMM_LABEL, 1, 0, 0},
      {0x10 /* call */, JMON_IMM_FUNC, VARIES, VARIES, 0},
      {0x02 /* block */, JMON_IMM_BLOCK, VARIES, VARIES, 0},
      {0x1b /* select */, JMON_IMM_NONE, 3, 1, 0},
      {0x2d /* i32.load8_u */, JMON_IMM_MEMARG, 1, 1, 1},
      {0x29 /* i64.load */, JMON_IMM_MEMARG, 1, 1, 8},
      {0x3b /* i32.store16 */, JMON_IMM_MEMARG, 2, 0, 2},
      {0x3e /* i64.store32 */, JMON_IMM_MEMARG, 2, 0, 4},
      {0x40 /* memory.grow */, JMON_IMM_MEMORY, 1, 1, 0},
      {0x42 /* i64.const */, JMON_IMM_I64, 0, 1, 0},
      {0x50 /* i64.eqz */, JMON_IMM_NONE, 1, 1, 0},
      {0x66 /* f64.ge */, JMON_IMM_NONE, 2, 1, 0},
      {0xa7 /* i32.wrap_i64 */, JMON_IMM_NONE, 1, 1, 0},
      {0xd1 /* ref.is_null */, JMON_IMM_NONE, 1, 1, 0},
      {0xfc0a /* memory.copy */, JMON_IMM_MEMORY_COPY, 3, 0, 0},
      {0xfc0f /* table.grow */, JMON_IMM_TABLE, 2, 1, 0},
      {0xfc10 /* table.size */, JMON_IMM_TABLE, 0, 1, 0},
      {0x06 /* try: not decoded */, JMON_IMM_INVALID, VARIES, VARIES, 0},
      {0xfc12, JMON_IMM_INVALID, VARIES, VARIES, 0},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    unsigned pops = 99, pushes = 99;
    bool fixed = jmon_wasm_opcode_stack(rows[i].op, &pops, &pushes);
    assert_int_equal(jmon_wasm_opcode_imm(rows[i].op), rows[i].imm);
    assert_int_equal(fixed, rows[i].pops != VARIES);
    assert_int_equal(pops, fixed ? (unsigned)rows[i].pops : 0);
    assert_int_equal(pushes, fixed ? (unsigned)rows[i].pushes : 0);
    assert_int_equal(jmon_wasm_opcode_access_size(rows[i].op), rows[i].access);
  }
  /* The enum is generated from the same rows. */
  assert_int_equal(JMON_OP_I32_LOAD8_U, 0x2d);
  assert_int_equal(JMON_OP_MEMORY_INIT, 0xfc08);
  assert_int_equal(JMON_OP_SELECT_T, 0x1c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_leb128_read_table),
      cmocka_unit_test(test_leb128_read_at_offset),
      cmocka_unit_test(test_read_all_sections),
      cmocka_unit_test(test_read_elem_forms),
      cmocka_unit_test(test_malformed_modules),
      cmocka_unit_test(test_one_body_module_valid),
      cmocka_unit_test(test_malformed_bodies),
      cmocka_unit_test(test_truncated_prefixes),
      cmocka_unit_test(test_truncated_wat_prefixes),
      cmocka_unit_test(test_garbage),
      cmocka_unit_test(test_mutations),
      cmocka_unit_test(test_read_file_errors),
      cmocka_unit_test(test_opcode_names),
      cmocka_unit_test(test_opcode_facts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
