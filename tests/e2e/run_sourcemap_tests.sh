#!/usr/bin/env bash
# run_sourcemap_tests.sh: source maps end to end on real esbuild bundles of npm libraries.
#
# Fixtures (built here into $E2E_BUILD/fixtures/sourcemap, never committed): esbuild 0.28.2 and the
# libraries come from npm through tests/tools/fetch_npm_fixtures.sh (pinned, sha256-checked).
#   app         tests/sourcemap/app/src/main.ts (TypeScript) importing acorn and lodash-es, --sourcemap
#   app.min     the same with --minify: names, files and lines must come back identical to app's
#   app.inline  app's code with --sourcemap=inline, given as --js-source (inline map + bundle text)
#   lodash      tests/sourcemap/lodash/main.js: lodash-es, many byte-identical small functions
# Each runs under node (the reference) and as app_mon: stdout must be equal. Then:
#   - the profile invariants; every `// expect-js: NAME [calls=N] [inferred]` marker on a line of the
#     .ts sources: a JS function NAME whose file is that .ts file and whose line is the marker's line
#     (through the map), with those calls, marked inferred when the marker says so;
#   - gen_line/gen_col of a declared function point at `function NAME` in the bundle (QuickJS's
#     column bases against the map's);
#   - js_files/js_packages add up with outside_js_fuel to total_fuel; acorn, lodash-es and
#     "your code" are there; ≥95% of JS self fuel is in original files, ≤10% anonymous;
#   - app.min and app.inline name every fueled function as app does (same name, file, line);
#   - JSON.stringify, called only from main.ts's top level: its self fuel counts for main.ts in
#     js_files (the calling line's file), not for the bundle's file;
#   - lodash: ≥95% of JS fuel in original files (the driver calls builtins from its top level);
#     no JS function reported by address (byte-identical functions told apart at run time,
#     issue 16); E2E_ADDR_STRICT=0 reports a failure there as KNOWN-FAIL instead.
# Prints PASS/FAIL lines and `N passed, N failed`; exits 1 on a failure.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
B="${E2E_BUILD:-build}"
FIX="$ROOT/$B/fixtures/sourcemap"
PROJ="$FIX/proj"
AOT="$ROOT/$B/bin/jmon-aot"
JAVY_BUILD="$ROOT/$B/bin/jmon-javy-build"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

