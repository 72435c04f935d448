#!/bin/sh
# run_report_tests.sh: jmon-report on hand-made profiles and traces with known numbers.
# JMON_REPORT (default build/bin/jmon-report). Needs python3, protoc, zstd, gzip.
set -u
REPORT=${JMON_REPORT:-build/bin/jmon-report}
DIR=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jmon-report-tests.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
JS=$DIR/js_profile.json
WASM=$DIR/wasm_profile.json
. "$DIR/../lib.sh"
check() { # check NAME COMMAND...: the command must exit 0
  name=$1; shift
  if "$@" >"$WORK/check.out" 2>&1; then ok; else bad "$name"; cat "$WORK/check.out"; fi
}
expect_rc() { # expect_rc NAME RC COMMAND...
  name=$1 want=$2; shift 2
  "$@" >"$WORK/rc.out" 2>"$WORK/rc.err"; got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$name: exit $got, want $want"; cat "$WORK/rc.err"; fi
}

# folded: weights sum to total_fuel; [outside JS] present; ambiguous names disambiguated
for p in "$JS" "$WASM"; do
  total=$(python3 "$DIR/../tools/check_profile.py" "$p" --get total_fuel)
  "$REPORT" "$p" --format folded -o "$WORK/f.txt"
  sum=$(awk '{s += $NF} END {print s}' "$WORK/f.txt")
  [ "$sum" = "$total" ] && ok || bad "folded $(basename "$p"): sum $sum != $total"
done
"$REPORT" "$JS" --format folded > "$WORK/js.folded"
grep -qx '\[outside JS\] 200' "$WORK/js.folded" && ok || bad "folded: no [outside JS] 200 line"
grep -qx 'main;fib;fib 300' "$WORK/js.folded" && ok || bad "folded: main;fib;fib 300"
grep -qx 'main;<anonymous> (function.mjs:9:5) 50' "$WORK/js.folded" && ok || bad "folded: anon 9:5"

"$REPORT" "$WASM" --format folded | grep -qx '_start;f7;f9 2000000' && ok || bad "folded wasm names"
# Without wasm_stacks (not collected): one frame per function, its self fuel; no warning.
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); del p["wasm_stacks"]; json.dump(p, open(sys.argv[2], "w"))' \
  "$WASM" "$WORK/nostacks.json"
"$REPORT" "$WORK/nostacks.json" --format folded > "$WORK/ns.folded" 2> "$WORK/ns.err"
sort "$WORK/ns.folded" > "$WORK/ns.sorted"
printf '_start 345678\nf7 10000000\nf9 2000000\n' | cmp -s - "$WORK/ns.sorted" && [ ! -s "$WORK/ns.err" ] &&
  ok || bad "folded without wasm_stacks: $(cat "$WORK/ns.folded" "$WORK/ns.err")"

# pprof: gzip + protobuf; values sum to total; sample type fuel/count
for p in "$JS" "$WASM"; do
  "$REPORT" "$p" --format pprof -o "$WORK/p.pb.gz" || bad "pprof $(basename "$p") exit"
  gzip -dc "$WORK/p.pb.gz" > "$WORK/p.pb" || bad "pprof gzip"
  protoc --decode_raw < "$WORK/p.pb" > "$WORK/p.raw" || bad "protoc --decode_raw"
  check "pprof $(basename "$p") content" python3 "$DIR/check_pprof.py" "$WORK/p.raw" "$p"
done

# speedscope: shared.frames, one sampled profile, weights sum to total
for p in "$JS" "$WASM"; do
  "$REPORT" "$p" --format speedscope -o "$WORK/s.json"
  check "speedscope $(basename "$p")" python3 "$DIR/check_speedscope.py" "$WORK/s.json" "$p"
done

# svg: well-formed XML, one rect per node of the merged tree (+ the root), widths ∝ fuel
for p in "$JS" "$WASM"; do
  "$REPORT" "$p" --format folded > "$WORK/g.folded"
  "$REPORT" "$p" --format svg -o "$WORK/g.svg"
  "$REPORT" "$p" --format svg -o "$WORK/g2.svg"
  cmp -s "$WORK/g.svg" "$WORK/g2.svg" && ok || bad "svg not deterministic"
  check "svg $(basename "$p")" python3 "$DIR/check_svg.py" "$WORK/g.svg" "$WORK/g.folded"
done

