/* test_dispatch_finder.c: cmocka tests of the dispatch finder on hand-written .wat modules and the real javy plugin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dispatch_finder.h"
#include "wasm_module.h"

#define NO_FUNC UINT32_MAX
#define I32_LOAD8_U 0x2d
#define LOCAL_GET 0x20

/* Load a module from $JMON_TEST_WASM_DIR (the assembled tests/wat/dispatch/). */
static void load_wat_module(const char *name, jmon_wasm_module_t *m) {
  const char *dir = getenv("JMON_TEST_WASM_DIR");
  char path[1024];
  jmon_wasm_error_t err;
  assert_non_null(dir);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (jmon_wasm_read_file(path, m, &err) != JMON_WASM_OK) fail_msg("%s: %s", path, err.message);
}

/* File offset of the nth (0-based) instruction with `opcode` in absolute function `func`. */
static long offset_of(const jmon_wasm_module_t *m, uint32_t func, uint16_t opcode, uint32_t nth) {
  const jmon_func_t *f = &m->funcs[func - m->nimported_funcs];
  for (uint32_t i = 0; i < f->ninstrs; i++)
    if (f->instrs[i].opcode == opcode && nth-- == 0) return f->instrs[i].offset;
  fail_msg("function %u has no such instruction", func);
  return -1;
}

/* ---- automatic search ------------------------------------------------------------------- */

typedef struct {
  const char *file;
  int status;
  uint32_t func;        /* expected interpreter (absolute), NO_FUNC when none is chosen */
  uint32_t labels;      /* its br_table's labels */
  uint32_t pc_local;
  size_t ncands;
  const char *decision;
} find_case_t;

static const find_case_t find_cases[] = {
    /* interpreter 13 beats the bytecode walker 14; the bigger field-fed table of 15 is no candidate */
    {"toy_interp.wasm", JMON_DISPATCH_FOUND, 13, 170, 0, 2, "decision: found\n"},
    {"two_interps.wasm", JMON_DISPATCH_AMBIGUOUS, NO_FUNC, 0, 0, 2, "decision: ambiguous\n"},
    {"no_dispatch.wasm", JMON_DISPATCH_NONE, NO_FUNC, 0, 0, 0, "decision: none\n"},
};

static void test_find_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof find_cases / sizeof find_cases[0]; i++) {
    const find_case_t *c = &find_cases[i];
    jmon_wasm_module_t m;
    jmon_dispatch_t d;
    load_wat_module(c->file, &m);
    int st = jmon_dispatch_find(&m, -1, -1, &d);
    if (st != c->status) fail_msg("%s: status %s", c->file, jmon_dispatch_strstatus(st));
    assert_int_equal(d.status, c->status);
    assert_int_equal(d.ncands, c->ncands);
    assert_int_equal(d.overridden, 0);
    if (c->func != NO_FUNC) {
      assert_int_equal(d.chosen.func, c->func);
      assert_int_equal(d.chosen.load_offset, offset_of(&m, c->func, I32_LOAD8_U, 0));
      assert_int_equal(d.chosen.br_table_labels, c->labels);
      assert_int_equal(d.pc_local, c->pc_local);
      assert_true(d.ncands < 2 || d.cands[0].score >= 2 * d.cands[1].score);
    }
    for (size_t k = 1; k < d.ncands; k++) assert_true(d.cands[k - 1].score >= d.cands[k].score);

    /* --analyze output */
    jmon_text_t t = {0};
    jmon_dispatch_describe(&d, &t);
    assert_false(t.failed);
    char *text = t.p;
    assert_non_null(strstr(text, c->decision));
    if (c->func != NO_FUNC) {
      char line[64];
      snprintf(line, sizeof line, "interp_func: %u\n", c->func);
      assert_non_null(strstr(text, line));
      snprintf(line, sizeof line, "pc_load_offset: 0x%x\n", d.chosen.load_offset);
      assert_non_null(strstr(text, line));
    } else {
      assert_null(strstr(text, "interp_func:"));
    }
    free(text);
    jmon_dispatch_free(&d);
    jmon_wasm_free(&m);
  }
}

/* ---- overrides -------------------------------------------------------------------------- */

typedef struct {
  const char *file;
  long func;            /* --interp-func, -1 for none */
  uint32_t off_func;    /* --pc-load = offset of the nth `off_opcode` of off_func; NO_FUNC: raw */
  uint16_t off_opcode;
  uint32_t off_nth;
  long raw_offset;      /* used when off_func == NO_FUNC (-1 = no --pc-load) */
  int status;
  uint32_t want_func;
  uint32_t want_labels;
  const char *message;  /* substring of d.message on failure */
} override_case_t;

