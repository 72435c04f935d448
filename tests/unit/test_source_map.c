/* test_source_map.c: cmocka tests of translator/source_map.c and js_origin.c's lexical name rule,
 * on hand-made maps whose segments were decoded by hand (base64 VLQ digits: A=0 C=1 D=-1 E=2 G=3
 * I=4 Q=8; "gB" = 16: g = 32 = continuation + low bits 00000, B = 1 << 5, 32 >> 1 = 16). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "js_origin.h"
#include "source_map.h"

/* ---- well-formed maps: every segment as decoded by hand ---------------------------------- */

typedef struct { uint32_t gl, gc; int32_t src; uint32_t l, c; int32_t name; } seg_t;

typedef struct {
  const char *what;
  const char *json;
  uint32_t nsources;
  const char *sources[3];
  const char *content0;       /* sourcesContent[0], or NULL */
  uint32_t nnames;
  size_t nsegs;
  seg_t segs[8];
} good_case_t;

static const good_case_t k_good[] = {
  {"one 4-field segment", "{\"version\":3,\"sources\":[\"a.ts\"],\"names\":[],\"mappings\":\"AAAA\"}",
   1, {"a.ts"}, NULL, 0, 1, {{0, 0, 0, 0, 0, -1}}},
  {"fields are relative; ';' resets the column only",
   "{\"version\":3,\"sources\":[\"a.ts\",\"b.js\"],\"names\":[\"foo\"],\"mappings\":\"AAAA,IAAI,GCCCA;EAAE\"}",
   2, {"a.ts", "b.js"}, NULL, 1, 4,
   {{0, 0, 0, 0, 0, -1}, {0, 4, 0, 0, 4, -1}, {0, 7, 1, 1, 5, 0}, {1, 2, 1, 1, 7, -1}}},
  {"sourceRoot without a slash gets one; null source is \"\"; 1-field segment maps nothing",
   "{\"version\":3,\"sourceRoot\":\"src\",\"sources\":[\"x.ts\",null],\"sourcesContent\":[\"let a = 1;\\n\"],"
   "\"names\":[],\"mappings\":\";;AAAA,C\"}",
   2, {"src/x.ts", ""}, "let a = 1;\n", 0, 2, {{2, 0, 0, 0, 0, -1}, {2, 1, -1, 0, 0, -1}}},
  {"multi-digit VLQ (gB = 16), negative deltas",
   "{\"version\":3,\"sources\":[\"a\"],\"names\":[],\"mappings\":\"gBAQA,DADA\"}",
   1, {"a"}, NULL, 0, 2, {{0, 15, 0, 7, 0, -1}, {0, 16, 0, 8, 0, -1}}},   /* sorted by position */
  {"index map: sections shifted by their offset (column on the first line only)",
   "{\"version\":3,\"sections\":[{\"offset\":{\"line\":0,\"column\":0},\"map\":{\"version\":3,\"sources\":[\"a\"],"
   "\"names\":[],\"mappings\":\"AAAA\"}},{\"offset\":{\"line\":2,\"column\":10},\"map\":{\"version\":3,"
   "\"sources\":[\"b\"],\"names\":[\"n\"],\"mappings\":\"EAAAA;AACA\"}}]}",
   2, {"a", "b"}, NULL, 1, 3, {{0, 0, 0, 0, 0, -1}, {2, 12, 1, 0, 0, 0}, {3, 0, 1, 1, 0, -1}}},
};

static void test_good_maps(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof k_good / sizeof k_good[0]; i++) {
    const good_case_t *c = &k_good[i];
    jmon_smap_t m;
    char err[256] = "";
    size_t off = 0;
    jmon_smap_status_t st = jmon_smap_parse(c->json, strlen(c->json), &m, &off, err, sizeof err);
    if (st != JMON_SMAP_OK) fail_msg("%s: %s at %zu", c->what, err, off);
    assert_int_equal(m.nsources, c->nsources);
    for (uint32_t s = 0; s < c->nsources; s++) assert_string_equal(m.sources[s], c->sources[s]);
    if (c->content0) assert_string_equal(m.contents[0], c->content0);
    assert_int_equal(m.nnames, c->nnames);
    if (m.nsegments != c->nsegs) fail_msg("%s: %zu segments, want %zu", c->what, m.nsegments, c->nsegs);
    for (size_t k = 0; k < c->nsegs; k++) {
      const jmon_smap_segment_t *g = &m.segments[k];
      const seg_t *w = &c->segs[k];
      if (g->gen_line != w->gl || g->gen_col != w->gc || g->source != w->src || g->name != w->name ||
          (w->src >= 0 && (g->line != w->l || g->col != w->c)))
        fail_msg("%s: segment %zu is %u:%u src %d %u:%u name %d, want %u:%u src %d %u:%u name %d", c->what, k,
                 g->gen_line, g->gen_col, g->source, g->line, g->col, g->name, w->gl, w->gc, w->src, w->l, w->c,
                 w->name);
    }
    jmon_smap_free(&m);
  }
}