# text
"$REPORT" "$JS" > "$WORK/t.txt"
for want in "Top JS functions" "fib (function.mjs:3)" "[outside JS]" "Top JS lines" "Top opcodes" \
            "total fuel 1000" "exit: code 0"; do
  grep -qF "$want" "$WORK/t.txt" && ok || bad "text: no '$want'"
done
"$REPORT" "$WASM" --format text > "$WORK/t.txt"
for want in "Top wasm functions" "f7 (index 7)" "OVER" "trap: all fuel consumed"; do
  grep -qF "$want" "$WORK/t.txt" && ok || bad "text wasm: no '$want'"
done

# --max-fuel
expect_rc "max-fuel under" 0 "$REPORT" --max-fuel 11000000 "$JS"
expect_rc "max-fuel equal" 0 "$REPORT" --max-fuel 1000 "$JS"
expect_rc "max-fuel over" 1 "$REPORT" --max-fuel 999 "$JS"
grep -q "over --max-fuel 999" "$WORK/rc.err" && ok || bad "max-fuel message"
[ "$(wc -l < "$WORK/rc.err")" = 1 ] && ok || bad "max-fuel: one line"
expect_rc "max-fuel wasm over" 1 "$REPORT" --max-fuel 11000000 "$WASM"
expect_rc "max-fuel bad value" 2 "$REPORT" --max-fuel -5 "$JS"

# trace: --decode, truncation, chrome
python3 "$DIR/make_trace.py" "$WORK/hand.trace"
"$REPORT" --decode "$WORK/hand.trace" > "$WORK/d.txt"
grep -qx "25 wasm_enter 338" "$WORK/d.txt" && grep -qx "300 end" "$WORK/d.txt" && ok || bad "decode events"
grep -q "12 events in 2 frames" "$WORK/d.txt" && ok || bad "decode summary"
grep -q truncated "$WORK/d.txt" && bad "complete trace reported truncated" || ok
size=$(wc -c < "$WORK/hand.trace")
head -c $((size - 3)) "$WORK/hand.trace" > "$WORK/cut.trace"
expect_rc "decode cut" 0 "$REPORT" --decode "$WORK/cut.trace"
grep -qx "truncated after 1 complete frames" "$WORK/rc.out" && ok || bad "decode cut message"
grep -q "js_exit" "$WORK/rc.out" && bad "cut trace shows events of the cut frame" || ok
"$REPORT" "$JS" --trace "$WORK/hand.trace" --format chrome -o "$WORK/c.json"
check "chrome" python3 "$DIR/check_chrome.py" "$WORK/c.json"
expect_rc "chrome without trace" 2 "$REPORT" "$JS" --format chrome

# usage errors
expect_rc "no args" 2 "$REPORT"
expect_rc "bad format" 2 "$REPORT" "$JS" --format nope
expect_rc "bad option" 2 "$REPORT" "$JS" --frobnicate
expect_rc "missing file" 1 "$REPORT" "$WORK/nope.json"

# garbage: an error, never a crash (exit 1 and one "jmon-report: error:" line)
printf '' > "$WORK/g0"; printf 'garbage' > "$WORK/g1"; printf '{"total_fuel": -1}' > "$WORK/g2"
printf '{"total_fuel": 5, "js_stacks": [{"frames": "x", "fuel": 1}]}' > "$WORK/g3"
printf '{"total_fuel": 5, "wasm_stacks": [{"frames": [1, 2], "fuel": 99999999999999999999999}]}' > "$WORK/g4"
python3 -c 'print("[" * 100000)' > "$WORK/g5"
printf '{"total_fuel": 5, "module": "\\ud800\\u0000x"}' > "$WORK/g6"
head -c 4000 /dev/urandom > "$WORK/g7"
python3 "$DIR/make_garbage.py" "$JS" "$WORK"
for g in "$WORK"/g[0-7] "$WORK"/m*; do
  for fmt in text folded pprof svg speedscope; do
    "$REPORT" "$g" --format "$fmt" > "$WORK/o" 2> "$WORK/e"; rc=$?
    if [ $rc -ge 2 ]; then bad "garbage $(basename "$g") $fmt: exit $rc"; sed -n 1,3p "$WORK/e"; fi
    if [ $rc = 1 ] && ! grep -q '^jmon-report: error: ' "$WORK/e"; then bad "garbage $(basename "$g"): message"; fi
  done
  "$REPORT" --decode "$g" > /dev/null 2> "$WORK/e"; rc=$?
  [ $rc -le 1 ] || bad "decode garbage $(basename "$g"): exit $rc"
