/* test_qjs_bytecode.c: cmocka tests of the QuickJS bytecode parser (synthetic buffers, real javy fixtures, garbage). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <regex.h>
#include <dirent.h>
#include <cmocka.h>

#include "qjs_bytecode.h"
#include "../generated/quickjs_opcodes.h"
#include "../generated/quickjs_opcodes_bellard.h"

/* ---- helpers --------------------------------------------------------------------------------- */

static uint8_t *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
  fclose(f);
  *size = (size_t)n;
  return buf;
}

static int opcode(const char *name) {
  for (int i = 0; i < JMON_QJS_OPCODE_COUNT; i++)
    if (strcmp(jmon_qjs_opcodes[i].name, name) == 0) return i;
  fail_msg("no opcode %s", name);
  return -1;
}

/* ---- synthetic buffers ----------------------------------------------------------------------- */

/* A script (no module record) holding one function without debug info:
   version, 1 atom "f", FUNCTION tag, flags, mode, name = atom index JS_ATOM_END (serialized 2*227),
   counts, bytecode `get_var f; return_undef` (get_var's operand is the atom index 227). */
static size_t build_simple(uint8_t *b) {
  size_t n = 0;
  b[n++] = JMON_QJS_BC_VERSION;
  b[n++] = 1;                      /* atom count */
  b[n++] = 1; b[n++] = 1 << 1; b[n++] = 'f'; /* type string, len 1, 8-bit */
  b[n++] = 12;                     /* BC_TAG_FUNCTION_BYTECODE */
  b[n++] = 0; b[n++] = 0;          /* flags: no debug info */
  b[n++] = 1;                      /* strict */
  b[n++] = 0xc6; b[n++] = 0x03;    /* name: leb128(227 << 1) = 454 */
  b[n++] = 0; b[n++] = 0; b[n++] = 0; b[n++] = 1;  /* args, vars, defined args, stack */
  b[n++] = 0; b[n++] = 0;          /* closure vars, cpool */
  b[n++] = 6;                      /* bytecode length */
  b[n++] = 0;                      /* locals */
  b[n++] = (uint8_t)opcode("get_var"); b[n++] = 227; b[n++] = 0; b[n++] = 0; b[n++] = 0;
  b[n++] = (uint8_t)opcode("return_undef");
  return n;
}

static void test_simple_function(void **state) {
  (void)state;
  uint8_t b[64];
  size_t n = build_simple(b);
  jmon_qjs_module_t m;
  char err[200];
  assert_int_equal(jmon_qjs_parse(b, n, &m, err, sizeof err), JMON_QJS_OK);
  assert_int_equal(m.nfunctions, 1);
  assert_false(m.is_module);
  const jmon_qjs_function_t *f = &m.functions[0];
  assert_string_equal(f->name, "f");
  assert_string_equal(f->filename, "");
  assert_false(f->has_debug);
  assert_true(f->is_strict);
  assert_int_equal(f->bytecode_len, 6);
  assert_int_equal(f->atom_mask[0], 0x1e); /* bytes 1..4 */
  /* A heap copy with a different atom matches; a different opcode does not. */
  uint8_t heap[8];
  memcpy(heap, f->bytecode, 6);
  heap[1] = 0x99; heap[2] = 0x77;
  assert_true(jmon_qjs_bytecode_matches(f, heap, 6));
  assert_false(jmon_qjs_bytecode_matches(f, heap, 5));
  heap[5] = 0;
  assert_false(jmon_qjs_bytecode_matches(f, heap, 6));
  int32_t line, col;
  assert_false(jmon_qjs_line_at(f, 0, &line, &col));
  jmon_qjs_free(&m);
  jmon_qjs_free(&m); /* safe on a zeroed module */
}

static int bellard_opcode(const char *name) {
  for (int i = 0; i < JMON_QJS_BELLARD_OPCODE_COUNT; i++)
    if (strcmp(jmon_qjs_bellard_opcodes[i].name, name) == 0) return i;
  fail_msg("no Bellard opcode %s", name);
  return -1;
}