/* ---- bad maps: status, the byte offset, and the message ---------------------------------- */

typedef struct {
  const char *json;
  jmon_smap_status_t status;
  size_t offset;
  const char *message;   /* a substring of the message */
} bad_case_t;

static const bad_case_t k_bad[] = {
  {"", JMON_SMAP_ERR_JSON, 0, "unexpected end"},
  {"{\"version\":3,", JMON_SMAP_ERR_JSON, 13, "JSON"},
  {"[]", JMON_SMAP_ERR_MALFORMED, 0, "not a JSON object"},
  {"{\"sources\":[],\"mappings\":\"\"}", JMON_SMAP_ERR_MALFORMED, 0, "no \"version\""},
  {"{\"version\":2,\"sources\":[],\"mappings\":\"\"}", JMON_SMAP_ERR_UNSUPPORTED, 11, "version is not 3"},
  {"{\"version\":3,\"sources\":[]}", JMON_SMAP_ERR_MALFORMED, 0, "no \"mappings\""},
  {"{\"version\":3,\"sources\":[],\"mappings\":7}", JMON_SMAP_ERR_MALFORMED, 37, "not a string"},
  {"{\"version\":3,\"mappings\":\"\"}", JMON_SMAP_ERR_MALFORMED, 0, "no \"sources\""},
  {"{\"version\":3,\"sources\":[1],\"mappings\":\"\"}", JMON_SMAP_ERR_MALFORMED, 24, "sources[0]: not a string"},
  /* the mappings string's quote is at offset 40, so its character k is at 41+k; segment errors
   * point at the segment's first character, VLQ errors at the offending digit */
  {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AAAA,A!AA\"}", JMON_SMAP_ERR_MALFORMED, 47, "invalid base64"},
  {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AAAA;AA\"}", JMON_SMAP_ERR_MALFORMED, 46, "2 fields"},
  {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AAAAAA\"}", JMON_SMAP_ERR_MALFORMED, 41, "more than 5"},
  {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"ACAA\"}", JMON_SMAP_ERR_MALFORMED, 41, "source index 1 out of range"},
  {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AAAAC\"}", JMON_SMAP_ERR_MALFORMED, 41, "name index 1 out of range"},
  {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AADA\"}", JMON_SMAP_ERR_MALFORMED, 41, "negative original"},
  {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"D\"}", JMON_SMAP_ERR_MALFORMED, 41, "negative generated"},
  {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"g\"}", JMON_SMAP_ERR_MALFORMED, 42, "ends inside a VLQ"},
  /* seven continuation digits hold 35 bits: the eighth (offset 41+7) is one too many */
  {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"gggggggC\"}", JMON_SMAP_ERR_MALFORMED, 48, "too large"},
  /* `{"version":3,"sections":[` is 25 bytes: the first section object is at 25 */
  {"{\"version\":3,\"sections\":[{\"offset\":{\"line\":0,\"column\":0},\"url\":\"x.map\"}]}",
   JMON_SMAP_ERR_UNSUPPORTED, 25, "\"url\" sections are not supported"},
  {"{\"version\":3,\"sections\":[{\"map\":{}}]}", JMON_SMAP_ERR_MALFORMED, 25, "no valid \"offset\""},
};

static void test_bad_maps(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof k_bad / sizeof k_bad[0]; i++) {
    const bad_case_t *c = &k_bad[i];
    jmon_smap_t m;
    char err[256] = "";
    size_t off = 12345;
    jmon_smap_status_t st = jmon_smap_parse(c->json, strlen(c->json), &m, &off, err, sizeof err);
    if (st != c->status || off != c->offset || !strstr(err, c->message))
      fail_msg("case %zu (%s): status %d offset %zu '%s', want %d offset %zu '%s'", i, c->json, st, off, err,
               c->status, c->offset, c->message);
    assert_int_equal(m.nsegments, 0);   /* zeroed on failure */
  }
}

/* ---- lookup ------------------------------------------------------------------------------- */

