#!/usr/bin/env bash
# measure_corpus.sh: the source-map figures of issue 15 on esbuild bundles of popular npm libraries
# (tests/sourcemap/corpus/*.js drivers; not part of `make test`: ~12 jmon-aot builds).
#
# Usage: tests/sourcemap/measure_corpus.sh [WORKDIR]   (default build/fixtures/sourcemap-corpus)
#   MEASURE_JS_SOURCE=1 also gives jmon-aot the bundle (--js-source): exact function starts.
# Per library, a plain and a --minify bundle with their maps, each built with --source-map and run
# deterministically (stdout must equal node's). Prints per bundle: % of JS self fuel in original
# files (js_files other than the bundle's function.mjs and ""), % anonymous, % by address, and
# whether the minified profile names every fueled function as the plain one does (name, file,
# line); then the same over the whole corpus. Exit 1 when a run differs from node.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
B="${E2E_BUILD:-build}"
W="$(mkdir -p "${1:-$B/fixtures/sourcemap-corpus}" && cd "${1:-$B/fixtures/sourcemap-corpus}" && pwd)" || exit 2
PLUGIN="$(tools/fetch_plugin.sh)" || exit 2
ESBUILD="$(tests/tools/fetch_npm_fixtures.sh "$W" corpus)" || exit 2
mkdir -p "$W/src" "$W/out" && cp tests/sourcemap/corpus/*.js "$W/src/" || exit 2
status=0
for f in tests/sourcemap/corpus/*.js; do
  lib="$(basename "$f" .js)"
  for v in "" .min; do
    name="$lib$v"
    (cd "$W" && "$ESBUILD" "src/$lib.js" --bundle --format=esm --sourcemap ${v:+--minify} --log-level=warning \
      --outfile="out/$name.js") || { echo "$name: esbuild failed"; status=1; continue; }
    node tools/javy_compile.mjs "$PLUGIN" "$W/out/$name.js" "$W/$name.bc" &&
      "$B/bin/jmon-javy-build" "$PLUGIN" "$W/$name.bc" -o "$W/$name.wasm" &&
      "$B/bin/jmon-aot" "$W/$name.wasm" --source-map "$W/out/$name.js.map" \
        ${MEASURE_JS_SOURCE:+--js-source "$W/out/$name.js"} -o "$W/$name.mon" > "$W/$name.log" 2>&1 ||
      { echo "$name: build failed: $(tail -n 2 "$W/$name.log")"; status=1; continue; }
    (cd "$W" && node "$ROOT/tools/node_run.mjs" "$name.wasm" > "$name.node.out" 2>&1 < /dev/null)
    (cd "$W" && JMON_DETERMINISTIC=1 JMON_PROFILE="$name.json" "./$name.mon" > "$name.mon.out" 2>&1 < /dev/null)
    cmp -s "$W/$name.node.out" "$W/$name.mon.out" || { echo "$name: output differs from node"; status=1; }
  done
done
python3 - "$W" tests/sourcemap/corpus <<'PY'
import json, os, sys
w, corpus = sys.argv[1], sys.argv[2]
libs = sorted(os.path.splitext(f)[0] for f in os.listdir(corpus) if f.endswith(".js"))
def load(n):
    p = os.path.join(w, n + ".json")
    return json.load(open(p)) if os.path.exists(p) else None
def figures(p):
    js = p["total_fuel"] - p["outside_js_fuel"]
    mapped = sum(x["fuel"] for x in p["js_files"] if x["file"] not in ("", "function.mjs"))
    anon = sum(f["self_fuel"] for f in p["js_functions"] if f["name"] == "<anonymous>")
    addr = [f for f in p["js_functions"] if f["name"].startswith("0x")]
    return js, mapped, anon, sum(f["self_fuel"] for f in addr), sum(1 for f in addr if f["self_fuel"])
def names(p):
    return {(f["file"], f["line"], f["name"]) for f in p["js_functions"] if f["self_fuel"] and not f["name"].startswith("0x")}
tot = [0, 0, 0, 0, 0]
print(f"{'bundle':14} {'JS fuel':>12} {'mapped':>7} {'anon':>6} {'by addr':>8} {'#addr':>5}  minified = plain")
for lib in libs:
    plain = load(lib)
    for v in ("", ".min"):
        p = load(lib + v)
        if not p: print(f"{lib + v:14} (no profile)"); continue
        js, mapped, anon, addr, naddr = figures(p)
        tot = [a + b for a, b in zip(tot, (js, mapped, anon, addr, naddr))]
        same = ""
        if v and plain:
            a, b = names(plain), names(p)
            same = "yes" if a == b else f"no: {len(a - b)} plain-only, {len(b - a)} min-only {sorted(b - a, key=str)[:3]}"
        print(f"{lib + v:14} {js:12d} {100 * mapped / js:6.1f}% {100 * anon / js:5.1f}% {100 * addr / js:7.2f}% {naddr:5d}  {same}")
js = tot[0] or 1
print(f"{'all':14} {tot[0]:12d} {100 * tot[1] / js:6.1f}% {100 * tot[2] / js:5.1f}% {100 * tot[3] / js:7.2f}% {tot[4]:5d}")
PY
exit $status
