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

/* ---- returned functions: PARENT/< (js_origin.h), through jmon_js_origin_compute ----------- */

/* A snippet of JS as the bytecode would hold it: function 0 is the top level (no text), each other
 * function's text is the snippet from its marker on, its position QuickJS's (line 1 0-based). */
typedef struct { const char *marker; int32_t parent; const char *name; bool name_inferred; const char *want; } fn_row_t;
typedef struct { const char *text; fn_row_t fns[4]; } returned_case_t;

static const returned_case_t k_returned[] = {
  {"function overArg(func, transform) {\n  return function (arg) {\n    return func(transform(arg));\n  };\n}",
   {{"function overArg", 0, "overArg", false, "overArg"}, {"function (arg)", 1, "", false, "overArg/<"}}},
  {"function curry(a) {\n  return (b) => a + b;\n}",
   {{"function curry", 0, "curry", false, "curry"}, {"(b) =>", 1, "", false, "curry/<"}}},
  {"function mk() {\n  return async function () {};\n}",   /* `async` is skipped */
   {{"function mk", 0, "mk", false, "mk"}, {"function ()", 1, "", false, "mk/<"}}},
  /* an arrow's body; the parent named by JS from its binding */
  {"function adder(a) {\n  const f = (b) => (c) => a + b + c;\n  return f;\n}",
   {{"function adder", 0, "adder", false, "adder"}, {"(b) =>", 1, "f", true, "f"}, {"(c) =>", 2, "", false, "f/<"}}},
  {"function a() {\n  return function () {\n    return function () {};\n  };\n}",
   {{"function a", 0, "a", false, "a"}, {"function () {\n    return", 1, "", false, "a/<"},
    {"function () {}", 2, "", false, "a/</<"}}},
  /* callbacks stay anonymous */
  {"function sortAll(xs) {\n  return xs.map(function (x) { return x; });\n}",
   {{"function sortAll", 0, "sortAll", false, "sortAll"}, {"function (x)", 1, "", false, ""}}},
  /* not returned as such */
  {"function h(c) {\n  return c ? function () {} : null;\n}",
   {{"function h", 0, "h", false, "h"}, {"function ()", 1, "", false, ""}}},
  /* `x.return =` is an assignment (V8's rule), not a return */
  {"function g(o) {\n  o.return = function () {};\n}",
   {{"function g", 0, "g", false, "g"}, {"function ()", 1, "", false, "o.return"}}},
  /* an anonymous parent gives no name */
  {"(function () {\n  return function () {};\n})",
   {{"function () {\n  return", 0, "", false, ""}, {"function () {}", 1, "", false, ""}}},
  /* returned from the top level's own function, written at line 1 (0-based columns) */
  {"function one() { return () => 1; }",
   {{"function one", 0, "one", false, "one"}, {"() =>", 1, "", false, "one/<"}}},
};

static void test_returned(void **state) {
  (void)state;
  for (size_t c = 0; c < sizeof k_returned / sizeof k_returned[0]; c++) {
    const returned_case_t *k = &k_returned[c];
    jmon_qjs_function_t fns[5];
    memset(fns, 0, sizeof fns);
    fns[0] = (jmon_qjs_function_t){.name = (char *)"", .filename = (char *)"t.js", .line = 1, .col = 0,
                                   .has_debug = true, .parent = -1};
    uint32_t n = 1;
    size_t len = strlen(k->text);
    for (; n < 5 && k->fns[n - 1].marker; n++) {
      const fn_row_t *r = &k->fns[n - 1];
      const char *at = strstr(k->text, r->marker);
      assert_non_null(at);
      size_t off = (size_t)(at - k->text), ls = 0;
      int32_t line = 1;
      for (size_t i = 0; i < off; i++)
        if (k->text[i] == '\n') { line++; ls = i + 1; }
      fns[n] = (jmon_qjs_function_t){.name = (char *)r->name, .filename = (char *)"t.js", .line = line,
                                     .col = line == 1 ? (int32_t)off : (int32_t)(off - ls) + 1, .has_debug = true,
                                     .source = (const uint8_t *)at, .source_len = (uint32_t)(len - off),
                                     .parent = r->parent, .name_inferred = r->name_inferred};
    }
    jmon_qjs_module_t qm = {.nfunctions = n, .functions = fns};
    jmon_js_origin_t *o = NULL;
    assert_int_equal(jmon_js_origin_compute(&qm, NULL, NULL, 0, &o), 0);
    for (uint32_t i = 1; i < n; i++) {
      const fn_row_t *r = &k->fns[i - 1];
      if (strcmp(o[i].name, r->want) != 0)
        fail_msg("case %zu, function at '%s': got '%s', want '%s'", c, r->marker, o[i].name, r->want);
      /* inferred: named here, not by the bytecode */
      assert_int_equal(o[i].inferred, !r->name[0] && r->want[0]);
    }
    jmon_js_origin_free(o, n);
  }
}