static void test_lookup(void **state) {
  (void)state;
  /* line 0: cols 0 (src 0 0:0), 4 (1-field: nothing), 8 (src 0 1:2 name 0) */
  const char *json = "{\"version\":3,\"sources\":[\"a\"],\"names\":[\"n\"],\"mappings\":\"AAAA,I,IACEA\"}";
  jmon_smap_t m;
  assert_int_equal(jmon_smap_parse(json, strlen(json), &m, NULL, NULL, 0), JMON_SMAP_OK);
  static const struct { uint32_t l, c; int found; uint32_t ol, oc; } rows[] = {
    {0, 0, 1, 0, 0}, {0, 3, 1, 0, 0}, {0, 4, 0, 0, 0}, {0, 7, 0, 0, 0}, {0, 8, 1, 1, 2}, {0, 99, 1, 1, 2},
    {1, 0, 0, 0, 0},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const jmon_smap_segment_t *s = jmon_smap_lookup(&m, rows[i].l, rows[i].c);
    if (!rows[i].found) {
      if (s) fail_msg("lookup %u:%u found a segment", rows[i].l, rows[i].c);
      continue;
    }
    if (!s || s->line != rows[i].ol || s->col != rows[i].oc) fail_msg("lookup %u:%u", rows[i].l, rows[i].c);
  }
  assert_non_null(jmon_smap_at(&m, 0, 8));
  assert_null(jmon_smap_at(&m, 0, 9));
  jmon_smap_free(&m);
}

/* ---- inline maps in JS -------------------------------------------------------------------- */

static void test_inline(void **state) {
  (void)state;
  /* base64 of {"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA"} */
  const char *js = "console.log(1);\n//# sourceMappingURL=data:application/json;base64,"
                   "eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbImEudHMiXSwibmFtZXMiOltdLCJtYXBwaW5ncyI6IkFBQUEifQ==\n";
  jmon_smap_t m;
  char err[256];
  assert_int_equal(jmon_smap_from_js(js, strlen(js), &m, NULL, err, sizeof err), JMON_SMAP_OK);
  assert_int_equal(m.nsources, 1);
  assert_string_equal(m.sources[0], "a.ts");
  assert_int_equal(m.nsegments, 1);
  jmon_smap_free(&m);
  const char *none = "console.log(1);\n//# sourceMappingURL=app.js.map\n";
  assert_int_equal(jmon_smap_from_js(none, strlen(none), &m, NULL, err, sizeof err), JMON_SMAP_ERR_NOT_FOUND);
  const char *bad = "x\n//# sourceMappingURL=data:application/json;base64,e30=\n";   /* {} */
  assert_int_equal(jmon_smap_from_js(bad, strlen(bad), &m, NULL, err, sizeof err), JMON_SMAP_ERR_MALFORMED);
  assert_non_null(strstr(err, "inline source map: offset 0x0"));
}

/* ---- the lexical name rule (js_origin.h) --------------------------------------------------- */

static const struct { const char *before; const char *want; } k_infer[] = {
  {"pp.parseStatement = ", "pp.parseStatement"},
  {"a.b.c =\n  ", "a.b.c"},
  {"X.prototype.m = ", "X.m"},
  {"module.exports = ", "module.exports"},
  {"exports.f = async ", "exports.f"},
  {"const f = ", "f"},
  {"obj[\"key\"] = ", "obj.key"},
  {"var o = { foo: ", "foo"},
  {"var o = { a: 1, 'bar-baz': ", "bar-baz"},
  {"// see the comment above.\npp.next = ", "pp.next"},
  {"// the end.\n/* and */ pp.next = ", "pp.next"},
  {"x = a ? b : ", ""},            /* a ternary, not a key */
  {"xs.map(", ""},                 /* callbacks stay anonymous */
  {"f(a, ", ""},
  {"return ", ""},
  {"if (a == ", ""},
  {"a += ", ""},
  {"a[i] = ", ""},                 /* computed key */
  {"", ""},
};

static void test_infer(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof k_infer / sizeof k_infer[0]; i++) {
    const char *t = k_infer[i].before;
    size_t st[8], ln[8];
    size_t n = jmon_js_infer_name(t, strlen(t), st, ln, 8);
    char got[128] = "";
    size_t o = 0;
    for (size_t k = 0; k < n; k++) o += (size_t)snprintf(got + o, sizeof got - o, "%s%.*s", k ? "." : "", (int)ln[k], t + st[k]);
    if (strcmp(got, k_infer[i].want) != 0) fail_msg("'%s': got '%s', want '%s'", t, got, k_infer[i].want);
  }
}

static void test_package(void **state) {
  (void)state;
  static const char *const rows[][2] = {
    {"../node_modules/zod/lib/types.js", "zod"},
    {"../node_modules/@scope/pkg/index.js", "@scope/pkg"},
    {"node_modules/a/node_modules/b/x.js", "b"},
    {"../src/cart.ts", "your code"},
  };
  char buf[64];
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    assert_string_equal(jmon_js_package_of(rows[i][0], buf, sizeof buf), rows[i][1]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_good_maps), cmocka_unit_test(test_bad_maps), cmocka_unit_test(test_lookup),
    cmocka_unit_test(test_inline),    cmocka_unit_test(test_infer),    cmocka_unit_test(test_package),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
