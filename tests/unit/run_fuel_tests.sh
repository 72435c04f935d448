#!/usr/bin/env bash
# run_fuel_tests.sh: every tests/wat/fuel/*.wat built with `jmon-aot --probes fuel` and run; the
# profile's total_fuel, the exit code and the trap line must equal the hand-computed
# `;; expect-fuel:`, `;; expect-exit:` and `;; expect-trap:` header lines; the profile's
# invariants (Σ self = total, Σ stacks = total) must hold. Also JMON_FUEL_LIMIT behaviour.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
JMON=${JMON_AOT:-$root/build/bin/jmon-aot}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export JMON_DETERMINISTIC=1 root
. "$root/tests/lib.sh"

check_one() {
  local wat=$1 work=$2 JMON=$3
  local name; name=$(basename "$wat" .wat)
  local d="$work/$name"; mkdir -p "$d"
  local want_fuel want_exit want_trap
  want_fuel=$(sed -n 's/^;; expect-fuel: *//p' "$wat" | head -1)
  want_exit=$(sed -n 's/^;; expect-exit: *\([0-9]*\).*/\1/p' "$wat" | head -1)
  want_trap=$(sed -n 's/^;; expect-trap: *//p' "$wat" | head -1)
  wat2wasm "$wat" -o "$d/$name.wasm" 2>"$d/err" || { echo "FAIL $name: wat2wasm: $(cat "$d/err")"; return; }
  "$JMON" --probes fuel "$d/$name.wasm" -o "$d/mon" >"$d/build.log" 2>&1 || { echo "FAIL $name: build: $(tail -3 "$d/build.log")"; return; }
  (cd "$d" && JMON_PROFILE="$d/p.json" ./mon >"$d/out" 2>"$d/err" </dev/null)
  local rc=$?
  local why
  why=$(python3 "$root/tests/tools/check_profile.py" "$d/p.json" --fuel "$want_fuel" --exit "$rc" \
          --trap "${want_trap:-null}" | tr '\n' ';')
  [ "$rc" = "$want_exit" ] || why="$why exit $rc, want $want_exit;"
  if [ -n "$want_trap" ]; then
    grep -qxF "app_mon: trap: $want_trap" "$d/err" || why="$why no trap line '$want_trap' in stderr;"
  fi
  if [ -z "$why" ]; then echo "PASS $name"; else echo "FAIL $name: ${why%;}"; fi
}
export -f check_one
ls "$root"/tests/wat/fuel/*.wat | xargs -P "$(nproc)" -I{} bash -c 'check_one "$@"' _ {} "$work" "$JMON" > "$work/results"

# Fuel limit on fuel_wast_loop_10 (53 in all). wasmtime checks at entry (consumed 1) and at
# each loop header: 3 on entry, then 3 + 5k after the k-th taken br_if (8, 13, ..., 48); the
# 10th br_if falls through to the end (53) with no further check. So any budget <= 48 traps at
# the first check reaching it and reports the budget as consumed; 49 and more run to the end.
limit_case() {
  local limit=$1 want_rc=$2 want_fuel=$3 d="$work/limit"
  mkdir -p "$d"
  [ -x "$d/mon" ] || { wat2wasm "$root/tests/wat/fuel/fuel_wast_loop_10.wat" -o "$d/l.wasm" && "$JMON" --probes fuel "$d/l.wasm" -o "$d/mon" >/dev/null 2>&1; }
  (cd "$d" && JMON_FUEL_LIMIT=$limit JMON_PROFILE=p.json ./mon >/dev/null 2>err)
  local rc=$?
  local got; got=$(python3 "$root/tests/tools/check_profile.py" "$d/p.json" --fuel "$want_fuel" | tr '\n' ' ')
  if [ "$rc" = "$want_rc" ] && [ -z "$got" ] &&
     { [ "$want_rc" = 0 ] || grep -qx 'app_mon: trap: all fuel consumed by WebAssembly' "$d/err"; }; then
    echo "PASS fuel-limit-$limit"
  else
    echo "FAIL fuel-limit-$limit: exit $rc (want $want_rc), profile: ${got:-ok} (want fuel $want_fuel); $(cat "$d/err")"
  fi
}
{
  limit_case 1 134 1        # the entry check: 1 >= 1
  limit_case 20 134 20      # a loop header check passes 20 first: budget reported
  limit_case 48 134 48      # the last header check sees exactly 48
  limit_case 49 0 53        # no check sees >= 49: runs over budget to the end, like wasmtime
  limit_case 1000000 0 53
} >> "$work/results"

cat "$work/results"
# (the checks ran in parallel workers: count their lines)
pass=$(grep -c '^PASS' "$work/results"); fail=$(grep -c '^FAIL' "$work/results")
finish
