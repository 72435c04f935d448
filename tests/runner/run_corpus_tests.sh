#!/usr/bin/env bash
# run_corpus_tests.sh: the budget workflow on a real javy module. tests/js/discount.js (the cart
# discount function) is built once (the e2e fixture when `make test-e2e` made it, else here,
# with the shared compile cache), then:
# - jmon-run over 120 generated carts: the merged profile equals the sums of the per-input
#   profiles (computed here in Python from those files, field by field, and its invariants
#   hold); the worst input is cart_worst.json (by construction: 30 lines, the others 1-6);
#   min/p50/p95/max match the per-input totals; --max-fuel exits 0 at the worst total and 1
#   one below it; a trapping input fails the run;
# - jmon-run's plumbing with tests/runner/fake_app.sh: --stdin, exit codes, a missing profile,
#   usage errors;
# - merge: other modules refused with one line; the merged profile loads in every format;
# - diff of two builds (lineTotal made slower, plus a new function above it so ids and lines
#   shift): lineTotal comes first; --fail-over both ways;
# - the SVGs (merged corpus, differential) in headless Chromium: zoom, reset, search.
# Environment: E2E_BUILD (default build), RUNNER_SKIP_CHROMIUM=1.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
B="${E2E_BUILD:-build}"
RUN="$B/bin/jmon-run" REPORT="$B/bin/jmon-report" AOT="$B/bin/jmon-aot" JAVY_BUILD="$B/bin/jmon-javy-build"
FIX="$B/fixtures/runner"
W=$(mktemp -d "${TMPDIR:-/tmp}/jmon-runner-tests.XXXXXX")
trap 'rm -rf "$W"' EXIT
. tests/lib.sh
expect_rc() { # expect_rc NAME RC COMMAND...: output in $W/rc.out, $W/rc.err
  local name=$1 want=$2; shift 2
  "$@" >"$W/rc.out" 2>"$W/rc.err"; local got=$?
  if [ "$got" = "$want" ]; then ok "$name"; else bad "$name: exit $got, want $want"; head -5 "$W/rc.err" "$W/rc.out"; fi
}
mkdir -p "$FIX"

# --- the apps: base (the e2e fixture if present) and the slower build ----------------------
plugin=$(tools/fetch_plugin.sh) || { echo "cannot fetch the javy plugin" >&2; exit 2; }
build_app() { # build_app JS OUT_DIR: OUT_DIR/discount.wasm and OUT_DIR/discount.mon (--probes js)
  local js=$1 dir=$2
  mkdir -p "$dir"
  if [ -f "$dir/discount.mon" ] && [ "$dir/discount.mon" -nt "$js" ] && [ "$dir/discount.mon" -nt "$AOT" ]; then return 0; fi
  node tools/javy_compile.mjs "$plugin" "$js" "$dir/discount.bc" &&
    "$JAVY_BUILD" "$plugin" "$dir/discount.bc" -o "$dir/discount.wasm" &&
    "$AOT" --probes js "$dir/discount.wasm" -o "$dir/discount.mon"
}
APP="$B/fixtures/discount.js.mon"
if ! { [ -x "$APP" ] && [ "$APP" -nt "$AOT" ]; }; then
  build_app tests/js/discount.js "$FIX/base" || { echo "cannot build the base app" >&2; exit 1; }
  APP="$FIX/base/discount.mon"
fi
python3 tests/runner/make_slow_app.py tests/js/discount.js "$FIX/discount_slow.js.new"
cmp -s "$FIX/discount_slow.js.new" "$FIX/discount_slow.js" || mv "$FIX/discount_slow.js.new" "$FIX/discount_slow.js"
build_app "$FIX/discount_slow.js" "$FIX/slow" || { echo "cannot build the slower app" >&2; exit 1; }
SLOW="$FIX/slow/discount.mon"
export JMON_DETERMINISTIC=1

