/* test_wasm_writer.c: cmocka tests of LEB128 encoding and the wasm writer (byte-exact round trips,
 * modules built in memory, edited modules, the real plugin when JMON_PLUGIN_WASM is set). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "leb128.h"
#include "wasm_module.h"
#include "wasm_test_util.h"

/* ---- LEB128 encoding ----------------------------------------------------------------------- */

typedef struct {
  int64_t value;
  bool is_signed;
  uint8_t bytes[10];
  size_t len;
} leb_write_case_t;

static const leb_write_case_t leb_write_cases[] = {
    {0, false, {0x00}, 1},
    {127, false, {0x7f}, 1},
    {128, false, {0x80, 0x01}, 2},
    {624485, false, {0xe5, 0x8e, 0x26}, 3},
    {0xffffffffLL, false, {0xff, 0xff, 0xff, 0xff, 0x0f}, 5},
    {-1, false, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 10},
    {0, true, {0x00}, 1},
    {-1, true, {0x7f}, 1},
    {63, true, {0x3f}, 1},
    {64, true, {0xc0, 0x00}, 2},
    {-64, true, {0x40}, 1},
    {-65, true, {0xbf, 0x7f}, 2},
    {-123456, true, {0xc0, 0xbb, 0x78}, 3},
    {INT32_MIN, true, {0x80, 0x80, 0x80, 0x80, 0x78}, 5},
    {INT64_MAX, true, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00}, 10},
    {INT64_MIN, true, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}, 10},
};

static void test_leb128_write_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof leb_write_cases / sizeof leb_write_cases[0]; i++) {
    const leb_write_case_t *c = &leb_write_cases[i];
    uint8_t out[JMON_LEB128_MAX_BYTES];
    size_t n = c->is_signed ? jmon_leb128_write_s(out, c->value)
                            : jmon_leb128_write_u(out, (uint64_t)c->value);
    if (n != c->len || memcmp(out, c->bytes, n) != 0)
      fail_msg("case %zu (%lld): wrong encoding (%zu bytes)", i, (long long)c->value, n);
    assert_int_equal(c->is_signed ? jmon_leb128_size_s(c->value)
                                  : jmon_leb128_size_u((uint64_t)c->value), c->len);
    /* And it decodes back to the same value. */
    size_t pos = 0, err_pos;
    if (c->is_signed) {
      int64_t v;
      assert_int_equal(jmon_leb128_read_s(out, n, &pos, 64, &v, &err_pos), JMON_LEB128_OK);
      assert_int_equal(v, c->value);
    } else {
      uint64_t v;
      assert_int_equal(jmon_leb128_read_u(out, n, &pos, 64, &v, &err_pos), JMON_LEB128_OK);
      assert_int_equal(v, (uint64_t)c->value);
    }
    assert_int_equal(pos, n);
  }
}

static void test_leb128_write_padded(void **state) {
  (void)state;
  uint8_t out[JMON_LEB128_MAX_BYTES];
  static const uint8_t five[] = {0x85, 0x80, 0x80, 0x80, 0x00};
  assert_int_equal(jmon_leb128_write_u_padded(out, 5, 5), 5);
  assert_memory_equal(out, five, 5);
  /* A width below the shortest encoding is raised to it. */
  assert_int_equal(jmon_leb128_write_u_padded(out, 300, 1), 2);
  assert_int_equal(out[0], 0xac);
  assert_int_equal(out[1], 0x02);
}

/* ---- round trips ----------------------------------------------------------------------------- */

static void assert_roundtrip(const uint8_t *bytes, size_t len, const char *what) {
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  if (read_copy(bytes, len, &m, &err) != JMON_WASM_OK)
    fail_msg("%s: offset 0x%zx: %s", what, err.offset, err.message);
  uint8_t *out;
  size_t out_size;
  assert_int_equal(jmon_wasm_write(&m, &out, &out_size, &err), JMON_WASM_OK);
  size_t i = 0;
  while (i < len && i < out_size && out[i] == bytes[i]) i++;
  if (i != len || out_size != len)
    fail_msg("%s: re-encoding differs at offset 0x%zx (%zu bytes in, %zu out)", what, i, len, out_size);
  free(out);
  jmon_wasm_free(&m);
}

static void test_roundtrip_hand_built(void **state) {
  (void)state;
  wasm_buf_t b;
  build_full_module(&b);
  assert_roundtrip(b.bytes, b.len, "full module");
  build_elem_forms_module(&b);
  assert_roundtrip(b.bytes, b.len, "element forms");
  buf_header(&b);
  assert_roundtrip(b.bytes, b.len, "empty module");
  /* Empty sections that were present stay present. */
  buf_header(&b);
  SECTION(&b, 1, 0x00);
  SECTION(&b, 0, 0x01, 'z');
  SECTION(&b, 3, 0x00);
  SECTION(&b, 10, 0x00);
  assert_roundtrip(b.bytes, b.len, "empty sections");
}

