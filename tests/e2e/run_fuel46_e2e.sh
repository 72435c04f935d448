#!/usr/bin/env bash
# run_fuel46_e2e.sh: --fuel-model wasmtime46 on a real javy module against the independent oracle.
#
# Usage: tests/e2e/run_fuel46_e2e.sh [NAME...]   (default: console; tests/js/NAME.js)
# Needs the fixtures of `E2E_PROBES=fuel tests/e2e/run_e2e.sh` (build/fixtures/NAME.wasm, the
# wasmtime39 build NAME.fuel.mon and its deterministic profile NAME.fuel.det1.json); builds
# NAME.fuel46.mon (one more cold compile of the plugin). Environment: E2E_BUILD (default build).
#
# For each program, with JMON_DETERMINISTIC=1 and the program's arguments:
#   - the wasmtime46 profile: fuel_model "wasmtime46", Σ wasm self_fuel = Σ stacks = total_fuel;
#     stdout and exit code equal the wasmtime39 run's;
#   - total_fuel 46 = jmon-fuel-oracle --model wasmtime46 (per instruction, shares no code with
#     the fuel pass) and total_fuel 39 = the oracle's wasmtime39 count;
#   - the difference 46 − 39 is not 0 and equals the oracle's: a javy module pays no start-up
#     fuel (no start function; its data segments become a copy-on-write image), so it is exactly
#     the lengths of the bulk operators the run executes (docs/fuel-model.md §7.2);
#   - it is at least the bytecode segment's size, read from the module with wasm-objdump: _start
#     copies that passive segment with one memory.init of its whole length.
# Prints PASS/FAIL per program and `N passed, N failed`; exits 1 on any failure.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
B="${E2E_BUILD:-build}"
FIX=$B/fixtures
. tests/lib.sh
[ $# -gt 0 ] || set -- console

for name in "$@"; do
  wasm=$FIX/$name.wasm det39=$FIX/$name.fuel.det1.json mon46=$FIX/$name.fuel46.mon run=$FIX/$name.run46
  if [ ! -f "$wasm" ] || [ ! -f "$det39" ]; then
    bad "$name" "$wasm or $det39 missing (run E2E_PROBES=fuel tests/e2e/run_e2e.sh $name first)"; continue
  fi
  ARGS=()
  [ -f "tests/js/$name.args" ] && mapfile -t ARGS < "tests/js/$name.args"
  mkdir -p "$run" "$FIX/oracle/fuel46" "$FIX/oracle/fuel39"
  why=()
  if [ ! -x "$mon46" ] || [ "$wasm" -nt "$mon46" ] || [ "$B/bin/jmon-aot" -nt "$mon46" ]; then
    "$B/bin/jmon-aot" --probes fuel --fuel-model wasmtime46 "$wasm" -o "$mon46" > "$FIX/$name.fuel46.log" 2>&1 ||
      why+=("build: $(tail -n 1 "$FIX/$name.fuel46.log")")
  fi
  if [ ${#why[@]} -eq 0 ]; then
    ( cd "$run" && JMON_DETERMINISTIC=1 JMON_PROFILE=p46.json exec "$ROOT/$mon46" "${ARGS[@]}" ) \
      > "$run/out46" 2> "$run/err46" < /dev/null
    echo $? > "$run/rc46"
    ( cd "$run" && JMON_DETERMINISTIC=1 JMON_PROFILE=p39.json exec "$ROOT/$FIX/$name.fuel.mon" "${ARGS[@]}" ) \
      > "$run/out39" 2> /dev/null < /dev/null
    echo $? > "$run/rc39"
    # The oracle's module keeps the fixture's basename: WASI argv[0] must not differ.
    for m in 39 46; do
      "$B/bin/jmon-fuel-oracle" "$wasm" -o "$FIX/oracle/fuel$m/$name.wasm" --model "wasmtime$m" ||
        why+=("jmon-fuel-oracle --model wasmtime$m failed")
      ( cd "$run" && JMON_DETERMINISTIC=1 node "$ROOT/tests/tools/fuel_oracle.mjs" "$ROOT/$FIX/oracle/fuel$m/$name.wasm" \
          "${ARGS[@]}" 2>&1 > /dev/null < /dev/null | sed -n 's/^fuel: //p' | tail -n 1 ) > "$run/oracle$m"
    done
    # The bytecode: the last passive data segment (javy's layout; docs/fixtures.md).
    wasm-objdump -x -j Data "$wasm" | sed -n 's/^ - segment\[[0-9]*\] passive size=\([0-9]*\).*/\1/p' | tail -n 1 \
      > "$run/bytecode_size"
    cmp -s "$run/out39" "$run/out46" || why+=("stdout differs between the wasmtime39 and wasmtime46 builds")
    [ "$(cat "$run/rc39")" = "$(cat "$run/rc46")" ] || why+=("exit $(cat "$run/rc46") under 46, $(cat "$run/rc39") under 39")
  fi
  if [ ${#why[@]} -eq 0 ]; then
    res=$(python3 - "$run/p46.json" "$run/p39.json" "$(cat "$run/oracle39")" "$(cat "$run/oracle46")" \
      "$(cat "$run/bytecode_size")" <<'PY'
import json, sys
p46, p39, o39, o46, seg = sys.argv[1:6]
why = []
a, b = json.load(open(p46)), json.load(open(p39))
if a["fuel_model"] != "wasmtime46": why.append(f"fuel_model {a['fuel_model']!r}")
t46, t39 = a["total_fuel"], b["total_fuel"]
for name, p in (("46", a), ("39", b)):
    if sum(f["self_fuel"] for f in p["wasm_functions"]) != p["total_fuel"]: why.append(f"{name}: sum self_fuel != total")
    if sum(s["fuel"] for s in p["wasm_stacks"]) != p["total_fuel"]: why.append(f"{name}: sum stacks != total")
if str(t39) != o39: why.append(f"wasmtime39 total {t39} != oracle {o39}")
if str(t46) != o46: why.append(f"wasmtime46 total {t46} != oracle {o46}")
if o39.isdigit() and o46.isdigit():
    d, od = t46 - t39, int(o46) - int(o39)
    if d != od: why.append(f"46 - 39 = {d}, oracle's {od}")
    if not seg.isdigit() or d < int(seg): why.append(f"46 - 39 = {d} < the bytecode segment's {seg} bytes")
print("; ".join(why) if why else f"ok 39={t39} 46={t46} diff={t46 - t39} bytecode={seg}")
PY
    )
    case $res in ok*) ;; *) why+=("$res") ;; esac
  fi
  if [ ${#why[@]} -eq 0 ]; then
    ok "$name" "${res#ok }"
  else
    bad "$name" "$(IFS=';'; echo "${why[*]}")"
  fi
done
finish