done
ok
expect_rc "garbage json" 1 "$REPORT" "$WORK/g1"
expect_rc "deep nesting" 1 "$REPORT" "$WORK/g5"
expect_rc "lone surrogate ok" 0 "$REPORT" "$WORK/g6"

# js_files / js_packages (a source map's rollups): the text report names the packages with their
# share of the JS fuel (800 here: 1000 total - 200 outside): zod 410/800 = 51.2%, ...
python3 - "$JS" "$WORK/pk.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["js_files"] = [{"file": "../node_modules/zod/lib/types.js", "fuel": 410}, {"file": "../src/cart.ts", "fuel": 300},
                 {"file": "function.mjs", "fuel": 90}]
p["js_packages"] = [{"package": "zod", "fuel": 410}, {"package": "your code", "fuel": 300}, {"package": "(unmapped)", "fuel": 90}]
json.dump(p, open(sys.argv[2], "w"))
PY
"$REPORT" "$WORK/pk.json" > "$WORK/pk.txt"
grep -qx 'JS fuel by package: zod 51.2%, your code 37.5%, (unmapped) 11.2%' "$WORK/pk.txt" && ok || bad "text: JS fuel by package line"
grep -q '^ *410  41.0%  ../node_modules/zod/lib/types.js$' "$WORK/pk.txt" && ok || bad "text: top JS files"
"$REPORT" "$JS" | grep -q 'JS fuel by package' && bad "text: package line without js_packages" || ok

# merge: two hand-made profiles with the second wave's fields (kind/inferred/gen_line in
# js_functions, js_builtins, js_files, js_packages) and different JS ids for the same functions;
# expected sums written by hand here
cat > "$WORK/ma.json" <<'J'
{"schema": 1, "module": "m.wasm", "module_sha256": "aa", "probes": "js", "fuel_model": "wasmtime39",
 "total_fuel": 100, "exit": {"code": 0, "trap": null}, "warnings": ["w1"], "outside_js_fuel": 10,
 "wasm_functions": [{"index": 5, "name": "f5", "calls": 1, "self_fuel": 100, "total_fuel": 100}],
 "js_functions": [{"id": 0, "name": "main", "file": "a.js", "line": 1, "col": 1, "addr": 64, "calls": 1, "resumes": 0, "self_fuel": 60, "total_fuel": 90, "kind": "js", "gen_line": 3, "gen_col": 7,
                   "opcodes": [{"name": "add", "count": 2, "fuel": 20}, {"name": "call", "count": 1, "fuel": 40}]},
                  {"id": 1, "name": "helper", "file": "b.js", "line": 4, "col": 2, "addr": 96, "calls": 2, "resumes": 0, "self_fuel": 30, "total_fuel": 30, "kind": "js", "inferred": true,
                   "opcodes": [{"name": "add", "count": 3, "fuel": 30}]},
                  {"id": 2, "name": "JSON.parse", "kind": "builtin", "wasm_func": 729, "calls": 1, "self_fuel": 0, "total_fuel": 0}],
 "js_lines": [{"file": "a.js", "line": 1, "fuel": 60}, {"file": "b.js", "line": 4, "fuel": 30}],
 "js_opcodes": [{"opcode": 1, "name": "add", "count": 5, "fuel": 50}, {"opcode": 2, "name": "call", "count": 1, "fuel": 40}],
 "js_stacks": [{"frames": [0], "fuel": 60}, {"frames": [0, 1], "fuel": 30}],
 "js_builtins": [{"id": 2, "name": "JSON.parse", "func": 729, "calls": 1, "self_fuel": 7, "total_fuel": 7}],
 "js_files": [{"file": "a.js", "fuel": 60}, {"file": "b.js", "fuel": 30}],
 "js_packages": [{"package": "app", "fuel": 60}, {"package": "lodash", "fuel": 30}]}