static uint8_t *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc(size > 0 ? (size_t)size : 1);
  if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
    free(buf);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *len = (size_t)size;
  return buf;
}

/* Every module that make assembled from the .wat files of tests/wat/unit must re-encode byte-exactly. */
static void test_roundtrip_wat_modules(void **state) {
  (void)state;
  const char *dir = getenv("JMON_TEST_WASM_DIR");
  if (!dir) {
    print_message("JMON_TEST_WASM_DIR is not set (run through `make test-unit-wasm`)\n");
    skip();
  }
  DIR *d = opendir(dir);
  if (!d) fail_msg("cannot open %s", dir);
  int count = 0;
  struct dirent *ent;
  while ((ent = readdir(d)) != NULL) {
    size_t n = strlen(ent->d_name);
    if (n < 5 || strcmp(ent->d_name + n - 5, ".wasm") != 0) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
    size_t len;
    uint8_t *bytes = slurp(path, &len);
    if (!bytes) fail_msg("cannot read %s", path);
    assert_roundtrip(bytes, len, path);
    free(bytes);
    count++;
  }
  closedir(d);
  assert_true(count >= 4);
}

/* The "name" section that wat2wasm --debug-names writes comes back at its position, after code. */
static void test_custom_section_position(void **state) {
  (void)state;
  const char *dir = getenv("JMON_TEST_WASM_DIR");
  if (!dir) skip();
  char path[4096];
  snprintf(path, sizeof path, "%s/names.wasm", dir);
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  assert_int_equal(jmon_wasm_read_file(path, &m, &err), JMON_WASM_OK);
  const jmon_custom_t *c = jmon_wasm_find_custom(&m, "name");
  assert_non_null(c);
  assert_int_equal(c->after_section, JMON_SEC_CODE);
  jmon_wasm_free(&m);
}

/* ---- modules built or edited in memory ------------------------------------------------------ */

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n, size);
  if (!p) abort();
  return p;
}

static char *xstrdup(const char *s) {
  char *p = strdup(s);
  if (!p) abort();
  return p;
}

static void test_write_created_module(void **state) {
  (void)state;
  jmon_wasm_module_t m;
  memset(&m, 0, sizeof m);
  m.ntypes = 1;
  m.types = xcalloc(1, sizeof *m.types);
  m.types[0].nresults = 1;
  m.types[0].results = xcalloc(1, 1);
  m.types[0].results[0] = JMON_I32;
  m.nfuncs = 1;
  m.funcs = xcalloc(1, sizeof *m.funcs);
  m.funcs[0].ninstrs = 2;
  m.funcs[0].instrs = xcalloc(2, sizeof(jmon_instr_t));
  m.funcs[0].instrs[0].opcode = 0x41;
  m.funcs[0].instrs[0].imm.i32 = 300;
  m.funcs[0].instrs[1].opcode = 0x0b;
  m.nmemories = 1;
  m.memories = xcalloc(1, sizeof *m.memories);
  m.memories[0].limits.min = 1;
  m.nexports = 1;
  m.exports = xcalloc(1, sizeof *m.exports);
  m.exports[0].name = xstrdup("f");
  m.exports[0].name_len = 1;
  m.exports[0].kind = JMON_EXT_FUNC;
  m.ndatas = 1;
  m.datas = xcalloc(1, sizeof *m.datas);
  m.datas[0].offset.ninstrs = 1;
  m.datas[0].offset.instrs = xcalloc(1, sizeof(jmon_instr_t));
  m.datas[0].offset.instrs[0].opcode = 0x41;
  m.datas[0].size = 3;
  m.datas[0].owned_bytes = (uint8_t *)xstrdup("abc");
  m.ncustoms = 1;
  m.customs = xcalloc(1, sizeof *m.customs);
  m.customs[0].name = xstrdup("meta");
  m.customs[0].name_len = 4;
  m.customs[0].owned_bytes = (uint8_t *)xstrdup("Z");
  m.customs[0].size = 1;

  static const uint8_t expected[] = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x00, 0x06, 0x04, 'm', 'e', 't', 'a', 'Z',
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
      0x03, 0x02, 0x01, 0x00,
      0x05, 0x03, 0x01, 0x00, 0x01,
      0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,
      0x0a, 0x07, 0x01, 0x05, 0x00, 0x41, 0xac, 0x02, 0x0b,
      0x0b, 0x09, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x03, 'a', 'b', 'c',
  };
  uint8_t *out;
  size_t out_size;
  jmon_wasm_error_t err;
  assert_int_equal(jmon_wasm_write(&m, &out, &out_size, &err), JMON_WASM_OK);
  assert_int_equal(out_size, sizeof expected);
  assert_memory_equal(out, expected, sizeof expected);
  jmon_wasm_free(&m);

  jmon_wasm_module_t back;
  assert_int_equal(jmon_wasm_read(out, out_size, &back, &err), JMON_WASM_OK);
  assert_int_equal(back.funcs[0].instrs[0].imm.i32, 300);
  assert_memory_equal(back.datas[0].bytes, "abc", 3);
  jmon_wasm_free(&back);
}

