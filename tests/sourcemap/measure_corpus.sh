#!/usr/bin/env bash
# measure_corpus.sh: the source-map figures of issue 15 on the whole corpus, plain and --minify.
# (not part of `make test`: 24 jmon-aot builds, ~10 s each with a warm compile cache).
#
# Usage: tests/sourcemap/measure_corpus.sh [WORKDIR]   (default build/fixtures/sourcemap-corpus)
#   CORPUS_ONLY="NAME ..."  only these bundles of perf/corpus/bundles
#   MEASURE_JS_SOURCE=0     do not give jmon-aot the bundle (--js-source; default: given)
#   MEASURE_DETAIL=N        also list, per bundle, the N anonymous and N unmapped functions with
#                           the most self fuel (name, file:line:col, bundle position)
# The corpus is perf/corpus (`make corpus`: esbuild bundles of npm libraries driven by our
# programs, with source maps). Each bundle is measured as perf/corpus.sh builds it (plain) and as
# esbuild builds it with --minify (same driver, project and cache); each is built with
# --source-map and run deterministically on its `// callgrind-args:` input (stdout must equal
# node's). Prints per bundle: functions with fuel reported by address (`0x...`), % of JS fuel
# (total_fuel - outside_js_fuel) in original files (js_files other than the bundle's
# function.mjs and ""), % in anonymous functions (self fuel of `<anonymous>`), and for the minified
# bundle the fueled JS functions of original files whose (name, file, line) the plain profile lacks
# and vice versa (with the plain profile's share of JS fuel in those it alone has), and how many
# fueled functions each has in no original file (the bundler's own code: esbuild's runtime helpers,
# whose minified names no map restores).
# Exit 1 when a build fails or a run differs from node.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
B="${E2E_BUILD:-build}"
W="$(mkdir -p "${1:-$B/fixtures/sourcemap-corpus}" && cd "${1:-$B/fixtures/sourcemap-corpus}" && pwd)" || exit 2
PLUGIN="$(tools/fetch_plugin.sh)" || exit 2
C="$B/perf/corpus"
CORPUS_ONLY="${CORPUS_ONLY:-}" perf/corpus.sh "$C" || exit 2
C="$(cd "$C" && pwd)"
# perf/corpus.sh's npm cache (same key) holds esbuild and the drivers' projects.
LOCK_SHA="$(cat perf/corpus/package.json perf/corpus/package-lock.json | sha256sum | cut -c1-16)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/jmon-aot/corpus/$LOCK_SHA"
ESBUILD="$CACHE/node_modules/.bin/esbuild"
JS_SOURCE="${MEASURE_JS_SOURCE:-1}"
[ "$JS_SOURCE" = 0 ] && JS_SOURCE=
status=0
names=()
while read -r name driver project; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ -n "${CORPUS_ONLY:-}" ]; then case " $CORPUS_ONLY " in *" $name "*) ;; *) continue ;; esac; fi
  names+=("$name")
  args="$(cat "$C/$name.cg.args")"
  cp "$C/$name.js" "$C/$name.js.map" "$C/$name.wasm" "$W/"
  (cd "$CACHE/src-$project" && "$ESBUILD" "$driver.js" --bundle --sourcemap --minify --log-level=warning \
      --outfile="$CACHE/out/$name.min.js") || { echo "$name.min: esbuild failed"; status=1; continue; }
  cp "$CACHE/out/$name.min.js" "$CACHE/out/$name.min.js.map" "$W/"   # sources relative to out/, as the plain map's
  node tools/javy_compile.mjs "$PLUGIN" "$W/$name.min.js" "$W/$name.min.bc" &&
    "$B/bin/jmon-javy-build" "$PLUGIN" "$W/$name.min.bc" -o "$W/$name.min.wasm" > "$W/$name.min.javy.log" 2>&1 ||
    { echo "$name.min: javy module failed"; status=1; continue; }
  for n in "$name" "$name.min"; do
    "$B/bin/jmon-aot" "$W/$n.wasm" --source-map "$W/$n.js.map" ${JS_SOURCE:+--js-source "$W/$n.js"} \
      -o "$W/$n.mon" > "$W/$n.log" 2>&1 || { echo "$n: build failed: $(tail -n 2 "$W/$n.log")"; status=1; continue; }
    (cd "$W" && node "$ROOT/tools/node_run.mjs" "$n.wasm" "$args" > "$n.node.out" 2>&1 < /dev/null)
    (cd "$W" && JMON_DETERMINISTIC=1 JMON_PROFILE="$n.json" "./$n.mon" "$args" > "$n.mon.out" 2>&1 < /dev/null)
    cmp -s "$W/$n.node.out" "$W/$n.mon.out" || { echo "$n: output differs from node"; status=1; }
  done