# --- the corpus ------------------------------------------------------------------------------
mkdir -p "$W/corpus"
python3 tests/runner/make_carts.py "$W/corpus"
"$RUN" -j 2 -o "$W/runs" "$APP" "$W"/corpus/*.json > "$W/summary.txt" 2> "$W/run.err"
rc=$?
[ "$rc" = 0 ] && ok "jmon-run corpus: exit 0" || { bad "jmon-run corpus: exit $rc"; cat "$W/run.err" "$W/summary.txt"; }
sed -n 1p "$W/summary.txt"
[ "$(ls "$W"/runs/*.json.json | wc -l)" = 120 ] && ok "120 per-input profiles" || bad "per-input profiles"
grep -q "^fuel: min" "$W/summary.txt" && ok "summary has fuel percentiles" || bad "summary"

if python3 tests/runner/check_merged.py "$W/runs" "$W/summary.txt"; then
  ok "merged = Σ per-input (functions, opcodes, lines, wasm, stacks), invariants, worst input, percentiles"
else
  bad "merged profile vs per-input profiles"
fi
max=$(cat "$W/max_fuel")

# budget both ways (a few inputs with the worst: fast)
few=("$W/corpus/cart_000.json" "$W/corpus/cart_001.json" "$W/corpus/cart_worst.json")
expect_rc "--max-fuel at the worst total: exit 0" 0 "$RUN" -j 2 --max-fuel "$max" -o "$W/b0" "$APP" "${few[@]}"
grep -q "over budget (--max-fuel $max): 0 of 3" "$W/rc.out" && ok "over-budget count 0" || bad "over-budget count 0"
expect_rc "--max-fuel one below the worst: exit 1" 1 "$RUN" -j 2 --max-fuel $((max - 1)) -o "$W/b1" "$APP" "${few[@]}"
grep -q "over budget (--max-fuel $((max - 1))): 1 of 3" "$W/rc.out" && ok "over-budget count 1" || bad "over-budget count 1"
grep -q "cart_worst.json  OVER BUDGET" "$W/rc.out" && ok "worst input marked over budget" || bad "OVER BUDGET mark"
# an input the function cannot parse: uncaught JS error -> wasm trap, exit 134
printf '{"lines": [' > "$W/broken.json"
expect_rc "a trapping input fails the run" 1 "$RUN" -j 2 -o "$W/t" "$APP" "$W/corpus/cart_000.json" "$W/broken.json"
grep -q "exit codes: 0 x1 134 x1" "$W/rc.out" && grep -q "traps: 1 — broken.json" "$W/rc.out" &&
  ok "trap counted and named" || { bad "trap summary"; cat "$W/rc.out"; }
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["merged_profiles"]==2 and m["exit"]["code"]==134 and m["exit"]["trap"], m["exit"]' "$W/t/merged.json" &&
  ok "merged exit keeps the trap" || bad "merged exit"

# --- plumbing with the fake app ----------------------------------------------------------
FAKE=tests/runner/fake_app.sh
printf 'abcde' > "$W/five"; printf 'exit=7 seven' > "$W/seven"; printf 'noprofile' > "$W/none"
expect_rc "fake: argument content" 0 "$RUN" -j 1 -o "$W/f1" "$FAKE" "$W/five"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["total_fuel"]==5' "$W/f1/five.json" && ok "content passed as the first argument" || bad "argument content"
grep -qx "fake: 5 bytes" "$W/f1/five.out" && ok "guest stdout in DIR/<name>.out" || bad "stdout file"
expect_rc "fake: --stdin" 0 "$RUN" --stdin -o "$W/f2" "$FAKE" "$W/five"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["total_fuel"]==5' "$W/f2/five.json" && ok "--stdin passes the file as stdin" || bad "--stdin"
expect_rc "fake: exit 7 and a missing profile fail" 1 "$RUN" -j 3 -o "$W/f3" "$FAKE" "$W/five" "$W/seven" "$W/none"
grep -q "exit codes: 0 x1 3 x1 7 x1" "$W/rc.out" && grep -q "error: none: no profile written" "$W/rc.out" &&
  ok "exit codes counted, missing profile named" || { bad "exit code summary"; cat "$W/rc.out"; }
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["merged_profiles"]==2 and m["total_fuel"]==5+12, m' "$W/f3/merged.json" && ok "merged over the runs with a profile" || bad "fake merged"
head -c 200000 /dev/zero | tr '\0' 'a' > "$W/big"
expect_rc "fake: an input over 128 KiB as argument fails" 1 "$RUN" -o "$W/f6" "$FAKE" "$W/big"
grep -q "too large for an argument (over 128 KiB): use --stdin" "$W/rc.out" && ok "too-large input named with the fix" || { bad "too-large message"; cat "$W/rc.out"; }
expect_rc "fake: the same input with --stdin" 0 "$RUN" --stdin -o "$W/f7" "$FAKE" "$W/big"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["total_fuel"]==200000' "$W/f7/big.json" && ok "200000 bytes on stdin" || bad "big stdin"
: > "$W/afile"
expect_rc "DIR that is a file" 1 "$RUN" -o "$W/afile" "$FAKE" "$W/five"
grep -q "afile: cannot create: Not a directory" "$W/rc.err" && ok "DIR error in one line" || { bad "DIR error"; cat "$W/rc.err"; }
expect_rc "usage: nothing" 2 "$RUN"
expect_rc "usage: no input" 2 "$RUN" "$FAKE"
expect_rc "usage: -j 0" 2 "$RUN" -j 0 "$FAKE" "$W/five"
mkdir -p "$W/d"; printf 'x' > "$W/d/five"
expect_rc "usage: two inputs with one name" 2 "$RUN" -o "$W/f4" "$FAKE" "$W/five" "$W/d/five"
expect_rc "an app that does not exist" 1 "$RUN" -o "$W/f5" "$W/no-such-app" "$W/five"

# --- merge: refusal, formats ------------------------------------------------------------------
expect_rc "merge refuses another module" 1 "$REPORT" merge "$W/runs/cart_000.json.json" "$W/f1/five.json" -o "$W/x.json"
[ "$(wc -l < "$W/rc.err")" = 1 ] && grep -q "different module" "$W/rc.err" && ok "one line naming the module" || { bad "refusal message"; cat "$W/rc.err"; }
for f in text folded speedscope pprof svg; do
  expect_rc "merged profile as $f" 0 "$REPORT" "$W/runs/merged.json" --format "$f" -o "$W/merged.$f"
done
"$REPORT" merge "$W/runs/merged.json" "$W/runs/cart_000.json.json" -o "$W/mm.json" &&
  python3 -c 'import json,sys; a,b,c=[json.load(open(p)) for p in sys.argv[1:]]; assert c["merged_profiles"]==121 and c["total_fuel"]==a["total_fuel"]+b["total_fuel"]' \
    "$W/runs/merged.json" "$W/runs/cart_000.json.json" "$W/mm.json" && ok "a merged profile merges again" || bad "merge of merged"

# --- diff of two builds -------------------------------------------------------------------
cart=$(cat examples/cart.json)
JMON_PROFILE="$W/base.json" "$APP" "$cart" > /dev/null
JMON_PROFILE="$W/slow.json" "$SLOW" "$cart" > /dev/null
expect_rc "diff text" 0 "$REPORT" diff "$W/base.json" "$W/slow.json"
first=$(awk '/^JS functions/ {getline; getline; print; exit}' "$W/rc.out")
echo "$first" | grep -q " lineTotal (" && ok "the slowed function comes first: $first" || { bad "diff order"; head -12 "$W/rc.out"; }
python3 tests/runner/check_diff_premise.py "$W/base.json" "$W/slow.json" && ok "builds differ in ids and lines (matching is by name and file)" || bad "test premise: ids/lines should differ"
growth=$(python3 -c 'import json,sys; a,b=[json.load(open(p))["total_fuel"] for p in sys.argv[1:]]; print(100*(b-a)/a)' "$W/base.json" "$W/slow.json")
below=$(python3 -c "print(int($growth) - 1 if $growth >= 1 else 0)") above=$(python3 -c "print(int($growth) + 1)")
expect_rc "--fail-over below the growth ($below%): exit 1" 1 "$REPORT" diff "$W/base.json" "$W/slow.json" --fail-over "$below"
grep -q "more than --fail-over" "$W/rc.err" && ok "--fail-over message" || bad "--fail-over message"
expect_rc "--fail-over above the growth ($above%): exit 0" 0 "$REPORT" diff "$W/base.json" "$W/slow.json" --fail-over "$above"
expect_rc "--fail-over 0 on a shrink: exit 0" 0 "$REPORT" diff "$W/slow.json" "$W/base.json" --fail-over 0
expect_rc "diff folded" 0 "$REPORT" diff "$W/base.json" "$W/slow.json" --format folded -o "$W/d.folded"
python3 tests/runner/check_folded_pairs.py "$W/d.folded" "$W/base.json" "$W/slow.json" && ok "folded pairs sum to both totals" || bad "folded pairs"

# --- the SVGs in Chromium ------------------------------------------------------------------
if [ "${RUNNER_SKIP_CHROMIUM:-0}" != 1 ]; then
  if SVG_DIFF="$W/base.json $W/slow.json" E2E_BUILD="$B" JMON_REPORT="$REPORT" \
       tests/report/run_svg_chromium.sh "$W/runs/merged.json:round2|lineTotal" > "$W/chromium.out" 2>&1; then
    ok "SVGs (merged corpus, differential) zoom and search in Chromium"
  else
    bad "SVGs in Chromium"; cat "$W/chromium.out"
  fi
fi
finish
