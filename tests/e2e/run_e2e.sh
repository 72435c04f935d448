#!/usr/bin/env bash
# run_e2e.sh: end-to-end tests: each tests/js/*.js as a real javy module, run under node and as app_mon, compared.
#
# Usage: tests/e2e/run_e2e.sh [NAME...]        (default: every tests/js/*.js)
# Environment:
#   JMON_PLUGIN=path   use this plugin file instead of fetching it (sha256 still checked)
#   E2E_PROBES=mode    jmon-aot --probes mode (default none; output NAME.mon, else NAME.MODE.mon)
#   E2E_JOBS=N         parallel jobs (default 2: the machine has 2 cores)
#   E2E_TIMEOUT=S      per-run timeout in seconds (default 300)
#   E2E_BUILD=dir      the build tree to test (default build; tools, fixtures and jmon-aot come from it)
#   E2E_AOT=path       the jmon-aot to test (default $E2E_BUILD/bin/jmon-aot)
#   E2E_NODE_ONLY=1    skip the jmon-aot/app_mon part even when jmon-aot exists
#   E2E_DYNAMIC=1      javy *dynamic* modules instead (jmon-javy-build --dynamic, in $E2E_BUILD/fixtures/dyn/):
#                      node links them to the plugin (node_run.mjs --plugin), jmon-aot gets --plugin,
#                      the oracle counts both modules; with probes the total fuel must also equal
#                      the static module's (same bytecode, same _start: fixtures/NAME.MODE.det1.json)
#
# Per program NAME (tests/js/NAME.js, arguments in tests/js/NAME.args, one per line):
#   1. fixture: javy_compile.mjs + jmon-javy-build -> build/fixtures/NAME.wasm (skipped when up to date)
#   2. node:    node_run.mjs NAME.wasm ARGS...; its exit code must equal the `// expect-exit: N`
#               comment of the .js (default 0)
#   3. app_mon: build/bin/jmon-aot NAME.wasm -o NAME.mon --probes none; ./NAME.mon ARGS...
#               must match node: stdout byte-equal, exit code equal, stderr equal up to (not
#               including) the first `app_mon: trap:` line, and the same trap line in both or neither.
#               Skipped with a message while build/bin/jmon-aot does not exist.
# Prints one PASS/FAIL/SKIP line per program and finally `N passed, N failed`; exits 1 on any failure.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
. tests/lib.sh
JS_DIR=tests/js
B="${E2E_BUILD:-build}"   # the build tree under test (build-san for the sanitizer suite)
DYNAMIC="${E2E_DYNAMIC:-0}"
STATIC_FIX=$B/fixtures
FIX=$B/fixtures
[ "$DYNAMIC" = 1 ] && FIX=$B/fixtures/dyn   # same basenames: WASI argv[0] (getWasiArgs) must not differ
JAVY_BUILD=$B/bin/jmon-javy-build
JMON_AOT="${E2E_AOT:-$B/bin/jmon-aot}"
PROBES="${E2E_PROBES:-none}"
JOBS="${E2E_JOBS:-2}"
TIMEOUT="${E2E_TIMEOUT:-300}"
TRAP_PREFIX='app_mon: trap:'
export B ROOT JS_DIR FIX STATIC_FIX DYNAMIC JAVY_BUILD JMON_AOT PROBES TIMEOUT TRAP_PREFIX

# --- helpers (also run in the xargs workers, hence exported) -----------------------------

# Expected node exit code of a program: its `// expect-exit: N` comment, else 0.
expected_exit() {
  local n
  n="$(sed -n 's|^// *expect-exit: *\([0-9][0-9]*\).*|\1|p' "$JS_DIR/$1.js" | head -n 1)"
  echo "${n:-0}"
}

# The guest arguments of a program, one per line of NAME.args (none without the file).
load_args() {
  ARGS=()
  if [ -f "$JS_DIR/$1.args" ]; then mapfile -t ARGS < "$JS_DIR/$1.args"; fi
}

# Everything before the first trap line (the guest's own stderr).
stderr_before_trap() { awk -v p="$TRAP_PREFIX" 'index($0, p) == 1 { exit } { print }' "$1"; }
trap_line() { grep -m1 "^$TRAP_PREFIX" "$1" || true; }

