/* js_origin.h: JS functions in the user's terms: source-map positions, original and inferred names.
 *
 * Positions. QuickJS lines are 1-based; its columns are 1-based too, except on the first line,
 * where they are 0-based (checked on the 1.7.0 plugin, quickjs-ng 0.11: `var a = function` reports
 * `function` at col 8 on line 1 and at col 9 on line 2; it matters for minified bundles, which are
 * one long first line). A source map's lines and columns are 0-based. So a function at bundle
 * line:col is looked up at (line-1, line == 1 ? col : col-1); its original position is reported
 * as (line+1, col+1) and its bundle position as gen_line = line, gen_col = the 0-based column + 1:
 * every position in a profile with a map is 1-based. Columns count bytes in QuickJS and UTF-16
 * units in maps: equal for ASCII bundles (esbuild's default output charset).
 * The top level has no position of its own in a bundle; nor has a function whose start the map
 * does not cover and whose pc2line rows the map puts in several sources (esbuild's
 * `(() => {...})()` around an IIFE bundle): such a function keeps its bundle file and position,
 * and each of its rows goes to the source the map gives (row_sources). Any other function's rows
 * stay in its own file; a function no segment starts within (code the map leaves out, covered in a
 * one-line bundle by the code before it) is unmapped.
 *
 * Names. A function keeps the name its bytecode gives it, except:
 *  - top-level code a bundler wrapped in a function (a function treated as top level above, or one
 *    whose start maps to line 1, column 1 of its source, anonymous or named by a key that is no
 *    identifier: esbuild's `__esm({"src/a.js"() {`): `<eval>`, inferred;
 *  - minified: where the map has a `names` entry at the function's own name token (the last
 *    identifier before the first `(`, `{` or `=` of its source text), that original name;
 *  - anonymous or declared in the bundle but `[async] function [*] NAME` / `class NAME` in the
 *    original text at the function's exactly mapped start, or after the `NAME =` / `NAME:` the
 *    segment just before maps (a minifier dropped a function expression's name, a bundler renamed a
 *    declaration: esbuild's `Schema2`): NAME;
 *  - named by context (anonymous, or named by JS from `x = function`): the inference rule below
 *    on the text before the function's start: the bundle's (the enclosing function's source text
 *    from the bytecode, else --js-source), each identifier renamed through the map's `names` at
 *    its position; else the original source's (sourcesContent) at the exactly mapped start; else,
 *    for a name JS gave from a binding, the map's name at `NAME=` / `NAME = ` right before the start.
 *    A name found this way for a function the bytecode calls anonymous is marked inferred.
 * A class constructor's position in QuickJS is near the class's end, not its start: its start is
 * found from its text in the enclosing text, else from a method whose text lies inside the class's.
 * Inference rule (lexical, after V8's FuncNameInferrer; not a parser): skip whitespace and an
 * `async` keyword backwards from the function's start, then
 *  - `TARGET =` (a plain `=`, not `==`, `!=`, `<=`, `>=`, `=>` or a compound assignment) where
 *    TARGET is a chain `a.b.c` / `a["b"]` of identifiers: the chain joined with `.`, `prototype`
 *    left out as V8 does (`X.prototype.m = function` → `X.m`; `module.exports = function` →
 *    `module.exports`); a leading `var`/`let`/`const` is not part of it;
 *  - `KEY :` with `{` or `,` before KEY (an object literal key: identifier, string or number): KEY;
 *  - anything else (`(`, `,`, `return`, ...: a callback or a returned function): no name.
 * Returned functions (after SpiderMonkey's display names, frontend/NameFunctions.cpp, which the
 * Firefox profiler shows): a function still anonymous whose text is preceded by `return` or by
 * `=>` (an arrow's body) in the bundle or in the original source at its exactly mapped start (a
 * minifier writes `return a=b,function(){`), and whose parent is a function (not the top level) with a name, is named
 * `PARENT/<` ("an anonymous function in PARENT"), marked inferred: `function overArg(f, t) {
 * return function (x) {...} }` → `overArg/<`; nested, `a/</<`. Callbacks passed as arguments stay
 * anonymous (SpiderMonkey would name them `PARENT/<` too).
 */
