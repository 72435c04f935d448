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
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
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
  total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total_fuel"])' "$p")
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
  check "pprof $(basename "$p") content" python3 - "$WORK/p.raw" "$p" <<'PY'
import json, re, sys
raw = open(sys.argv[1]).read(); total = json.load(open(sys.argv[2]))["total_fuel"]
# top-level fields: "2 {" blocks are samples; inside, "2: N" is the value
samples = re.findall(r'^2 \{\n(.*?)^\}', raw, re.S | re.M)
values = [int(v) for s in samples for v in re.findall(r'^  2: (\d+)$', s, re.M)]
assert sum(values) == total, (sum(values), total)
strings = re.findall(r'^6: "(.*)"$', raw, re.M)
assert strings[1:3] == ["fuel", "count"], strings[:3]
assert re.search(r'^1 \{\n  1: 1\n  2: 2\n\}', raw, re.M), "sample_type fuel/count"
n_loc = len(re.findall(r'^4 \{', raw, re.M)); n_fn = len(re.findall(r'^5 \{', raw, re.M))
assert n_loc == n_fn > 0
PY
done

# speedscope: shared.frames, one sampled profile, weights sum to total
for p in "$JS" "$WASM"; do
  "$REPORT" "$p" --format speedscope -o "$WORK/s.json"
  check "speedscope $(basename "$p")" python3 - "$WORK/s.json" "$p" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); total = json.load(open(sys.argv[2]))["total_fuel"]
frames = d["shared"]["frames"]; prof = d["profiles"][0]
assert prof["type"] == "sampled" and prof["unit"] == "none"
assert sum(prof["weights"]) == total and prof["endValue"] == total
assert len(prof["samples"]) == len(prof["weights"])
assert all(0 <= i < len(frames) for s in prof["samples"] for i in s)
assert all("name" in f for f in frames)
PY
done

# svg: well-formed XML, one rect per node of the merged tree (+ the root), widths ∝ fuel
for p in "$JS" "$WASM"; do
  "$REPORT" "$p" --format folded > "$WORK/g.folded"
  "$REPORT" "$p" --format svg -o "$WORK/g.svg"
  "$REPORT" "$p" --format svg -o "$WORK/g2.svg"
  cmp -s "$WORK/g.svg" "$WORK/g2.svg" && ok || bad "svg not deterministic"
  check "svg $(basename "$p")" python3 - "$WORK/g.svg" "$WORK/g.folded" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
nodes, total = {}, 0
for line in open(sys.argv[2]):
    stack, w = line.rstrip("\n").rsplit(" ", 1); w = int(w); total += w
    parts = stack.split(";")
    for i in range(1, len(parts) + 1):
        nodes[tuple(parts[:i])] = nodes.get(tuple(parts[:i]), 0) + w
rects = [r for g in root.iter(ns + "g") for r in g.findall(ns + "rect") if r.get("class") == "f"]
assert len(rects) == len(nodes) + 1, (len(rects), len(nodes) + 1)
want = sorted([total] + list(nodes.values()))
got = sorted(int(r.get("data-fuel")) for r in rects)
assert got == want, (got, want)
for r in rects:
    w = float(r.get("width")); f = int(r.get("data-fuel"))
    assert abs(w - 1200.0 * f / total) < 1e-3, (w, f)
titles = [g.find(ns + "title").text for g in root.iter(ns + "g")]
assert all(" fuel (" in t for t in titles)
assert root.find(".//" + ns + "script") is None
PY
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
check "chrome" python3 - "$WORK/c.json" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
b = [e for e in ev if e["ph"] == "B"]; e_ = [e for e in ev if e["ph"] == "E"]
assert len(b) == len(e_) == 5, (len(b), len(e_))
assert [x["name"] for x in b] == ["main", "fib", "f338", "<anonymous>", "fib"], [x["name"] for x in b]
assert all(isinstance(x["ts"], int) for x in b + e_)
depth = {}
for x in ev:
    if x["ph"] in "BE":
        depth[x["tid"]] = depth.get(x["tid"], 0) + (1 if x["ph"] == "B" else -1)
        assert depth[x["tid"]] >= 0
assert all(v == 0 for v in depth.values())
PY
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
python3 - "$JS" "$WORK" <<'PY'
import random, sys
src = open(sys.argv[1], "rb").read(); rnd = random.Random(7)
for i in range(60):
    cut = src[: rnd.randrange(len(src))]
    if i % 2:
        b = bytearray(src); b[rnd.randrange(len(b))] = rnd.randrange(256); cut = bytes(b)
    open(f"{sys.argv[2]}/m{i}", "wb").write(cut)
PY
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

echo "report tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