static const override_case_t override_cases[] = {
    {"toy_interp.wasm", 13, 13, I32_LOAD8_U, 0, 0, JMON_DISPATCH_FOUND, 13, 170, NULL},
    {"toy_interp.wasm", 13, NO_FUNC, 0, 0, -1, JMON_DISPATCH_FOUND, 13, 170, NULL},
    /* the user may prefer the weaker candidate; an offset alone finds its function */
    {"toy_interp.wasm", 14, NO_FUNC, 0, 0, -1, JMON_DISPATCH_FOUND, 14, 170, NULL},
    {"toy_interp.wasm", -1, 14, I32_LOAD8_U, 0, 0, JMON_DISPATCH_FOUND, 14, 170, NULL},
    /* an override settles an ambiguity */
    {"two_interps.wasm", 14, 14, I32_LOAD8_U, 0, 0, JMON_DISPATCH_FOUND, 14, 170, NULL},
    /* a load8_u that feeds no br_table is trusted, with no table */
    {"no_dispatch.wasm", 1, 1, I32_LOAD8_U, 0, 0, JMON_DISPATCH_FOUND, 1, 0, NULL},
    {"toy_interp.wasm", 0, NO_FUNC, 0, 0, -1, JMON_DISPATCH_OVERRIDE_INVALID, 0, 0, "not a defined function"},
    {"toy_interp.wasm", 16, NO_FUNC, 0, 0, -1, JMON_DISPATCH_OVERRIDE_INVALID, 0, 0, "not a defined function"},
    {"toy_interp.wasm", 13, 13, LOCAL_GET, 0, 0, JMON_DISPATCH_OVERRIDE_INVALID, 0, 0, "local.get there"},
    {"toy_interp.wasm", 13, 14, I32_LOAD8_U, 0, 0, JMON_DISPATCH_OVERRIDE_INVALID, 0, 0, "in function 13"},
    {"toy_interp.wasm", -1, NO_FUNC, 0, 0, 3, JMON_DISPATCH_OVERRIDE_INVALID, 0, 0, "any function"},
    {"toy_interp.wasm", 1, NO_FUNC, 0, 0, -1, JMON_DISPATCH_OVERRIDE_INVALID, 0, 0, "give --pc-load"},
    {"no_dispatch.wasm", 2, NO_FUNC, 0, 0, -1, JMON_DISPATCH_OVERRIDE_INVALID, 0, 0, "give --pc-load"},
};

static void test_override_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof override_cases / sizeof override_cases[0]; i++) {
    const override_case_t *c = &override_cases[i];
    jmon_wasm_module_t m;
    jmon_dispatch_t d;
    load_wat_module(c->file, &m);
    long off = c->off_func == NO_FUNC ? c->raw_offset : offset_of(&m, c->off_func, c->off_opcode, c->off_nth);
    int st = jmon_dispatch_find(&m, c->func, off, &d);
    if (st != c->status)
      fail_msg("case %zu (%s %ld 0x%lx): status %s: %s", i, c->file, c->func, off,
               jmon_dispatch_strstatus(st), d.message);
    if (st == JMON_DISPATCH_FOUND) {
      assert_int_equal(d.overridden, 1);
      assert_int_equal(d.chosen.func, c->want_func);
      assert_int_equal(d.chosen.load_offset, offset_of(&m, c->want_func, I32_LOAD8_U, 0));
      assert_int_equal(d.chosen.br_table_labels, c->want_labels);
    } else if (!strstr(d.message, c->message)) {
      fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, d.message, c->message);
    }
    jmon_dispatch_free(&d);
    jmon_wasm_free(&m);
  }
}

/* ---- the real javy plugin (JMON_PLUGIN_WASM) -------------------------------------------- */

static void test_real_plugin(void **state) {
  (void)state;
  const char *path = getenv("JMON_PLUGIN_WASM");
  if (!path || !*path) skip();
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  jmon_dispatch_t d;
  if (jmon_wasm_read_file(path, &m, &err) != JMON_WASM_OK) fail_msg("%s: %s", path, err.message);
  /* Facts of @chainlink/cre-sdk-javy-plugin@1.7.0 read with wasm-objdump -d: function 338's
   * `local.get 11; i32.load8_u; local.tee 24; i32.const 1; i32.sub; br_table` (248 labels). */
  assert_int_equal(jmon_dispatch_find(&m, -1, -1, &d), JMON_DISPATCH_FOUND);
  assert_int_equal(d.chosen.func, 338);
  assert_int_equal(d.chosen.load_offset, 0x2d90a);
  assert_int_equal(d.chosen.br_table_labels, 248);
  assert_int_equal(d.pc_local, 11);
  for (size_t i = 1; i < d.ncands; i++) assert_int_not_equal(d.cands[i].func, 338);
  jmon_dispatch_free(&d);

  assert_int_equal(jmon_dispatch_find(&m, 338, 0x2d90a, &d), JMON_DISPATCH_FOUND);
  assert_int_equal(d.chosen.br_table_labels, 248);
  jmon_dispatch_free(&d);
  /* 603 has the largest br_table (255 labels) but no load8_u feeds it */
  assert_int_equal(jmon_dispatch_find(&m, 603, -1, &d), JMON_DISPATCH_OVERRIDE_INVALID);
  jmon_dispatch_free(&d);
  assert_int_equal(jmon_dispatch_find(&m, 338, 0x2d908, &d), JMON_DISPATCH_OVERRIDE_INVALID);
  jmon_dispatch_free(&d);
  jmon_wasm_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_find_table),
      cmocka_unit_test(test_override_table),
      cmocka_unit_test(test_real_plugin),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