/* Bellard's layout (version 0x43, docs/quickjs.md): bare atom strings, has_debug at flag bit 10,
   debug info (pc2line without columns, then rquickjs's column_num + pc2column) after the bytecode,
   and the constant pool last; Bellard tag numbers for BigInt (exponent + mantissa) and Date (17). */
static size_t build_bellard(uint8_t *b) {
  size_t n = 0;
  b[n++] = 0x43;
  b[n++] = 3;                                     /* atoms: "outer", "inner", "t.js" (no type byte) */
  b[n++] = 5 << 1; memcpy(b + n, "outer", 5); n += 5;
  b[n++] = 5 << 1; memcpy(b + n, "inner", 5); n += 5;
  b[n++] = 4 << 1; memcpy(b + n, "t.js", 4); n += 4;
  b[n++] = 12;                                    /* function "outer" */
  b[n++] = 0x00; b[n++] = 0x04;                   /* flags: has_debug (bit 10) */
  b[n++] = 0;                                     /* sloppy */
  b[n++] = 0xc8; b[n++] = 0x03;                   /* name: leb128(228 << 1) */
  b[n++] = 0; b[n++] = 0; b[n++] = 0; b[n++] = 1; /* args, vars, defined args, stack */
  b[n++] = 0; b[n++] = 3;                         /* closure vars, cpool */
  b[n++] = 3;                                     /* bytecode length */
  b[n++] = 0;                                     /* locals */
  b[n++] = (uint8_t)bellard_opcode("fclosure8"); b[n++] = 0;
  b[n++] = (uint8_t)bellard_opcode("return");
  b[n++] = 0xcc; b[n++] = 0x03;                   /* filename: leb128(230 << 1) */
  b[n++] = 3;                                     /* line_num */
  b[n++] = 1; b[n++] = 1 * 5 + (1 + 1) + 1;       /* pc2line: pc +1, line +1 */
  b[n++] = 4;                                     /* column_num (0-based) */
  b[n++] = 3; b[n++] = 0; b[n++] = 2; b[n++] = 6; /* pc2column: op 0, pc +2, column +3 (zig-zag 6) */
  b[n++] = 12;                                    /* cpool[0]: function "inner", no debug info */
  b[n++] = 0; b[n++] = 0; b[n++] = 0;
  b[n++] = 0xca; b[n++] = 0x03;                   /* name: leb128(229 << 1) */
  b[n++] = 0; b[n++] = 0; b[n++] = 0; b[n++] = 0;
  b[n++] = 0; b[n++] = 0; b[n++] = 1; b[n++] = 0;
  b[n++] = (uint8_t)bellard_opcode("return_undef");
  b[n++] = 10; b[n++] = 16; b[n++] = 3;           /* cpool[1]: BigInt, exponent 8 (zig-zag 16), 3 bytes */
  b[n++] = 1; b[n++] = 2; b[n++] = 3;
  b[n++] = 17; b[n++] = 6;                        /* cpool[2]: Date (Bellard tag 17) of a float64 */
  for (int i = 0; i < 8; i++) b[n++] = 0;
  return n;
}

