#!/usr/bin/env bash
# run_legacy_tests.sh: javy modules of the legacy plugin ABI (compile_src, canonical_abi_realloc,
# 4-argument invoke, initialize_runtime), static and dynamic, under node and as app_mon.
#
# Usage: tests/e2e/run_legacy_tests.sh [NAME...]
#   (default: fib console exceptions uncaught_error closures classes)
# The plugin is Chainlink's 1.1.0 (tools/fetch_legacy_plugin.sh: npm + Wizer). Per program:
# bytecode from the legacy compile_src, a static and a dynamic module (jmon-javy-build), both run
# under node (the dynamic one linked to the plugin) with the `// expect-exit` code, both built
# with jmon-aot --probes js (the dynamic one with --plugin) and run with JMON_DETERMINISTIC=1:
# stdout, exit code and stderr before the trap line equal node's; the two profiles have the same
# total fuel, which equals the independent oracle's count of the static module; the profile adds
# up. The plugin's QuickJS is Bellard's (bytecode 0x43, generated/quickjs_opcodes_bellard.h): the
# profiles' interpreter.quickjs must say so, with no bytecode warning, and every `// expect-js:`
# marker of the source must match a JS function by name and line (with its calls/resumes), as in
# run_e2e.sh. Then the static module of the first program is built again with
# JMON_AOT_TEST_WRONG_OPCODE_TABLE=1: the parse must fail, and the functions be named by address
# with a warning, never guessed.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
B="${E2E_BUILD:-build}"
FIX=$B/fixtures/legacy
TRAP_PREFIX='app_mon: trap:'
. tests/lib.sh
LP="$(tools/fetch_legacy_plugin.sh)" || die "cannot get the legacy plugin"
mkdir -p "$FIX/static" "$FIX/dyn" "$FIX/oracle"
if [ $# -gt 0 ]; then NAMES=("$@"); else NAMES=(fib console exceptions uncaught_error closures classes identical builtins); fi

stderr_before_trap() { awk -v p="$TRAP_PREFIX" 'index($0, p) == 1 { exit } { print }' "$1"; }

for name in "${NAMES[@]}"; do
  js=tests/js/$name.js bc=$FIX/$name.bc
  ARGS=(); [ -f "tests/js/$name.args" ] && mapfile -t ARGS < "tests/js/$name.args"
  want="$(sed -n 's|^// *expect-exit: *\([0-9][0-9]*\).*|\1|p' "$js" | head -n 1)"; want=${want:-0}
  if ! { node tools/javy_compile.mjs "$LP" "$js" "$bc" &&
         "$B/bin/jmon-javy-build" "$LP" "$bc" -o "$FIX/static/$name.wasm" &&
         "$B/bin/jmon-javy-build" --dynamic "$LP" "$bc" -o "$FIX/dyn/$name.wasm"; } > "$FIX/$name.log" 2>&1; then
    bad "legacy-$name" "fixtures: $(tail -n 2 "$FIX/$name.log" | tr '\n' ' ')"; continue
  fi
  why=()
  for kind in static dyn; do
    link=(); [ $kind = dyn ] && link=(--plugin "$LP")
    d=$FIX/$kind
    mkdir -p "$d/$name.run"
    (cd "$d/$name.run" && exec node "$ROOT/tools/node_run.mjs" "${link[@]}" "$ROOT/$d/$name.wasm" "${ARGS[@]}") \
      > "$d/$name.node.out" 2> "$d/$name.node.err" < /dev/null
    nrc=$?
    [ "$nrc" = "$want" ] || why+=("$kind: node exit $nrc, want $want")
    if ! "$B/bin/jmon-aot" "$d/$name.wasm" "${link[@]}" --probes js -j 2 -o "$d/$name.mon" > "$d/$name.aot.log" 2>&1; then
      why+=("$kind: jmon-aot failed: $(tail -n 2 "$d/$name.aot.log" | tr '\n' ' ')"); continue
    fi
    ! grep -q "cannot be read" "$d/$name.aot.log" || why+=("$kind: $(grep -m1 "cannot be read" "$d/$name.aot.log")")
    (cd "$d/$name.run" && JMON_DETERMINISTIC=1 JMON_PROFILE=p.json exec "$ROOT/$d/$name.mon" "${ARGS[@]}") \
      > "$d/$name.mon.out" 2> "$d/$name.mon.err" < /dev/null
    mrc=$?
    [ "$mrc" = "$nrc" ] || why+=("$kind: app_mon exit $mrc, node $nrc")
    cmp -s "$d/$name.node.out" "$d/$name.mon.out" || why+=("$kind: stdout differs")
    cmp -s <(stderr_before_trap "$d/$name.node.err") <(stderr_before_trap "$d/$name.mon.err") ||
      why+=("$kind: stderr before the trap line differs")
    [ "$(grep -m1 "^$TRAP_PREFIX" "$d/$name.node.err")" = "$(grep -m1 "^$TRAP_PREFIX" "$d/$name.mon.err")" ] ||
      why+=("$kind: trap lines differ")
  done
  # The independent fuel count of the static module (one store: the dynamic pair must agree).
  "$B/bin/jmon-fuel-oracle" "$FIX/static/$name.wasm" -o "$FIX/oracle/$name.wasm" > /dev/null 2>&1 || why+=("oracle failed")
  oracle="$(cd "$FIX/static/$name.run" && JMON_DETERMINISTIC=1 node "$ROOT/tests/tools/fuel_oracle.mjs" "$ROOT/$FIX/oracle/$name.wasm" "${ARGS[@]}" 2>&1 >/dev/null < /dev/null | sed -n 's/^fuel: //p')"
  res="$(python3 "$ROOT/tests/e2e/check_legacy_run.py" "$FIX/static/$name.run/p.json" "$FIX/dyn/$name.run/p.json" "$oracle" "$js")" || res="the profile checks crashed (python exit $?): ${res:-see stderr}"
  [ -n "$res" ] && why+=("$res")
  if [ ${#why[@]} -eq 0 ]; then ok "legacy-$name"; else bad "legacy-$name" "$(IFS=';'; echo "${why[*]}")"; fi
done
# A wrong opcode table: the parse fails, functions are named by address with a warning (never guessed).
name=${NAMES[0]} d=$FIX/static
if [ -f "$d/$name.wasm" ]; then
  why=()
  ARGS=(); [ -f "tests/js/$name.args" ] && mapfile -t ARGS < "tests/js/$name.args"
  if ! JMON_AOT_TEST_WRONG_OPCODE_TABLE=1 "$B/bin/jmon-aot" "$d/$name.wasm" --probes js -j 2 -o "$d/$name.wrong.mon" \
       > "$d/$name.wrong.aot.log" 2>&1; then
    why+=("jmon-aot failed: $(tail -n 2 "$d/$name.wrong.aot.log" | tr '\n' ' ')")
  else
    grep -q "cannot be read" "$d/$name.wrong.aot.log" || why+=("no warning that the bytecode cannot be read")
    mkdir -p "$d/$name.wrong.run"
    (cd "$d/$name.wrong.run" && JMON_DETERMINISTIC=1 JMON_PROFILE=p.json exec "$ROOT/$d/$name.wrong.mon" "${ARGS[@]}") \
      > /dev/null 2>&1 < /dev/null
    res="$(python3 tests/tools/check_profile.py "$d/$name.wrong.run/p.json" --names-by-address | tr '\n' ';')"
    [ -n "$res" ] && why+=("$res")
  fi
  if [ ${#why[@]} -eq 0 ]; then ok "legacy-wrong-table-$name"; else bad "legacy-wrong-table-$name" "$(IFS=';'; echo "${why[*]}")"; fi
fi
finish