#ifndef JMON_JS_ORIGIN_H
#define JMON_JS_ORIGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qjs_bytecode.h"
#include "source_map.h"

/** Where one function of a jmon_qjs_module_t comes from, in the user's terms. */
typedef struct {
  char *name;            /**< owned; "" = anonymous */
  bool inferred;         /**< the name comes from the inference rule, not the bytecode */
  char *file;            /**< owned; the map's source, or the bytecode's filename when unmapped */
  int32_t line, col;     /**< 1-based; original when mapped */
  int32_t gen_line, gen_col; /**< 1-based bundle position when mapped, else 0 */
  int32_t source;        /**< the map's source index of `file`, or -1 (unmapped: the bytecode's filename) */
  int32_t *row_lines;    /**< owned; npc2line entries: each pc2line row's line */
  int32_t *row_sources;  /**< owned; npc2line entries: each row's map source index, or -1 (the bytecode's
                              filename and line: top-level code spans many sources, each row has its own) */
  char *package;         /**< owned; jmon_js_package_of(file) when mapped, else "" */
  bool returned;         /**< (while computing) anonymous and returned by its parent: PARENT/< */
  int32_t text_line, text_col; /**< where its source text starts in the bundle (QuickJS units), when
                                    located; 0 = not located (then its own position is used) */
} jmon_js_origin_t;

/**
 * Compute the origin of every function of qm. `map` and `bundle` (the JS that was compiled,
 * bundle_len bytes) may each be NULL. @return 0 and *out (qm->nfunctions entries, free with
 * jmon_js_origin_free), or -1 when out of memory.
 */
int jmon_js_origin_compute(const jmon_qjs_module_t *qm, const jmon_smap_t *map, const char *bundle,
                           size_t bundle_len, jmon_js_origin_t **out);

/** Free what jmon_js_origin_compute returned (n entries). NULL is fine. */
void jmon_js_origin_free(jmon_js_origin_t *o, uint32_t n);

/**
 * The inference rule above on `text[0..end)` (end = the function's start). @return the number of
 * name components found (0 = no name; at most max), in source order, `prototype` dropped; each is
 * text[starts[i] .. starts[i]+lens[i]) (a string key without its quotes).
 */
size_t jmon_js_infer_name(const char *text, size_t end, size_t starts[], size_t lens[], size_t max);

/** Whether the text before `end` (a function's start) returns it: `return` or an arrow's `=>`
 *  (skipping whitespace, comments and `async` backwards). */
bool jmon_js_is_returned(const char *text, size_t end);

/** The package of a source path: "node_modules/<name>" → "<name>" (or "@scope/name") of the last
 *  node_modules component; else "your code". Writes into buf (size n) and returns it. */
const char *jmon_js_package_of(const char *file, char *buf, size_t n);

/** What --source-map and --js-source give: a parsed map (or none) and the bundle's text (or none). */
typedef struct {
  bool has_map;
  jmon_smap_t map;
  char *bundle;          /**< owned, NUL-terminated, or NULL */
  size_t bundle_len;
} jmon_js_sources_t;

/**
 * Read --source-map MAP_PATH and --js-source JS_PATH (either may be NULL). Without a map file, an
 * inline `//# sourceMappingURL=data:...;base64,` in the JS is used when present.
 * @return 0 and *s filled (free with jmon_js_sources_free), or 1 with a one-line message in err:
 *         "app.js.map: offset 0x1f: mappings: invalid base64 character 0x21",
 *         "app.js: inline source map: offset 0x..: ..." (offset in the decoded map).
 */
int jmon_js_sources_read(const char *map_path, const char *js_path, jmon_js_sources_t *s, char *err, size_t errlen);

/** Free what jmon_js_sources_read filled and zero it. Safe on a zeroed value. */
void jmon_js_sources_free(jmon_js_sources_t *s);

#endif