static void test_bellard_layout(void **state) {
  (void)state;
  uint8_t b[128];
  size_t n = build_bellard(b);
  jmon_qjs_module_t m;
  char err[200];
  assert_int_equal(jmon_qjs_parse(b, n, &m, err, sizeof err), JMON_QJS_OK);
  assert_non_null(m.variant);
  assert_true(m.variant->bellard);
  assert_non_null(strstr(m.variant->description, "0x43"));
  assert_int_equal(m.nfunctions, 2);
  const jmon_qjs_function_t *f = &m.functions[0], *g = &m.functions[1];
  assert_string_equal(f->name, "outer");
  assert_string_equal(f->filename, "t.js");
  assert_true(f->has_debug);
  assert_int_equal(f->line, 3);
  assert_int_equal(f->col, 5);
  assert_int_equal(f->npc2line, 2);
  assert_int_equal(f->pc2line[0].pc, 1);
  assert_int_equal(f->pc2line[0].line, 4);
  assert_int_equal(f->pc2line[0].col, 5);
  assert_int_equal(f->pc2line[1].pc, 2);
  assert_int_equal(f->pc2line[1].line, 4);
  assert_int_equal(f->pc2line[1].col, 8);
  assert_null(f->source);
  assert_string_equal(g->name, "inner");
  assert_int_equal(g->parent, 0);
  assert_int_equal(g->cpool_index, 0);
  assert_false(g->has_debug);
  jmon_qjs_free(&m);
  /* Read as quickjs-ng's layout it is rejected, not misread. */
  b[0] = JMON_QJS_BC_VERSION;
  assert_int_not_equal(jmon_qjs_parse(b, n, &m, err, sizeof err), JMON_QJS_OK);
  b[0] = 0x43;
  for (size_t len = 0; len < n; len++)
    assert_int_not_equal(jmon_qjs_parse(b, len, &m, err, sizeof err), JMON_QJS_OK);
}

typedef struct {
  const char *name;
  size_t at;        /* byte to change in the simple buffer */
  uint8_t value;
  jmon_qjs_status_t status;
  const char *message;   /* substring of the error */
} corrupt_case_t;

static const corrupt_case_t corrupt_cases[] = {
    {"newer version", 0, 0x1a, JMON_QJS_ERR_UNSUPPORTED, "unsupported QuickJS bytecode version 0x1a"},
    {"bad atom type", 2, 9, JMON_QJS_ERR_MALFORMED, "invalid atom type"},
    {"bad tag", 5, 0x40, JMON_QJS_ERR_MALFORMED, "invalid tag"},
    {"name atom out of range", 9, 0xc8, JMON_QJS_ERR_MALFORMED, "invalid atom index"},
    {"opcode out of range", 19, 0xff, JMON_QJS_ERR_MALFORMED, "invalid opcode 0xff"},
    {"operand atom out of range", 20, 228, JMON_QJS_ERR_MALFORMED, "invalid atom index 228"},
    {"bytecode longer than buffer", 17, 7, JMON_QJS_ERR_TRUNCATED, "truncated"},
    {"locals != args + vars", 18, 3, JMON_QJS_ERR_MALFORMED, "local count"},
};

static void test_corrupt_simple(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof corrupt_cases / sizeof corrupt_cases[0]; i++) {
    const corrupt_case_t *c = &corrupt_cases[i];
    uint8_t b[64];
    size_t n = build_simple(b);
    b[c->at] = c->value;
    jmon_qjs_module_t m;
    char err[200];
    jmon_qjs_status_t st = jmon_qjs_parse(b, n, &m, err, sizeof err);
    if (st != c->status || !strstr(err, c->message))
      fail_msg("%s: status %d (%s), expected %d with \"%s\"", c->name, st, err, c->status, c->message);
    assert_int_equal(m.nfunctions, 0);
    assert_null(m.functions);
  }
}

static void test_truncated_and_trailing(void **state) {
  (void)state;
  uint8_t b[64];
  size_t n = build_simple(b);
  jmon_qjs_module_t m;
  char err[200];
  for (size_t len = 0; len < n; len++)
    assert_int_not_equal(jmon_qjs_parse(b, len, &m, err, sizeof err), JMON_QJS_OK);
  assert_int_equal(jmon_qjs_parse(NULL, 0, &m, err, sizeof err), JMON_QJS_ERR_TRUNCATED);
  b[n] = 0;
  assert_int_equal(jmon_qjs_parse(b, n + 1, &m, err, sizeof err), JMON_QJS_ERR_MALFORMED);
  assert_non_null(strstr(err, "after the serialized object"));
  /* A tiny error buffer is truncated, not overrun. */
  char small[8];
  assert_int_not_equal(jmon_qjs_parse(b, 3, &m, small, sizeof small), JMON_QJS_OK);
  assert_true(strlen(small) < sizeof small);
}