J
cat > "$WORK/mb.json" <<'J'
{"schema": 1, "module": "m.wasm", "module_sha256": "aa", "probes": "js", "fuel_model": "wasmtime39",
 "total_fuel": 50, "exit": {"code": 134, "trap": "all fuel consumed by WebAssembly"}, "warnings": ["w1", "w2"], "outside_js_fuel": 5,
 "wasm_functions": [{"index": 5, "name": "f5", "calls": 1, "self_fuel": 45, "total_fuel": 50}, {"index": 9, "name": "f9", "calls": 3, "self_fuel": 5, "total_fuel": 5}],
 "js_functions": [{"id": 0, "name": "helper", "file": "b.js", "line": 4, "col": 2, "addr": 96, "calls": 1, "resumes": 0, "self_fuel": 15, "total_fuel": 15, "kind": "js", "inferred": true,
                   "opcodes": [{"name": "add", "count": 1, "fuel": 10}, {"name": "get", "count": 1, "fuel": 5}]},
                  {"id": 3, "name": "main", "file": "a.js", "line": 1, "col": 1, "addr": 64, "calls": 1, "resumes": 0, "self_fuel": 30, "total_fuel": 45, "kind": "js", "gen_line": 3, "gen_col": 7,
                   "opcodes": [{"name": "call", "count": 1, "fuel": 30}]},
                  {"id": 7, "name": "JSON.parse", "kind": "builtin", "wasm_func": 729, "calls": 2, "self_fuel": 0, "total_fuel": 0}],
 "js_lines": [{"file": "a.js", "line": 1, "fuel": 30}, {"file": "b.js", "line": 4, "fuel": 15}],
 "js_opcodes": [{"opcode": 1, "name": "add", "count": 1, "fuel": 10}, {"opcode": 2, "name": "call", "count": 1, "fuel": 30}, {"opcode": 3, "name": "get", "count": 1, "fuel": 5}],
 "js_stacks": [{"frames": [3], "fuel": 30}, {"frames": [3, 0], "fuel": 15}],
 "js_builtins": [{"id": 7, "name": "JSON.parse", "func": 729, "calls": 2, "self_fuel": 9, "total_fuel": 9}],
 "js_files": [{"file": "a.js", "fuel": 30}, {"file": "b.js", "fuel": 15}],
 "js_packages": [{"package": "app", "fuel": 30}, {"package": "lodash", "fuel": 15}]}
J
"$REPORT" merge "$WORK/ma.json" "$WORK/mb.json" -o "$WORK/mab.json" && ok || bad "merge hand profiles"
"$REPORT" merge "$WORK/mb.json" "$WORK/ma.json" > "$WORK/mba.json" && ok || bad "merge to stdout"
cmp -s "$WORK/mab.json" "$WORK/mba.json" && ok || bad "merge depends on input order"
check "merge sums by identity" python3 "$DIR/check_merge.py" "$WORK/mab.json"
sed 's/"aa"/"bb"/' "$WORK/mb.json" > "$WORK/mc.json"
expect_rc "merge refuses another module" 1 "$REPORT" merge "$WORK/ma.json" "$WORK/mc.json" -o "$WORK/x.json"
grep -q "mc.json: different module" "$WORK/rc.err" && [ "$(wc -l < "$WORK/rc.err")" = 1 ] && ok || bad "merge refusal: one line"
expect_rc "merge usage" 2 "$REPORT" merge
for fmt in text folded speedscope pprof svg; do
  expect_rc "merged loads as $fmt" 0 "$REPORT" "$WORK/mab.json" --format "$fmt" -o "$WORK/mab.$fmt"
done
# diff on the hand profiles: packages, builtins, --fail-over
"$REPORT" diff "$WORK/ma.json" "$WORK/mb.json" > "$WORK/d.txt" && ok || bad "diff text"
for want in "Packages by fuel" "Builtins by self fuel" "lodash" "JSON.parse" "-50.0%"; do
  grep -qF -- "$want" "$WORK/d.txt" && ok || bad "diff text: no '$want'"
done
awk '/^JS functions/ {getline; getline; print; exit}' "$WORK/d.txt" | grep -q ' main (a.js:1)' && ok || bad "diff: main (Δ -30) first"
expect_rc "diff --fail-over: shrink passes" 0 "$REPORT" diff "$WORK/ma.json" "$WORK/mb.json" --fail-over 0
expect_rc "diff --fail-over: 100% growth over 99" 1 "$REPORT" diff "$WORK/mb.json" "$WORK/ma.json" --fail-over 99
expect_rc "diff --fail-over: 100% growth within 100" 0 "$REPORT" diff "$WORK/mb.json" "$WORK/ma.json" --fail-over 100
expect_rc "diff usage: one profile" 2 "$REPORT" diff "$WORK/ma.json"
expect_rc "diff usage: bad format" 2 "$REPORT" diff "$WORK/ma.json" "$WORK/mb.json" --format pprof

finish