PLUGIN="$(tools/fetch_plugin.sh)" || exit 2
mkdir -p "$PROJ/src" "$PROJ/out" || exit 2
ESBUILD="$(tests/tools/fetch_npm_fixtures.sh "$PROJ")" || exit 2
cp tests/sourcemap/app/src/*.ts "$PROJ/src/" && cp tests/sourcemap/lodash/main.js "$PROJ/src/lodash_main.js" || exit 2

# 1. Bundles (esbuild is fast: always rebuilt) and javy modules (rebuilt when the bundle changed).
bundle() {  # NAME ENTRY ESBUILD-OPTIONS...
  local name="$1" entry="$2"; shift 2
  (cd "$PROJ" && "$ESBUILD" "$entry" --bundle --format=esm --log-level=warning "$@" --outfile="out/$name.js.new") || return 1
  if ! cmp -s "$PROJ/out/$name.js.new" "$PROJ/out/$name.js"; then
    mv "$PROJ/out/$name.js.new" "$PROJ/out/$name.js"
    [ -f "$PROJ/out/$name.js.new.map" ] && sed 's/"file": *"[^"]*"/"file": "'"$name"'.js"/' "$PROJ/out/$name.js.new.map" > "$PROJ/out/$name.js.map"
  fi
  rm -f "$PROJ/out/$name.js.new" "$PROJ/out/$name.js.new.map"
}
module() {  # NAME: out/NAME.js -> FIX/NAME.wasm
  local name="$1"
  [ "$FIX/$name.wasm" -nt "$PROJ/out/$name.js" ] && return 0
  node tools/javy_compile.mjs "$PLUGIN" "$PROJ/out/$name.js" "$FIX/$name.bc" &&
    "$JAVY_BUILD" "$PLUGIN" "$FIX/$name.bc" -o "$FIX/$name.wasm"
}
bundle app src/main.ts --sourcemap || { bad bundle-app "esbuild failed"; }
bundle app.min src/main.ts --sourcemap --minify || { bad bundle-app-min "esbuild failed"; }
bundle app.inline src/main.ts --sourcemap=inline || { bad bundle-app-inline "esbuild failed"; }
bundle lodash src/lodash_main.js --sourcemap || { bad bundle-lodash "esbuild failed"; }
for m in app app.min lodash; do module "$m" > "$FIX/$m.fixture.log" 2>&1 || bad "module-$m" "$(tail -n 3 "$FIX/$m.fixture.log")"; done

# 2. jmon-aot builds with the maps, node and app_mon runs.
build_run() {  # LABEL WASM JMON-AOT-OPTIONS...
  local label="$1" wasm="$2"; shift 2
  if ! "$AOT" "$FIX/$wasm.wasm" "$@" -o "$FIX/$label.mon" > "$FIX/$label.aot.log" 2>&1; then
    bad "$label" "jmon-aot failed: $(tail -n 3 "$FIX/$label.aot.log")"; return 1
  fi
  (cd "$FIX" && node "$ROOT/tools/node_run.mjs" "$FIX/$wasm.wasm" > "$label.node.out" 2> "$label.node.err" < /dev/null)
  (cd "$FIX" && JMON_DETERMINISTIC=1 JMON_PROFILE="$label.json" "./$label.mon" > "$label.mon.out" 2> "$label.mon.err" < /dev/null)
  local rc=$?
  if [ "$rc" != 0 ] || ! cmp -s "$FIX/$label.node.out" "$FIX/$label.mon.out" || [ ! -s "$FIX/$label.node.out" ]; then
    bad "$label" "exit $rc or stdout differs from node (diff $FIX/$label.{node,mon}.out)"; return 1
  fi
  ok "$label-runs"
}
build_run app app --source-map "$PROJ/out/app.js.map"
build_run app.min app.min --source-map "$PROJ/out/app.min.js.map"
build_run app.inline app --js-source "$PROJ/out/app.inline.js"
build_run lodash lodash --source-map "$PROJ/out/lodash.js.map"
build_run app.min.nomap app.min

# jmon-report --source-map/--js-source on the profile built without them: the same frames (name,
# file, line) as the build that had the map, except class constructors (their start needs the
# bytecode: docs/source-maps.md).
REPORT="$ROOT/$B/bin/jmon-report"
if [ -f "$FIX/app.min.nomap.json" ] && [ -f "$FIX/app.min.json" ] &&
   "$REPORT" "$FIX/app.min.nomap.json" --source-map "$PROJ/out/app.min.js.map" --js-source "$PROJ/out/app.min.js" \
     --format speedscope -o "$FIX/report-mapped.ss" 2> "$FIX/report.err" &&
   "$REPORT" "$FIX/app.min.json" --format speedscope -o "$FIX/build-mapped.ss" 2>> "$FIX/report.err"; then
  why="$(python3 - "$FIX/report-mapped.ss" "$FIX/build-mapped.ss" <<'PY'
import json, re, sys
# returned functions (`PARENT/<`) need the bytecode's parents: anonymous at report time (shown
# with their position)
fr = lambda p: {(re.sub(r"^(.*/<|<anonymous> \(.*\))$", "<anonymous>", f["name"]), f.get("file"), f.get("line"))
                for f in json.load(open(p))["shared"]["frames"]}
a, b = fr(sys.argv[1]), fr(sys.argv[2])
if len(a - b) > 1 or len(b - a) > 1 or len(a) < 100:
    print(f"{len(a)} frames; report-time only {sorted(a - b, key=str)[:4]}; build-time only {sorted(b - a, key=str)[:4]}")
