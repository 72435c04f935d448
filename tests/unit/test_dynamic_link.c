/* test_dynamic_link.c: cmocka tests of translator/dynamic_link.c on tiny plugin/app modules (tests/wat/unit/link_*.wat). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dynamic_link.h"
#include "wasm_module.h"

static void read_wat(const char *name, jmon_wasm_module_t *m) {
  char path[1024];
  const char *dir = getenv("JMON_TEST_WASM_DIR");
  snprintf(path, sizeof path, "%s/%s.wasm", dir ? dir : ".", name);
  jmon_wasm_error_t err;
  memset(m, 0, sizeof *m);
  assert_int_equal(jmon_wasm_read_file(path, m, &err), JMON_WASM_OK);
}

/* wat2wasm cannot write custom sections: add `import_namespace` = ns by hand. */
static void add_namespace(jmon_wasm_module_t *m, const char *ns) {
  jmon_custom_t *c = realloc(m->customs, (m->ncustoms + 1) * sizeof *c);
  assert_non_null(c);
  m->customs = c;
  c = &c[m->ncustoms++];
  memset(c, 0, sizeof *c);
  c->name = strdup("import_namespace");
  c->name_len = (uint32_t)strlen(c->name);
  c->owned_bytes = (uint8_t *)strdup(ns);
  c->bytes = c->owned_bytes;
  c->size = (uint32_t)strlen(ns);
  c->after_section = JMON_SEC_DATA;
}

typedef struct {
  jmon_wasm_module_t plugin, app;
  jmon_link_result_t res;
} fixture_t;

static jmon_link_status_t link(fixture_t *f, const char *ns) {
  memset(f, 0, sizeof *f);
  read_wat("link_plugin", &f->plugin);
  read_wat("link_app", &f->app);
  if (ns) add_namespace(&f->plugin, ns);
  jmon_link_options_t o = {.app_path = "app.wasm", .plugin_path = "plugin.wasm"};
  return jmon_link_dynamic(&f->plugin, &f->app, &o, &f->res);
}

static void release(fixture_t *f) {
  jmon_wasm_free(&f->plugin);
  jmon_wasm_free(&f->app);
  jmon_link_free(&f->res);
}

static const jmon_instr_t *find_op(const jmon_func_t *fn, uint16_t op, int nth) {
  for (uint32_t i = 0; i < fn->ninstrs; i++)
    if (fn->instrs[i].opcode == op && nth-- == 0) return &fn->instrs[i];
  return NULL;
}