done < perf/corpus/bundles
python3 - "$W" "${MEASURE_DETAIL:-0}" "${names[@]}" <<'PY'
import json, os, sys
w, detail, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def load(n):
    p = os.path.join(w, n + ".json")
    return json.load(open(p)) if os.path.exists(p) else None
def unmapped_file(f): return f in ("", "function.mjs")
def figures(p):
    js = p["total_fuel"] - p["outside_js_fuel"]
    mapped = sum(x["fuel"] for x in p["js_files"] if not unmapped_file(x["file"]))
    anon = sum(f["self_fuel"] for f in p["js_functions"] if f["name"] == "<anonymous>")
    naddr = sum(1 for f in p["js_functions"] if f["name"].startswith("0x") and f["self_fuel"])
    return js, mapped, anon, naddr
def ident(p):   # JS functions in original files (bundler code and builtins are compared apart)
    return {(f["name"], f["file"], f["line"]) for f in p["js_functions"]
            if f["self_fuel"] and f["kind"] == "js" and not unmapped_file(f["file"])}
def bundler(p):
    return sum(1 for f in p["js_functions"] if f["self_fuel"] and f["kind"] == "js" and unmapped_file(f["file"]))
def pos(f):
    return f"{f.get('file', '')}:{f.get('line', 0)}:{f.get('col', 0)} (bundle {f.get('gen_line', '-')}:{f.get('gen_col', '-')})"
tot = [0, 0, 0, 0]
print(f"{'bundle':18} {'JS fuel':>12} {'#addr':>5} {'mapped':>7} {'anon':>6}  minified = plain")
for lib in names:
    plain = load(lib)
    for v in ("", ".min"):
        p = load(lib + v)
        if not p: print(f"{lib + v:18} (no profile)"); continue
        js, mapped, anon, naddr = figures(p)
        tot = [a + b for a, b in zip(tot, (js, mapped, anon, naddr))]
        same = ""
        if v and plain:
            a, b = ident(plain), ident(p)
            fuel = sum(f["self_fuel"] for f in plain["js_functions"] if f["self_fuel"] and
                       (f["name"], f.get("file", ""), f.get("line", 0)) in a - b)
            pj = plain["total_fuel"] - plain["outside_js_fuel"]
            same = "yes" if a == b else (f"no: {len(a - b)} plain-only ({100 * fuel / pj:.2f}% of its JS fuel) "
                                         f"{sorted(a - b)[:4]}, {len(b - a)} min-only {sorted(b - a)[:4]}")
            same += f"; unmapped (bundler) functions: {bundler(plain)} plain, {bundler(p)} min"
        print(f"{lib + v:18} {js:12d} {naddr:5d} {100 * mapped / js:6.1f}% {100 * anon / js:5.1f}%  {same}")
        if detail:
            fs = sorted(p["js_functions"], key=lambda f: -f["self_fuel"])
            for f in [f for f in fs if f["name"] == "<anonymous>" and f["self_fuel"]][:detail]:
                print(f"    anon     {100 * f['self_fuel'] / js:5.1f}%  {pos(f)}")
            for f in [f for f in fs if f["kind"] == "js" and unmapped_file(f.get("file", "")) and f["self_fuel"]][:detail]:
                print(f"    unmapped {100 * f['self_fuel'] / js:5.1f}%  {f['name']} {pos(f)}")
js = tot[0] or 1
print(f"{'all':18} {tot[0]:12d} {tot[3]:5d} {100 * tot[1] / js:6.1f}% {100 * tot[2] / js:5.1f}%")
PY
exit $status
