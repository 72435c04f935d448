/* test_qjs_builtins.c: cmocka tests of the builtin table recovered from a module's data (translator/qjs_builtins.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "qjs_builtins.h"
#include "../generated/quickjs_opcodes.h"

static const jmon_qjs_variant_t *ng(void) { return jmon_qjs_variant_for(JMON_QJS_BC_VERSION); }

/* ---- the real 1.7.0 plugin (JMON_PLUGIN, set by the make target; skipped without it) ---------- */

static jmon_wasm_module_t g_mod;
static jmon_qjs_builtins_t g_b;

static int plugin_setup(void **state) {
  (void)state;
  const char *path = getenv("JMON_PLUGIN");
  if (!path || !*path) return 0;
  jmon_wasm_error_t err;
  if (jmon_wasm_read_file(path, &g_mod, &err) != JMON_WASM_OK) return -1;
  return jmon_qjs_builtins_find(&g_mod, ng(), &g_b);
}

static int plugin_teardown(void **state) {
  (void)state;
  jmon_qjs_builtins_free(&g_b);
  jmon_wasm_free(&g_mod);
  return 0;
}

static const jmon_qjs_builtin_t *by_name(const char *name) {
  for (size_t i = 0; i < g_b.nentries; i++)
    if (strcmp(g_b.entries[i].name, name) == 0) return &g_b.entries[i];
  return NULL;
}

/* The 1.7.0 plugin: counts, and entries read by hand from the module bytes (the entry's table
 * index at +12, the element segment's function at that index, wasm-objdump -d of the body). */
static void test_plugin_entries(void **state) {
  (void)state;
  if (!g_mod.input) skip();
  assert_string_equal(g_b.warning, "");
  assert_true(g_b.narrays >= 60);
  assert_true(g_b.nlist_entries >= 500);
  assert_true(g_b.nfuncs >= 400);
  static const struct { const char *name; uint32_t table_index, wasm_func; int16_t magic; uint8_t def_type; } k[] = {
    {"JSON.parse", 412, 729, 0, 0},
    {"JSON.stringify", 413, 731, 0, 0},
    {"Array.prototype.map", 516, 932, 3, 0},
    {"String.prototype.replace", 576, 1001, 0, 0},
    {"RegExp.prototype.exec", 319, 711, 0, 0},
    {"Math.floor", 587, 1013, 0, 0},
  };
  for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
    const jmon_qjs_builtin_t *b = by_name(k[i].name);
    if (!b) fail_msg("%s not found", k[i].name);
    assert_int_equal(b->table_index, k[i].table_index);
    assert_int_equal(b->wasm_func, k[i].wasm_func);
    assert_int_equal(b->magic, k[i].magic);
    assert_int_equal(b->def_type, k[i].def_type);
  }
  /* Math.floor's body is one f64.floor: the function the table index leads to is the right one. */
  const jmon_func_t *f = &g_mod.funcs[1013 - g_mod.nimported_funcs];
  bool has_floor = false;
  for (uint32_t i = 0; i < f->ninstrs; i++) has_floor |= f->instrs[i].opcode == 0x9c;
  assert_true(has_floor);
  /* A getter is named as such; forEach and map share one C function, told apart by magic. */
  assert_non_null(by_name("get RegExp.prototype.flags"));
  const jmon_qjs_builtin_t *fe = by_name("Array.prototype.forEach");
  assert_non_null(fe);
  assert_int_equal(fe->table_index, 516);
  assert_int_not_equal(fe->magic, 3);
  assert_non_null(by_name("String.prototype[Symbol.iterator]"));
  assert_null(by_name("Array.prototype[Symbol.iterator]"));   /* an alias of values: the same function object */
  assert_non_null(by_name("parseInt"));
}

/* ---- the legacy 1.1.0 plugin (JMON_LEGACY_PLUGIN; Bellard's QuickJS): its name section names
 * the C functions, an independent check of the table index -> function mapping ------------------ */

static jmon_wasm_module_t g_leg;
static jmon_qjs_builtins_t g_lb;

static int legacy_setup(void **state) {
  (void)state;
  const char *path = getenv("JMON_LEGACY_PLUGIN");
  if (!path || !*path) return 0;
  jmon_wasm_error_t err;
  if (jmon_wasm_read_file(path, &g_leg, &err) != JMON_WASM_OK) return -1;
  return jmon_qjs_builtins_find(&g_leg, jmon_qjs_variant_for(0x43), &g_lb);
}

static int legacy_teardown(void **state) {
  (void)state;
  jmon_qjs_builtins_free(&g_lb);
  jmon_wasm_free(&g_leg);
  return 0;
}