static void test_merge(void **state) {
  (void)state;
  fixture_t f;
  assert_int_equal(link(&f, "tiny_plugin"), JMON_LINK_OK);
  jmon_wasm_module_t *m = &f.plugin;
  /* plugin: 1 import + 3 functions; the app's helper and _start follow */
  assert_int_equal(f.res.app_first_func, 4);
  assert_int_equal(f.res.app_nfuncs, 2);
  assert_int_equal(m->nimported_funcs, 1);
  assert_int_equal(m->nfuncs, 5);
  assert_int_equal(m->ndatas, 2);
  assert_int_equal(m->datacount, 2);
  assert_int_equal(m->datas[1].flags, 1);
  assert_memory_equal(m->datas[1].owned_bytes, "BYTECODE", 8);
  const jmon_func_t *start = &m->funcs[4];
  /* call 0 (realloc) -> plugin's cabi_realloc (1); call 2 (helper) -> 4; call 1 (invoke) -> 2 */
  assert_int_equal(find_op(start, 0x10, 0)->imm.index, 1);
  assert_int_equal(find_op(start, 0x10, 1)->imm.index, 4);
  assert_int_equal(find_op(start, 0x10, 2)->imm.index, 2);
  assert_int_equal(find_op(start, 0xfc08, 0)->imm.pair.a, 1);   /* memory.init: data 0 -> 1 */
  assert_int_equal(find_op(start, 0xfc09, 0)->imm.index, 1);    /* data.drop */
  const jmon_instr_t *blk = find_op(start, 0x02, 0);
  const jmon_functype_t *bt = &m->types[blk->imm.block_type];
  assert_int_equal(bt->nparams, 2);
  assert_int_equal(bt->nresults, 1);
  assert_int_equal(find_op(start, 0x10, 0)->offset, 0);   /* app offsets are not plugin offsets */
  /* exports: memory, cabi_realloc (plugin order), then _start; invoke and compile-src dropped */
  assert_int_equal(m->nexports, 3);
  assert_string_equal(m->exports[0].name, "memory");
  assert_string_equal(m->exports[1].name, "cabi_realloc");
  assert_string_equal(m->exports[2].name, "_start");
  assert_int_equal(m->exports[2].index, 5);
  /* names: the plugin's exports, app:<export>, app:f<N> by the app's own index */
  assert_int_equal(f.res.nfunc_names, 6);
  assert_null(f.res.func_names[0]);
  assert_string_equal(f.res.func_names[2], "invoke");
  assert_string_equal(f.res.func_names[3], "compile-src");
  assert_string_equal(f.res.func_names[4], "app:f2");
  assert_string_equal(f.res.func_names[5], "app:_start");
  /* the merged module encodes and decodes again */
  uint8_t *bytes;
  size_t size;
  jmon_wasm_error_t err;
  assert_int_equal(jmon_wasm_write(m, &bytes, &size, &err), JMON_WASM_OK);
  jmon_wasm_module_t again;
  assert_int_equal(jmon_wasm_read(bytes, size, &again, &err), JMON_WASM_OK);
  assert_int_equal(again.nfuncs, 5);
  jmon_wasm_free(&again);
  release(&f);
}

static void test_errors(void **state) {
  (void)state;
  fixture_t f;
  assert_int_equal(link(&f, "other_plugin"), JMON_LINK_NAMESPACE);
  assert_non_null(strstr(f.res.message, "imports from namespace `tiny_plugin`, but plugin plugin.wasm's import namespace is `other_plugin`"));
  release(&f);
  /* no section: the app's namespace is taken, with a warning */
  assert_int_equal(link(&f, NULL), JMON_LINK_OK);
  assert_non_null(strstr(f.res.warning, "no `import_namespace`"));
  release(&f);
  /* a missing export */
  memset(&f, 0, sizeof f);
  read_wat("link_plugin", &f.plugin);
  read_wat("link_app", &f.app);
  add_namespace(&f.plugin, "tiny_plugin");
  free(f.app.imports[1].name);
  f.app.imports[1].name = strdup("invoke_nope");
  jmon_link_options_t o = {.app_path = "app.wasm", .plugin_path = "plugin.wasm"};
  assert_int_equal(jmon_link_dynamic(&f.plugin, &f.app, &o, &f.res), JMON_LINK_MISSING_EXPORT);
  assert_non_null(strstr(f.res.message, "`tiny_plugin.invoke_nope`, which plugin plugin.wasm does not export"));
  release(&f);
  /* a static module (the plugin itself as the app) */
  memset(&f, 0, sizeof f);
  read_wat("link_plugin", &f.plugin);
  read_wat("link_plugin", &f.app);
  add_namespace(&f.plugin, "tiny_plugin");
  assert_int_equal(jmon_link_dynamic(&f.plugin, &f.app, &o, &f.res), JMON_LINK_NOT_DYNAMIC);
  release(&f);
  /* the dynamic-module detector */
  jmon_wasm_module_t app;
  read_wat("link_app", &app);
  assert_string_equal(jmon_link_dynamic_namespace(&app), "tiny_plugin");
  jmon_wasm_free(&app);
  read_wat("link_plugin", &app);
  assert_null(jmon_link_dynamic_namespace(&app));
  jmon_wasm_free(&app);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_merge),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