PY
)"
  [ -z "$why" ] && ok report-source-map || bad report-source-map "$why"
  "$REPORT" "$FIX/app.min.nomap.json" --source-map "$PROJ/out/app.min.js.map" > "$FIX/report.txt" 2>&1 &&
    grep -q '^JS fuel by package: .*acorn [0-9.]*%' "$FIX/report.txt" && ok report-source-map-packages ||
    bad report-source-map-packages "$(head -c 300 "$FIX/report.txt")"
  printf '{"version":3,"sources":["a"],"mappings":"AAAA,A!AA"}' > "$FIX/bad.map"
  "$REPORT" "$FIX/app.min.nomap.json" --source-map "$FIX/bad.map" > /dev/null 2> "$FIX/report.err"; rc=$?
  [ "$rc" = 1 ] && grep -qx "jmon-report: error: $FIX/bad.map: offset 0x2f: mappings: invalid base64 character 0x21" "$FIX/report.err" &&
    ok report-bad-map || bad report-bad-map "exit $rc: $(cat "$FIX/report.err")"
else
  bad report-source-map "jmon-report failed: $(head -c 300 "$FIX/report.err")"
fi

# 3. The profiles, checked in Python (expected values from the sources, never from jmon).
PYTHONPATH="$ROOT/tests/tools" python3 - "$FIX" "$PROJ" "$ROOT/tests/sourcemap/app/src" "${E2E_ADDR_STRICT:-1}" > "$FIX/checks.out" 2>&1 <<'PY'
import json, os, re, sys
from check_profile import invariants
fix, proj, srcdir, strict = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
res = []
def check(name, why):
    res.append(("PASS " + name) if not why else ("FAIL " + name + ": " + "; ".join(why[:6])))
def load(label):
    p = os.path.join(fix, label + ".json")
    return json.load(open(p)) if os.path.exists(p) else None
profiles = {l: load(l) for l in ("app", "app.min", "app.inline", "lodash")}

def markers():
    for fn in sorted(os.listdir(srcdir)):
        for lineno, text in enumerate(open(os.path.join(srcdir, fn)).read().split("\n"), 1):
            m = re.search(r"// expect-js: ([\w.$<>/]+)(.*)$", text)
            if m:
                yield fn, lineno, m.group(1), m.group(2)

def expect_markers(p):
    why = []
    for fn, lineno, name, rest in markers():
        hits = [f for f in p["js_functions"] if f["name"] == name and f["line"] == lineno
                and f["file"].endswith("src/" + fn)]
        if not hits:
            near = [(f["name"], f["line"]) for f in p["js_functions"] if f["file"].endswith("src/" + fn)]
            why.append(f"no {name!r} at {fn}:{lineno} (in {fn}: {near[:8]})")
            continue
        for key, val in re.findall(r"(calls)=(\d+)", rest):
            if sum(h[key] for h in hits) != int(val):
                why.append(f"{name} {fn}:{lineno}: {key} {sum(h[key] for h in hits)}, want {val}")
        if re.search(r"\binferred\b", rest) != None and not all(h.get("inferred") for h in hits):
            why.append(f"{name} {fn}:{lineno}: not marked inferred")
        if re.search(r"\binferred\b", rest) is None and any(h.get("inferred") for h in hits):
            why.append(f"{name} {fn}:{lineno}: marked inferred")
    return why

def rollups(p, bundle):
    why = []
    t, out = p["total_fuel"], p["outside_js_fuel"]
    js = t - out
    if sum(x["fuel"] for x in p.get("js_files", [])) + out != t: why.append("js_files + outside != total_fuel")
    if sum(x["fuel"] for x in p.get("js_packages", [])) + out != t: why.append("js_packages + outside != total_fuel")
    pk = {x["package"] for x in p.get("js_packages", [])}
    for want in ("acorn", "lodash-es", "your code"):
        if want not in pk: why.append(f"package {want!r} missing from {sorted(pk)}")
    mapped = sum(x["fuel"] for x in p["js_files"] if x["file"] not in ("", "function.mjs"))
    anon = sum(f["self_fuel"] for f in p["js_functions"] if f["name"] == "<anonymous>")
    if mapped < 0.95 * js: why.append(f"only {100 * mapped / js:.1f}% of JS fuel in original files")
    if anon > 0.10 * js: why.append(f"{100 * anon / js:.1f}% of JS fuel anonymous")
    return why