# $1 is newer than every other argument (and exists).
up_to_date() {
  local target="$1" dep; shift
  [ -f "$target" ] || return 1
  for dep in "$@"; do [ "$dep" -nt "$target" ] && return 1; done
  return 0
}

mon_path() {
  if [ "$PROBES" = none ]; then echo "$FIX/$1.mon"; else echo "$FIX/$1.$PROBES.mon"; fi
}

# Phase 1 worker: fixture + node run for one program. Writes $FIX/NAME.node.{out,err,rc}
# and $FIX/NAME.fixture.log; a failure is recorded in $FIX/NAME.fail.
phase_node() {
  local name="$1" js="$JS_DIR/$1.js" wasm="$FIX/$1.wasm" bc="$FIX/$1.bc" rc
  rm -f "$FIX/$name.fail"
  local kind=() link=()
  if [ "$DYNAMIC" = 1 ]; then kind=(--dynamic); link=(--plugin "$PLUGIN"); fi
  if ! up_to_date "$wasm" "$js" "$PLUGIN" "$JAVY_BUILD" tools/javy_compile.mjs; then
    # A dynamic fixture reuses the static run's bytecode when it is up to date.
    if [ "$DYNAMIC" = 1 ] && up_to_date "$STATIC_FIX/$name.bc" "$js" "$PLUGIN" tools/javy_compile.mjs; then
      cp "$STATIC_FIX/$name.bc" "$bc"
    else
      rm -f "$bc"
    fi
    if ! { { [ -f "$bc" ] || node tools/javy_compile.mjs "$PLUGIN" "$js" "$bc"; } &&
           "$JAVY_BUILD" "${kind[@]}" "$PLUGIN" "$bc" -o "$wasm.tmp" && mv "$wasm.tmp" "$wasm"; } \
         > "$FIX/$name.fixture.log" 2>&1; then
      rm -f "$wasm" "$wasm.tmp"
      echo "fixture build failed: $(tail -n 3 "$FIX/$name.fixture.log" | tr '\n' ' ')" > "$FIX/$name.fail"
      return 0
    fi
  fi
  load_args "$name"
  mkdir -p "$FIX/$name.run"
  ( cd "$FIX/$name.run" && exec timeout "$TIMEOUT" node "$ROOT/tools/node_run.mjs" "${link[@]}" "$ROOT/$wasm" "${ARGS[@]}" ) \
    > "$FIX/$name.node.out" 2> "$FIX/$name.node.err" < /dev/null
  rc=$?
  echo "$rc" > "$FIX/$name.node.rc"
  local want; want="$(expected_exit "$name")"
  if [ "$rc" != "$want" ]; then
    echo "node exit $rc, expected $want (stderr: $(tail -n 2 "$FIX/$name.node.err" | tr '\n' ' '))" > "$FIX/$name.fail"
  fi
}

