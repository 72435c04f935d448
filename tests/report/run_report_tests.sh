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

finish