/* ---- real fixtures --------------------------------------------------------------------------- */

static const char *fixtures_dir(void) {
  const char *d = getenv("JMON_FIXTURES_DIR");
  return d && *d ? d : NULL;
}

static const char *js_dir(void) {
  const char *d = getenv("JMON_JS_DIR");
  return d && *d ? d : "tests/js";
}

/* Checks one fixture against its JS source. @return number of named functions checked. */
static int check_fixture(const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.bc", fixtures_dir(), name);
  size_t bc_len;
  uint8_t *bc = read_file(path, &bc_len);
  if (!bc) return 0;
  snprintf(path, sizeof path, "%s/%s.js", js_dir(), name);
  size_t js_len;
  uint8_t *js = read_file(path, &js_len);
  if (!js) { free(bc); return 0; }
  char *src = malloc(js_len + 1);
  assert_non_null(src);
  memcpy(src, js, js_len);
  src[js_len] = '\0';
  free(js);

  jmon_qjs_module_t m;
  char err[256];
  if (jmon_qjs_parse(bc, bc_len, &m, err, sizeof err) != JMON_QJS_OK) fail_msg("%s.bc: %s", name, err);
  assert_true(m.is_module);
  assert_true(m.nfunctions >= 1);
  assert_int_equal(m.functions[0].parent, -1);

  int nlines = 1;
  for (char *p = src; *p; p++) nlines += *p == '\n';
  for (uint32_t i = 0; i < m.nfunctions; i++) {
    const jmon_qjs_function_t *f = &m.functions[i];
    assert_true(f->has_debug);
    assert_string_equal(f->filename, "function.mjs");
    assert_true(f->line >= 0 && f->line <= nlines);
    assert_true(i == 0 || (f->parent >= 0 && (uint32_t)f->parent < i)); /* pre-order */
    assert_true(jmon_qjs_bytecode_matches(f, f->bytecode, f->bytecode_len));
    for (uint32_t j = 0; j < f->npc2line; j++) {
      assert_true(f->pc2line[j].pc <= f->bytecode_len);
      /* Bellard's QuickJS gives a module's prologue (before its first statement) line 0. */
      assert_true(f->pc2line[j].line >= (m.variant->bellard && f->parent < 0 ? 0 : 1) && f->pc2line[j].line <= nlines);
      if (j) assert_true(f->pc2line[j].pc >= f->pc2line[j - 1].pc);
      int32_t line, col;
      assert_true(jmon_qjs_line_at(f, f->pc2line[j].pc, &line, &col));
      /* Rows at one pc: the last one wins, as in find_line_num. */
      if (j + 1 == f->npc2line || f->pc2line[j + 1].pc != f->pc2line[j].pc) {
        assert_int_equal(line, f->pc2line[j].line);
        assert_int_equal(col, f->pc2line[j].col);
      }
    }
  }

  /* Markers: `function NAME(` declared on line N must be reported as NAME at line N, column of `function`
     (or of `async`). */
  regex_t re;
  assert_int_equal(regcomp(&re, "^([ \t]*)((async[ \t]+)?function[ \t]*\\*?[ \t]*)([A-Za-z_$][A-Za-z0-9_$]*)[ \t]*\\(",
                           REG_EXTENDED), 0);
  int checked = 0, lineno = 0;
  for (char *line = src; line && *line; ) {
    char *eol = strchr(line, '\n');
    if (eol) *eol = '\0';
    lineno++;
    regmatch_t g[5];
    if (regexec(&re, line, 5, g, 0) == 0) {
      char fname[128];
      int len = (int)(g[4].rm_eo - g[4].rm_so);
      snprintf(fname, sizeof fname, "%.*s", len, line + g[4].rm_so);
      bool found = false;
      for (uint32_t i = 0; i < m.nfunctions && !found; i++) {
        const jmon_qjs_function_t *f = &m.functions[i];
        if (strcmp(f->name, fname) != 0 || f->name_inferred) continue;
        if (f->line != lineno) fail_msg("%s.js: %s is at line %d, parser says %d", name, fname, lineno, f->line);
        assert_int_equal(f->col, (int)g[1].rm_eo + 1);
        found = true;
      }
      if (!found) fail_msg("%s.js:%d: function %s not found in the bytecode", name, lineno, fname);
      checked++;
    }
    line = eol ? eol + 1 : NULL;
  }
  regfree(&re);

  /* Every truncation fails cleanly; flipped bytes never crash (ASan/UBSan builds check that). */
  for (size_t len = 0; len < bc_len; len++) {
    jmon_qjs_module_t t;
    assert_int_not_equal(jmon_qjs_parse(bc, len, &t, err, sizeof err), JMON_QJS_OK);
  }
  uint8_t *copy = malloc(bc_len);
  assert_non_null(copy);
  for (size_t pos = 0; pos < bc_len; pos++) {
    static const uint8_t values[] = {0x00, 0x7f, 0x80, 0xff};
    for (size_t v = 0; v < sizeof values; v++) {
      memcpy(copy, bc, bc_len);
      copy[pos] = values[v];
      jmon_qjs_module_t t;
      if (jmon_qjs_parse(copy, bc_len, &t, err, sizeof err) == JMON_QJS_OK) jmon_qjs_free(&t);
    }
  }
  free(copy);

  jmon_qjs_free(&m);
  free(src);
  free(bc);
  return checked;
}