/* Growing an immediate and a body changes the body and section sizes; the result still decodes. */
static void test_write_edited_module(void **state) {
  (void)state;
  wasm_buf_t b;
  build_full_module(&b);
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  assert_int_equal(read_copy(b.bytes, b.len, &m, &err), JMON_WASM_OK);

  /* i32.const 5 -> i32.const INT32_MIN: 1 byte -> 5 bytes. */
  m.funcs[1].instrs[1].imm.i32 = INT32_MIN;
  /* Function 0 grows past 127 bytes: 120 nops before its code, so its size LEB takes 2 bytes. */
  jmon_func_t *f = &m.funcs[0];
  uint32_t n = f->ninstrs + 120;
  jmon_instr_t *instrs = xcalloc(n, sizeof *instrs);
  for (uint32_t i = 0; i < 120; i++) instrs[i].opcode = 0x01;
  memcpy(instrs + 120, f->instrs, f->ninstrs * sizeof *instrs);
  free(f->instrs);
  f->instrs = instrs;
  f->ninstrs = n;

  uint8_t *out;
  size_t out_size;
  assert_int_equal(jmon_wasm_write(&m, &out, &out_size, &err), JMON_WASM_OK);
  assert_int_equal(out_size, b.len + 4 + 120 + 1 + 1);  /* + the code section's size LEB grows too */
  jmon_wasm_free(&m);

  jmon_wasm_module_t back;
  assert_int_equal(jmon_wasm_read(out, out_size, &back, &err), JMON_WASM_OK);
  assert_int_equal(back.funcs[1].instrs[1].imm.i32, INT32_MIN);
  assert_int_equal(back.funcs[0].ninstrs, 126);
  assert_int_equal(back.funcs[0].instrs[124].imm.f32_bits, 0x3fc00000);
  assert_memory_equal(jmon_wasm_find_custom(&back, "note")->bytes, "xy", 2);
  jmon_wasm_free(&back);
}

static void test_write_file(void **state) {
  (void)state;
  wasm_buf_t b;
  build_elem_forms_module(&b);
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  assert_int_equal(read_copy(b.bytes, b.len, &m, &err), JMON_WASM_OK);
  char path[] = "/tmp/jmon-test-wasm-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  assert_int_equal(jmon_wasm_write_file(&m, path, &err), JMON_WASM_OK);
  assert_int_equal(jmon_wasm_write_file(&m, "/nonexistent-dir/x.wasm", &err), JMON_WASM_ERR_IO);
  assert_int_equal(err.status, JMON_WASM_ERR_IO);
  jmon_wasm_free(&m);
  size_t len;
  uint8_t *bytes = slurp(path, &len);
  unlink(path);
  assert_non_null(bytes);
  assert_int_equal(len, b.len);
  assert_memory_equal(bytes, b.bytes, len);
  free(bytes);
}

/* ---- the real javy plugin -------------------------------------------------------------------- */

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_plugin_roundtrip(void **state) {
  (void)state;
  const char *path = getenv("JMON_PLUGIN_WASM");
  if (!path || !*path) {
    print_message("JMON_PLUGIN_WASM is not set: skipping the plugin round trip\n");
    skip();
  }
  double t0 = now_seconds();
  jmon_wasm_module_t m;
  jmon_wasm_error_t err;
  if (jmon_wasm_read_file(path, &m, &err) != JMON_WASM_OK)
    fail_msg("%s: offset 0x%zx: %s", path, err.offset, err.message);
  double t1 = now_seconds();
  uint8_t *out;
  size_t out_size;
  assert_int_equal(jmon_wasm_write(&m, &out, &out_size, &err), JMON_WASM_OK);
  double t2 = now_seconds();
  size_t ninstrs = 0;
  for (uint32_t i = 0; i < m.nfuncs; i++) ninstrs += m.funcs[i].ninstrs;
  print_message("plugin: %zu bytes, %u functions, %zu instructions; read %.3f s, write %.3f s\n",
                m.input_size, m.nfuncs, ninstrs, t1 - t0, t2 - t1);
  size_t i = 0;
  while (i < m.input_size && i < out_size && out[i] == m.input[i]) i++;
  if (i != m.input_size || out_size != m.input_size)
    fail_msg("plugin re-encoding differs at offset 0x%zx", i);
  assert_true(ninstrs > 100000);
  free(out);
  jmon_wasm_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_leb128_write_table),
      cmocka_unit_test(test_leb128_write_padded),
      cmocka_unit_test(test_roundtrip_hand_built),
      cmocka_unit_test(test_roundtrip_wat_modules),
      cmocka_unit_test(test_custom_section_position),
      cmocka_unit_test(test_write_created_module),
      cmocka_unit_test(test_write_edited_module),
      cmocka_unit_test(test_write_file),
      cmocka_unit_test(test_plugin_roundtrip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