# Phase 3 worker: run app_mon for one program and compare with node's results.
phase_mon() {
  local name="$1" mon; mon="$(mon_path "$1")"
  [ -f "$FIX/$name.fail" ] && return 0
  if [ ! -x "$mon" ]; then echo "jmon-aot build failed (see $FIX/$name.aot.log)" > "$FIX/$name.fail"; return 0; fi
  load_args "$name"
  ( cd "$FIX/$name.run" && exec timeout "$TIMEOUT" "$ROOT/$mon" "${ARGS[@]}" ) \
    > "$FIX/$name.mon.out" 2> "$FIX/$name.mon.err" < /dev/null
  local rc=$? nrc; nrc="$(cat "$FIX/$name.node.rc")"
  local why=()
  cmp -s "$FIX/$name.node.out" "$FIX/$name.mon.out" || why+=("stdout differs")
  [ "$rc" = "$nrc" ] || why+=("exit $rc, node $nrc")
  cmp -s <(stderr_before_trap "$FIX/$name.node.err") <(stderr_before_trap "$FIX/$name.mon.err") ||
    why+=("stderr before the trap line differs")
  local ntrap mtrap; ntrap="$(trap_line "$FIX/$name.node.err")"; mtrap="$(trap_line "$FIX/$name.mon.err")"
  if [ -n "$ntrap" ] && [ -z "$mtrap" ]; then why+=("node trapped ($ntrap), app_mon did not"); fi
  if [ -z "$ntrap" ] && [ -n "$mtrap" ]; then why+=("app_mon trapped ($mtrap), node did not"); fi
  # node_run.mjs words V8's traps as wasmtime does, so the reasons must agree exactly.
  if [ -n "$ntrap" ] && [ -n "$mtrap" ] && [ "$ntrap" != "$mtrap" ]; then
    why+=("trap reasons differ: node '$ntrap' vs app_mon '$mtrap'")
  fi
  [ "$PROBES" != none ] && [ ${#why[@]} -eq 0 ] && check_fuel "$name" "$mon" "$ntrap"
  if [ ${#why[@]} -gt 0 ]; then
    (IFS=';'; echo "${why[*]}  (diff $FIX/$name.{node,mon}.{out,err})") > "$FIX/$name.fail"
  fi
}

# With probes: the profile's invariants; JMON_DETERMINISTIC=1 gives the same total_fuel twice;
# and that total equals the independent per-instruction count (jmon-fuel-oracle + node, which
# shares no code with the block-based path), run with the same deterministic clocks.
# A mid-block trap (stack exhaustion) is counted differently by design (docs/fuel-model.md §5).
check_fuel() {
  local name="$1" mon="$2" ntrap="$3" d="$FIX/$name.run"
  local p0="$ROOT/$d/jmon-profile.json" p1="$ROOT/$FIX/$name.$PROBES.det1.json" p2="$ROOT/$FIX/$name.$PROBES.det2.json"
  for p in "$p1" "$p2"; do
    ( cd "$d" && JMON_DETERMINISTIC=1 JMON_PROFILE="$p" exec timeout "$TIMEOUT" "$ROOT/$mon" "${ARGS[@]}" ) \
      > /dev/null 2>&1 < /dev/null
  done
  local oracle=none
  if [ "$ntrap" != "$TRAP_PREFIX call stack exhausted" ]; then
    # Same basename as the module: WASI argv[0] (and so getWasiArgs()) must not differ. With JS
    # probes the oracle also counts executions of the interpreter's opcode load.
    local count_at=() ow="$FIX/oracle/$PROBES/$name.wasm"
    mkdir -p "$FIX/oracle/$PROBES"
    if [ "$PROBES" = js ]; then
      count_at=(--count-at "$(python3 tests/tools/check_profile.py "$p1" --get interpreter.pc_load_offset 2>/dev/null || echo 0)")
    fi
    local oplugin=()
    if [ "$DYNAMIC" = 1 ]; then
      # Dynamic: the plugin counted by its own oracle module (the opcode load is the plugin's).
      local op="$FIX/oracle/$PROBES/plugin.${count_at[1]:-0}.wasm"
      # (parallel workers: each writes its own file, the rename is atomic)
      [ -f "$op" ] || { $B/bin/jmon-fuel-oracle "$PLUGIN" -o "$op.$$" "${count_at[@]}" > /dev/null 2>&1 && mv "$op.$$" "$op"; } ||
        { why+=("jmon-fuel-oracle failed on the plugin"); return; }
      oplugin=(--plugin "$ROOT/$op")
      count_at=()
    fi
    $B/bin/jmon-fuel-oracle "$FIX/$name.wasm" -o "$ow" "${count_at[@]}" > /dev/null 2>&1 || { why+=("jmon-fuel-oracle failed"); return; }
    oracle="$(cd "$d" && JMON_DETERMINISTIC=1 timeout "$TIMEOUT" node "$ROOT/tests/tools/fuel_oracle.mjs" "${oplugin[@]}" "$ROOT/$ow" "${ARGS[@]}" 2>&1 >/dev/null < /dev/null |
      sed -n 's/^\(fuel\|count\): /\1=/p' | tr '\n' ' ')"
  fi
  # With JS probes: a zstd trace of the same deterministic run; its decoded enter/resume events
  # per function must equal the profile's calls/resumes exactly; a cut copy still decodes.
  local tr="$ROOT/$FIX/$name.trace" tp="$ROOT/$FIX/$name.trace.json"
  if [ "$PROBES" = js ]; then
    ( cd "$d" && JMON_DETERMINISTIC=1 JMON_TRACE="$tr" JMON_TRACE_WASM=1 JMON_PROFILE="$tp" exec timeout "$TIMEOUT" "$ROOT/$mon" "${ARGS[@]}" ) \
      > /dev/null 2>&1 < /dev/null
    $B/bin/jmon-report --decode "$tr" > "$tr.txt" 2>&1 || why+=("jmon-report --decode failed: $(tail -n 1 "$tr.txt")")
    head -c "$(( $(stat -c %s "$tr") * 2 / 3 ))" "$tr" > "$tr.cut"
    $B/bin/jmon-report --decode "$tr.cut" > "$tr.cut.txt" 2>&1 || why+=("a cut trace does not decode")
  fi
  local res
  local static_det=none
  [ "$DYNAMIC" = 1 ] && static_det="$ROOT/$STATIC_FIX/$name.$PROBES.det1.json"
  res="$(python3 "$ROOT/tests/e2e/check_e2e_run.py" "$p0" "$p1" "$p2" "$oracle" "$ROOT/$FIX/$name.fuel.det1.json" "$ROOT/$JS_DIR/$name.js" "$ntrap" "$tr" "$tp" "$static_det")" || res="the profile checks crashed (python exit $?): ${res:-see stderr}"
  [ -n "$res" ] && why+=("$res")
}
export -f expected_exit load_args stderr_before_trap trap_line up_to_date mon_path phase_node phase_mon check_fuel

# --- main -----------------------------------------------------------------------------

if [ $# -gt 0 ]; then NAMES=("$@"); else
  NAMES=(); for f in "$JS_DIR"/*.js; do NAMES+=("$(basename "$f" .js)"); done
fi
for n in "${NAMES[@]}"; do
  [ -f "$JS_DIR/$n.js" ] || die "no $JS_DIR/$n.js"
done
[ -x "$JAVY_BUILD" ] || die "$JAVY_BUILD missing (make $JAVY_BUILD)"
PLUGIN="$(tools/fetch_plugin.sh)" || die "cannot fetch the javy plugin"
export PLUGIN
mkdir -p "$FIX"

# Phase 1: fixtures + node reference runs, in parallel.
printf '%s\n' "${NAMES[@]}" | xargs -P "$JOBS" -I{} bash -c 'phase_node "$1"' _ {}

# Phase 2: jmon-aot builds, one at a time (each uses all cores itself; the first fills the
# plugin's object cache, the others then mostly reuse it).
HAVE_AOT=0
if [ "${E2E_NODE_ONLY:-0}" = 1 ]; then
  echo "SKIP app_mon part: E2E_NODE_ONLY=1 (only fixtures and node runs are checked)"
elif [ -x "$JMON_AOT" ]; then
  HAVE_AOT=1
  for n in "${NAMES[@]}"; do
    [ -f "$FIX/$n.fail" ] && continue
    mon="$(mon_path "$n")"
    if up_to_date "$mon" "$FIX/$n.wasm" "$JMON_AOT" "$PLUGIN" $(find $B/lib/jmon-aot -type f 2>/dev/null); then continue; fi
    link=(); [ "$DYNAMIC" = 1 ] && link=(--plugin "$PLUGIN")
    if ! timeout 1800 "$JMON_AOT" "$FIX/$n.wasm" "${link[@]}" -o "$mon" --probes "$PROBES" -j "$JOBS" > "$FIX/$n.aot.log" 2>&1; then
      rm -f "$mon"
      echo "jmon-aot failed: $(tail -n 3 "$FIX/$n.aot.log" | tr '\n' ' ')" > "$FIX/$n.fail"
    fi
  done
  # Phase 3: app_mon runs + comparison, in parallel.
  printf '%s\n' "${NAMES[@]}" | xargs -P "$JOBS" -I{} bash -c 'phase_mon "$1"' _ {}
else
  echo "SKIP app_mon part: $JMON_AOT is not built yet (only fixtures and node runs are checked)"
fi

# Summary.
for n in "${NAMES[@]}"; do
  if [ -f "$FIX/$n.fail" ]; then
    bad "$n" "$(cat "$FIX/$n.fail")"
  else
    extra=""; [ -f "$FIX/$n.note" ] && extra="$(cat "$FIX/$n.note")"
    [ "$HAVE_AOT" = 1 ] || extra="node only: exit $(cat "$FIX/$n.node.rc")"
    ok "$n" "$extra"
  fi
  rm -f "$FIX/$n.note"
done
finish
