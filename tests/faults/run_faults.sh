#!/bin/bash
# run_faults.sh: guest faults end cleanly — trap line, exit status, a profile naming the reason
# with its sums holding, a trace jmon-report decodes — plus a peak-RSS bound for --probes js.
#
# Cases (tests/faults/*.wat built with --probes fuel, the javy fixture with --probes js):
# out-of-bounds load and store, unreachable, divide by zero, JMON_FUEL_LIMIT, proc_exit from 200
# frames deep, SIGINT and SIGTERM 0.5 s into an endless loop, JS stack exhaustion
# (build/fixtures/recursion_unbounded.wasm from `make test-e2e`; skipped when absent).
# Memory: peak RSS (/usr/bin/time -f %M) of --probes js builds of fib and strings must be at most
# the plain build's + 64 MiB. Prints one line per failure and `N passed, N failed`.
# Environment: BIN (default build/bin), BUILD (default build), FIXTURES (default build/fixtures).
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${BIN:-build/bin}
BUILD=${BUILD:-build}
FIXTURES=${FIXTURES:-build/fixtures}
OUT=$BUILD/tests/faults
ROOT=$PWD
mkdir -p "$OUT"
. tests/lib.sh

# check NAME RC WANT_RC TRAP_LINE WANT_TRAP PROFILE_TRAP: the common checks of one run in $OUT.
# WANT_TRAP empty = no trap line expected.
check() {
  local name=$1 rc=$2 want_rc=$3 want_trap=$4 ptrap=$5 problem=""
  local line; line=$(grep '^app_mon: trap: ' "$OUT/$name.err" | head -n 1)
  [ "$rc" = "$want_rc" ] || problem="$problem; exit $rc, want $want_rc"
  if [ -n "$want_trap" ]; then
    [ "$line" = "app_mon: trap: $want_trap" ] || problem="$problem; trap line '$line', want '$want_trap'"
  else
    [ -z "$line" ] || problem="$problem; unexpected '$line'"
  fi
  local msg; msg=$(python3 tests/tools/check_profile.py "$OUT/$name.json" --exit "$want_rc" --trap "$ptrap" 2>&1) ||
    problem="$problem; profile: $(echo "$msg" | tr '\n' ' ')"
  if ! "$BIN/jmon-report" --decode "$OUT/$name.trace" >"$OUT/$name.trace.txt" 2>&1; then
    problem="$problem; trace does not decode: $(tail -n 1 "$OUT/$name.trace.txt")"
  elif ! grep -q ' end$' "$OUT/$name.trace.txt"; then
    problem="$problem; trace has no end event"
  fi
  if [ -z "$problem" ]; then ok "$name" "exit $rc${want_trap:+, $want_trap}"; else bad "$name" "${problem#; }"; fi
}

# build_wat NAME: tests/faults/NAME.wat -> $OUT/NAME.mon (--probes fuel). @return 1 on failure.
build_wat() {
  wat2wasm "tests/faults/$1.wat" -o "$OUT/$1.wasm" 2>"$OUT/$1.build.log" &&
    "$BIN/jmon-aot" --probes fuel "$OUT/$1.wasm" -o "$OUT/$1.mon" >>"$OUT/$1.build.log" 2>&1 ||
    { bad "$1" "build failed: $(tail -n 1 "$OUT/$1.build.log")"; return 1; }
}

# run_case NAME ENV... : runs $OUT/NAME.mon with a profile and a trace (wasm events), 60 s limit.
run_case() {
  local name=$1; shift
  rm -f "$OUT/$name.json" "$OUT/$name.trace"
  env JMON_PROFILE="$OUT/$name.json" JMON_TRACE="$OUT/$name.trace" JMON_TRACE_WASM=1 "$@" \
    timeout 60 "$OUT/$name.mon" >"$OUT/$name.out" 2>"$OUT/$name.err"
  RC=$?
}

# name | extra env | exit | trap line (wasmtime's words)
while IFS='|' read -r name envs want_rc trap; do
  build_wat "$name" || continue
  # shellcheck disable=SC2086
  run_case "$name" $envs
  check "$name" "$RC" "$want_rc" "$trap" "${trap:-null}"
done <<'CASES'
oob_load||134|out of bounds memory access
oob_store||134|out of bounds memory access
unreachable||134|wasm `unreachable` instruction executed
divzero||134|integer divide by zero
fuel_loop|JMON_FUEL_LIMIT=100000|134|all fuel consumed by WebAssembly
proc_exit_deep||42|
CASES

# The fuel limit stops where wasmtime checks: consumed >= limit, and not far past it (one loop
# iteration costs well under 100 fuel).
if [ -f "$OUT/fuel_loop.json" ]; then
  f=$(python3 tests/tools/check_profile.py "$OUT/fuel_loop.json" --get total_fuel 2>/dev/null)
  if [ -n "$f" ] && [ "$f" -ge 100000 ] && [ "$f" -lt 100100 ]; then ok "fuel_loop total" "$f"
  else bad "fuel_loop total" "total_fuel '$f' not in [100000, 100100)"; fi