def gen_positions(p, bundle_path, minified=False):
    """Declared functions at gen_line:gen_col start with `function NAME(` (minified: any NAME)."""
    why = []
    lines = open(bundle_path).read().split("\n")
    n = 0
    for f in p["js_functions"]:
        if "gen_line" not in f or not re.fullmatch(r"[A-Za-z_$][\w$]*", f["name"]) or f.get("inferred"):
            continue
        text = lines[f["gen_line"] - 1][f["gen_col"] - 1:]
        if minified:
            n += re.match(r"function [A-Za-z_$][\w$]*\(", text) is not None
        elif text.startswith("function " + f["name"] + "(") or text.startswith("function " + f["name"] + " ("):
            n += 1
    if n < 20: why.append(f"only {n} declared functions start with `function NAME(` at gen_line:gen_col")
    return why

def top_level_builtin(p):
    """main.ts calls JSON.stringify only from its top level: its self fuel counts for main.ts."""
    why = []
    b = [f["self_fuel"] for f in p["js_functions"] if f["kind"] == "builtin" and f["name"] == "JSON.stringify"]
    main = sum(x["fuel"] for x in p["js_files"] if x["file"].endswith("src/main.ts"))
    bundle = sum(x["fuel"] for x in p["js_files"] if x["file"] in ("", "function.mjs"))
    if not b: why.append("no JSON.stringify builtin frame")
    elif main < b[0]: why.append(f"main.ts has {main} fuel in js_files, less than JSON.stringify's {b[0]}")
    elif bundle >= b[0]: why.append(f"the bundle's file keeps {bundle} fuel, JSON.stringify has {b[0]}")
    return why

def names(p):
    return {(f["file"], f["line"], f["name"]) for f in p["js_functions"] if f["self_fuel"] and not f["name"].startswith("0x")}

a = profiles["app"]
if a:
    check("app-invariants", invariants(a))
    check("app-expect-js", expect_markers(a))
    check("app-rollups", rollups(a, "app"))
    check("app-top-level-builtin", top_level_builtin(a))
    check("app-gen-positions", gen_positions(a, os.path.join(proj, "out", "app.js")))
for label in ("app.min", "app.inline"):
    p = profiles[label]
    if not p or not a: continue
    check(f"{label}-invariants", invariants(p))
    check(f"{label}-expect-js", expect_markers(p))
    check(f"{label}-rollups", rollups(p, label))
    missing = sorted(names(a) - names(p), key=str)
    extra = sorted(names(p) - names(a), key=str)
    addr = [f for f in p["js_functions"] if f["self_fuel"] and f["name"].startswith("0x")]
    # a function reported by address in one build only (identical code, issue 16) cannot be compared
    why = [f"named in app only: {missing[:5]}"] if len(missing) > len(addr) else []
    why += [f"named in {label} only: {extra[:5]}"] if extra else []
    check(f"{label}-same-names-as-app", why)
if profiles["app.min"]:
    check("app.min-gen-positions", gen_positions(profiles["app.min"], os.path.join(proj, "out", "app.min.js"), True))
l = profiles["lodash"]
if l:
    check("lodash-invariants", invariants(l))
    js = l["total_fuel"] - l["outside_js_fuel"]
    mapped = sum(x["fuel"] for x in l["js_files"] if x["file"] not in ("", "function.mjs"))
    # builtins called straight from the driver's top level (range().map, sort) count for the
    # file of the calling line (docs/source-maps.md): the issue's 95%
    check("lodash-mapped", [] if mapped >= 0.95 * js else [f"only {100 * mapped / js:.1f}% mapped"])
    addr = [f for f in l["js_functions"] if f["name"].startswith("0x")]
    if not addr:
        check("lodash-nothing-by-address", [])
    elif strict:
        check("lodash-nothing-by-address", [f"{len(addr)} JS functions by address"])
    else:
        res.append(f"KNOWN-FAIL lodash-nothing-by-address: {len(addr)} JS functions by address "
                   "(identical bytecode: needs run-time identification, issue 16; E2E_ADDR_STRICT=1 fails on it)")
print("\n".join(res))
PY
[ $? = 0 ] || bad checks "the checker crashed: $(tail -n 3 "$FIX/checks.out")"
cat "$FIX/checks.out"
pass=$((pass + $(grep -c '^PASS' "$FIX/checks.out")))
fail=$((fail + $(grep -c '^FAIL' "$FIX/checks.out")))
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