/* ---- top-level code a bundler wrapped: <eval> (js_origin.h), on a one-line bundle ---------- */

/* Bundle `var a=R(()=>{x()});`: the arrow (QuickJS position col 8, 0-based on line 1) with one
 * row at `x` (col 13). Map: segments at col 8 and col 13 (13 - 8 = 5: "K"), both to source 0;
 * the first to line 0 col `c` ("A" = 0, "I" = 4), the second 0 columns further ("A"). */
static const struct { const char *mappings; const char *name; const char *want; bool inferred; } k_wrapped[] = {
  {"QAAA,KAAA", "", "<eval>", true},              /* starts at 1:1 of src/a.js: its module's top level */
  {"QAAA,KAAA", "src/a.js", "<eval>", true},      /* named by a key that is no identifier */
  {"QAAA,KAAA", "init", "init", false},           /* an identifier's name stays */
  {"QAAI,KAAA", "", "", false},                   /* starts at 1:5: a function like others */
};

static void test_wrapped(void **state) {
  (void)state;
  static const char bundle[] = "var a=R(()=>{x()});";
  for (size_t c = 0; c < sizeof k_wrapped / sizeof k_wrapped[0]; c++) {
    char json[256];
    snprintf(json, sizeof json, "{\"version\":3,\"sources\":[\"src/a.js\"],\"names\":[],\"mappings\":\"%s\"}",
             k_wrapped[c].mappings);
    jmon_smap_t map;
    size_t off = 0;
    char msg[128];
    assert_int_equal(jmon_smap_parse(json, strlen(json), &map, &off, msg, sizeof msg), JMON_SMAP_OK);
    jmon_qjs_pc2line_t row = {.pc = 0, .line = 1, .col = 13};
    jmon_qjs_function_t fns[2] = {
      {.name = (char *)"<eval>", .filename = (char *)"function.mjs", .line = 1, .col = 0, .has_debug = true, .parent = -1},
      {.name = (char *)k_wrapped[c].name, .filename = (char *)"function.mjs", .line = 1, .col = 8, .has_debug = true,
       .source = (const uint8_t *)bundle + 8, .source_len = 10, .parent = 0, .npc2line = 1, .pc2line = &row},
    };
    jmon_qjs_module_t qm = {.nfunctions = 2, .functions = fns};
    jmon_js_origin_t *o = NULL;
    assert_int_equal(jmon_js_origin_compute(&qm, &map, bundle, sizeof bundle - 1, &o), 0);
    if (strcmp(o[1].name, k_wrapped[c].want) != 0) fail_msg("case %zu: got '%s', want '%s'", c, o[1].name, k_wrapped[c].want);
    assert_int_equal(o[1].inferred, k_wrapped[c].inferred);
    assert_string_equal(o[1].file, "src/a.js");
    jmon_js_origin_free(o, 2);
    jmon_smap_free(&map);
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
    cmocka_unit_test(test_returned),  cmocka_unit_test(test_wrapped),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