fi

# Signals 0.5 s into an endless loop: exit 128+N, the profile flushed (exit.trap null, or naming
# the signal should the profile ever record it), the trace closed.
if build_wat forever; then
  for sig in INT TERM; do
    name=forever_$sig
    cp "$OUT/forever.mon" "$OUT/$name.mon"
    rm -f "$OUT/$name.json" "$OUT/$name.trace"
    JMON_PROFILE="$OUT/$name.json" JMON_TRACE="$OUT/$name.trace" JMON_TRACE_WASM=1 \
      "$OUT/$name.mon" >"$OUT/$name.out" 2>"$OUT/$name.err" &
    pid=$!
    sleep 0.5
    kill -s "$sig" "$pid"
    wait "$pid"
    rc=$?
    n=$(kill -l "$sig")
    check "$name" "$rc" $((128 + n)) "" "null|$( [ $sig = INT ] && echo interrupted || echo terminated ) by SIG$sig"
  done
fi

# JS stack exhaustion in a real javy module (--probes js): the trap line on stderr after the
# guest's own output, exit 134, js sums.
if [ -f "$FIXTURES/recursion_unbounded.wasm" ]; then
  name=js_stack
  if "$BIN/jmon-aot" --probes js "$FIXTURES/recursion_unbounded.wasm" -o "$OUT/$name.mon" >"$OUT/$name.build.log" 2>&1; then
    run_case "$name"
    check "$name" "$RC" 134 "call stack exhausted" "call stack exhausted"
    # The trap line, then the JS frames open at the trap: innermost `down` (the recursing
    # function of recursion_unbounded.js), outermost the module's top level.
    if [ "$(head -n 1 "$OUT/$name.out")" = start ] &&
       grep -qx "app_mon: trap: call stack exhausted" "$OUT/$name.err" &&
       [ "$(sed -n '/^app_mon: trap:/{n;p;q}' "$OUT/$name.err")" = "    at down (function.mjs:6)" ] &&
       tail -n 1 "$OUT/$name.err" | grep -q '^    at <eval> (function.mjs:'; then
      ok "js_stack output" "stdout 'start', the trap line, then the JS stack from down to <eval>"
    else
      bad "js_stack output" "stdout '$(head -n 1 "$OUT/$name.out")', stderr last '$(tail -n 1 "$OUT/$name.err")'"
    fi
    if python3 -c "import json,sys; p=json.load(open(sys.argv[1])); sys.exit(0 if any(f['name']=='down' and f['calls']>1000 for f in p['js_functions']) else 1)" "$OUT/$name.json" 2>/dev/null; then
      ok "js_stack profile" "JS function down with > 1000 calls"
    else
      bad "js_stack profile" "no JS function 'down' with > 1000 calls"
    fi
  else
    bad "$name" "build failed: $(tail -n 1 "$OUT/$name.build.log")"
  fi
else
  skip js_stack "$FIXTURES/recursion_unbounded.wasm missing (make test-e2e)"
fi

# Memory: --probes js peak RSS <= plain + 64 MiB, on two javy programs. Uses the fixture builds
# test-e2e made (NAME.mon plain, NAME.js.mon) when present, else builds them.
for prog in fib strings; do
  wasm=$FIXTURES/$prog.wasm
  [ -f "$wasm" ] || { skip "rss $prog" "$wasm missing (make test-e2e)"; continue; }
  args=(); [ -f "tests/js/$prog.args" ] && mapfile -t args <"tests/js/$prog.args"
  for kind in none js; do
    exe=$FIXTURES/$prog.mon; [ $kind = js ] && exe=$FIXTURES/$prog.js.mon
    if [ ! -x "$exe" ] || [ "$exe" -ot "$BIN/jmon-aot" ]; then
      exe=$OUT/$prog.$kind.mon
      "$BIN/jmon-aot" --probes $kind "$wasm" -o "$exe" >"$OUT/$prog.$kind.build.log" 2>&1 || exe=""
    fi
    rss=""
    [ -n "$exe" ] && rss=$(cd "$OUT" && JMON_PROFILE=rss.json /usr/bin/time -f %M -o "rss.$prog.$kind" \
      "$ROOT/$exe" "${args[@]}" >/dev/null 2>&1; cat "rss.$prog.$kind")
    eval "rss_$kind=\$rss"
  done
  if [ -n "$rss_none" ] && [ -n "$rss_js" ] && [ "$rss_js" -le $((rss_none + 65536)) ]; then
    ok "rss $prog" "plain ${rss_none} KiB, js ${rss_js} KiB"
  else
    bad "rss $prog" "plain '${rss_none}' KiB, js '${rss_js}' KiB: more than 64 MiB apart"
  fi
done

finish