static void test_fixtures(void **state) {
  (void)state;
  if (!fixtures_dir()) skip();
  DIR *d = opendir(fixtures_dir());
  if (!d) skip();
  int files = 0, named = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n < 4 || strcmp(e->d_name + n - 3, ".bc") != 0) continue;
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(n - 3), e->d_name);
    named += check_fixture(name);
    files++;
  }
  closedir(d);
  if (files == 0) skip();
  assert_true(named > 0);
  printf("[ INFO     ] %d fixtures, %d named functions checked against their JS source\n", files, named);
}

/* Methods and class constructors are named by the instruction that defines them (as fn.name). */
static void test_fixture_inferred_names(void **state) {
  (void)state;
  if (!fixtures_dir()) skip();
  char path[1024];
  snprintf(path, sizeof path, "%s/classes.bc", fixtures_dir());
  size_t len;
  uint8_t *bc = read_file(path, &len);
  if (!bc) skip();
  jmon_qjs_module_t m;
  char err[256];
  assert_int_equal(jmon_qjs_parse(bc, len, &m, err, sizeof err), JMON_QJS_OK);
  static const struct { const char *name; int line; } expect[] = {
      {"Shape", 6}, {"get id", 7}, {"area", 8}, {"describe", 9}, {"create", 10},
      {"Rect", 14}, {"set width", 16}, {"Square", 20}, {"Circle", 25}};
  for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
    bool found = false;
    for (uint32_t j = 0; j < m.nfunctions; j++)
      if (strcmp(m.functions[j].name, expect[i].name) == 0 && m.functions[j].line == expect[i].line) found = true;
    if (!found) fail_msg("classes.js: %s at line %d not found", expect[i].name, expect[i].line);
  }
  jmon_qjs_free(&m);
  free(bc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_simple_function),
      cmocka_unit_test(test_bellard_layout),
      cmocka_unit_test(test_corrupt_simple),
      cmocka_unit_test(test_truncated_and_trailing),
      cmocka_unit_test(test_fixtures),
      cmocka_unit_test(test_fixture_inferred_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