static void test_legacy_entries(void **state) {
  (void)state;
  if (!g_leg.input) skip();
  assert_string_equal(g_lb.warning, "");
  assert_true(g_lb.narrays >= 50);
  assert_true(g_lb.nfuncs >= 400);
  char **names = jmon_wasm_function_names(&g_leg);
  assert_non_null(names);
  /* The builtin's JS name (from the data) and its C function's name (from the name section). */
  static const struct { const char *js, *c; int16_t magic; } k[] = {
    {"JSON.parse", "js_json_parse", 0},         {"JSON.stringify", "js_json_stringify", 0},
    {"Array.prototype.map", "js_array_every", 3}, {"Array.prototype.join", "js_array_join", 0},
    {"String.prototype.replace", "js_string_replace", 0}, {"RegExp.prototype.exec", "js_regexp_exec", 0},
    {"parseInt", "js_parseInt", 0},            {"get RegExp.prototype.flags", "js_regexp_get_flags", 0},
  };
  for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
    const jmon_qjs_builtin_t *b = NULL;
    for (size_t e = 0; e < g_lb.nentries && !b; e++)
      if (strcmp(g_lb.entries[e].name, k[i].js) == 0) b = &g_lb.entries[e];
    if (!b) fail_msg("%s not found", k[i].js);
    assert_int_equal(b->magic, k[i].magic);
    assert_true(b->wasm_func < g_leg.nimported_funcs + g_leg.nfuncs);
    if (!names[b->wasm_func] || strcmp(names[b->wasm_func], k[i].c) != 0)
      fail_msg("%s: function %u is %s, want %s", k[i].js, b->wasm_func, names[b->wasm_func] ? names[b->wasm_func] : "?", k[i].c);
  }
  jmon_wasm_free_names(names, g_leg.nimported_funcs + g_leg.nfuncs);
}

/* ---- synthetic images ------------------------------------------------------------------------ */

static void put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* JSON's array (parse, stringify, [Symbol.toStringTag] = "JSON") at 0x1000 + 64, its strings at 0x1000 + 0. */
static size_t build_json(uint8_t *m, uint8_t def_type_of_parse) {
  memset(m, 0, 256);
  memcpy(m + 0, "parse", 6);
  memcpy(m + 8, "stringify", 10);
  memcpy(m + 20, "[Symbol.toStringTag]", 21);
  memcpy(m + 44, "JSON", 5);
  uint8_t *e = m + 64;
  put32(e, 0x1000); e[5] = def_type_of_parse; e[8] = 2; put32(e + 12, 3);
  e += 16;
  put32(e, 0x1008); e[5] = 0; e[8] = 3; put32(e + 12, 4);
  e += 16;
  put32(e, 0x1014); e[5] = 3; put32(e + 8, 0x102c);   /* a string property: "JSON" */
  return 256;
}

static void test_synthetic(void **state) {
  (void)state;
  uint8_t m[256];
  uint32_t table[5] = {UINT32_MAX, 10, 11, 12, 13};
  jmon_qjs_builtins_t b;
  assert_int_equal(jmon_qjs_builtins_decode(m, build_json(m, 0), 0x1000, table, 5, NULL, 0, ng(), &b), 0);
  assert_int_equal(b.nentries, 2);
  assert_string_equal(b.entries[0].name, "JSON.parse");
  assert_int_equal(b.entries[0].wasm_func, 12);
  assert_int_equal(b.entries[0].length, 2);
  assert_string_equal(b.entries[1].name, "JSON.stringify");
  jmon_qjs_builtins_free(&b);
  /* A def type QuickJS never writes: a warning and no names at all. */
  assert_int_equal(jmon_qjs_builtins_decode(m, build_json(m, 77), 0x1000, table, 5, NULL, 0, ng(), &b), 0);
  assert_int_equal(b.nentries, 0);
  assert_true(strstr(b.warning, "js_json_funcs") != NULL);
  jmon_qjs_builtins_free(&b);
  /* Truncated inside the array: not found, no crash. */
  for (size_t n = 0; n < 112; n++) {
    assert_int_equal(jmon_qjs_builtins_decode(m, n, 0x1000, table, 5, NULL, 0, ng(), &b), 0);
    assert_int_equal(b.nentries, 0);
    jmon_qjs_builtins_free(&b);
  }
  /* A table index past the table: named, function unknown. */
  build_json(m, 0);
  put32(m + 64 + 12, 99);
  assert_int_equal(jmon_qjs_builtins_decode(m, 256, 0x1000, table, 5, NULL, 0, ng(), &b), 0);
  assert_int_equal(b.entries[0].wasm_func, UINT32_MAX);
  jmon_qjs_builtins_free(&b);
  /* No QuickJS variant: a warning, no names. */
  assert_int_equal(jmon_qjs_builtins_decode(m, 256, 0x1000, table, 5, NULL, 0, NULL, &b), 0);
  assert_int_equal(b.nentries, 0);
  assert_true(b.warning[0] != 0);
  jmon_qjs_builtins_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_synthetic),
    cmocka_unit_test_setup_teardown(test_plugin_entries, plugin_setup, plugin_teardown),
    cmocka_unit_test_setup_teardown(test_legacy_entries, legacy_setup, legacy_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
