#!/usr/bin/env bash
# run_fuel_tests.sh: every tests/wat/fuel/*.wat built with `jmon-aot --probes fuel` and run; the
# profile's total_fuel, the exit code and the trap line must equal the hand-computed
# `;; expect-fuel:`, `;; expect-exit:` and `;; expect-trap:` header lines; the profile's
# invariants (Σ self = total, Σ stacks = total) must hold. A .wat with `;; expect-fuel-46:` is
# also built with `--fuel-model wasmtime46` and checked against it (`;; expect-exit-46:` and
# `;; expect-trap-46:` when they differ). Each build is repeated with --no-wasm-stacks:
# per-function counters instead of the calling-context tree, whose profile must have no
# wasm_stacks and the same wasm_functions (calls, self and inclusive fuel) as the tree's, an
# independent computation. Also JMON_FUEL_LIMIT behaviour under both models, in both kinds of build.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
JMON=${JMON_AOT:-$root/build/bin/jmon-aot}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export JMON_DETERMINISTIC=1 root
. "$root/tests/lib.sh"

check_one() {
  local wat=$1 work=$2 JMON=$3 model=${4:-39}
  local name; name=$(basename "$wat" .wat)
  local sfx="" d want_fuel want_exit want_trap
  [ "$model" = 46 ] && sfx=-46
  d="$work/$name$sfx"; mkdir -p "$d"
  header() { sed -n "s/^;; $1: *//p" "$wat" | head -1; }
  want_fuel=$(header "expect-fuel$sfx")
  want_exit=$(header "expect-exit$sfx"); [ -n "$want_exit" ] || want_exit=$(header expect-exit)
  want_exit=${want_exit%% *}
  want_trap=$(header "expect-trap$sfx"); [ -n "$want_trap" ] || want_trap=$(header expect-trap)
  name=$name$sfx
  wat2wasm "$wat" -o "$d/$name.wasm" 2>"$d/err" || { echo "FAIL $name: wat2wasm: $(cat "$d/err")"; return; }
  "$JMON" --probes fuel --fuel-model "wasmtime$model" "$d/$name.wasm" -o "$d/mon" >"$d/build.log" 2>&1 ||
    { echo "FAIL $name: build: $(tail -3 "$d/build.log")"; return; }
  (cd "$d" && JMON_PROFILE="$d/p.json" ./mon >"$d/out" 2>"$d/err" </dev/null)
  local rc=$?
  "$JMON" --probes fuel --no-wasm-stacks --fuel-model "wasmtime$model" "$d/$name.wasm" -o "$d/flat" >"$d/build-flat.log" 2>&1 ||
    { echo "FAIL $name: build --no-wasm-stacks: $(tail -3 "$d/build-flat.log")"; return; }
  (cd "$d" && JMON_PROFILE="$d/flat.json" ./flat >"$d/out-flat" 2>"$d/err-flat" </dev/null)
  local rc_flat=$?
  local why
  why=$(python3 "$root/tests/tools/check_profile.py" "$d/p.json" --fuel "$want_fuel" --exit "$rc" \
          --trap "${want_trap:-null}" --fuel-model "wasmtime$model" --wasm-stacks yes | tr '\n' ';')
  why="$why$(python3 "$root/tests/tools/check_profile.py" "$d/flat.json" --label no-wasm-stacks --exit "$rc_flat" \
               --wasm-stacks no --same-functions "$d/p.json" | tr '\n' ';')"
  [ "$rc" = "$want_exit" ] || why="$why exit $rc, want $want_exit;"
  [ "$rc_flat" = "$rc" ] || why="$why --no-wasm-stacks exit $rc_flat, with stacks $rc;"
  if [ -n "$want_trap" ]; then
    grep -qxF "app_mon: trap: $want_trap" "$d/err" || why="$why no trap line '$want_trap' in stderr;"
  fi
  if [ -z "$why" ]; then echo "PASS $name"; else echo "FAIL $name: ${why%;}"; fi
}
export -f check_one
{
  for w in "$root"/tests/wat/fuel/*.wat; do
    printf '%s 39\n' "$w"
    grep -q '^;; expect-fuel-46:' "$w" && printf '%s 46\n' "$w"
  done
} | xargs -P "$(nproc)" -L1 bash -c 'check_one "$3" "$1" "$2" "$4"' _ "$work" "$JMON" > "$work/results"

# Fuel limits. fuel_wast_loop_10 (53 in all, wasmtime 39). wasmtime checks at entry (consumed 1) and at
# each loop header: 3 on entry, then 3 + 5k after the k-th taken br_if (8, 13, ..., 48); the
# 10th br_if falls through to the end (53) with no further check. So any budget <= 48 traps at
# the first check reaching it and reports the budget as consumed; 49 and more run to the end.
# Mode flat: built with --no-wasm-stacks (the same figures from the per-function counters).
limit_case() {
  local wat=$1 model=$2 limit=$3 want_rc=$4 want_fuel=$5 mode=${6:-stacks} d="$work/limit-$1-$2-${6:-stacks}"
  mkdir -p "$d"
  local flag=--wasm-stacks; [ "$mode" = flat ] && flag=--no-wasm-stacks
  [ -x "$d/mon" ] || { wat2wasm "$root/tests/wat/fuel/$wat.wat" -o "$d/l.wasm" &&
    "$JMON" --probes fuel $flag --fuel-model "wasmtime$model" "$d/l.wasm" -o "$d/mon" >/dev/null 2>&1; }
  (cd "$d" && JMON_FUEL_LIMIT=$limit JMON_PROFILE=p.json ./mon >/dev/null 2>err)
  local rc=$?
  local stacks=yes; [ "$mode" = flat ] && stacks=no
  local got; got=$(python3 "$root/tests/tools/check_profile.py" "$d/p.json" --fuel "$want_fuel" --wasm-stacks $stacks | tr '\n' ' ')
  local label="fuel-limit-$wat-$model-$limit${6:+-$6}"
  if [ "$rc" = "$want_rc" ] && [ -z "$got" ] &&
     { [ "$want_rc" = 0 ] || grep -qx 'app_mon: trap: all fuel consumed by WebAssembly' "$d/err"; }; then
    echo "PASS $label"
  else
    echo "FAIL $label: exit $rc (want $want_rc), profile: ${got:-ok} (want fuel $want_fuel); $(cat "$d/err")"
  fi
}
{
  limit_case fuel_wast_loop_10 39 1 134 1        # the entry check: 1 >= 1
  limit_case fuel_wast_loop_10 39 20 134 20      # a loop header check passes 20 first: budget reported
  limit_case fuel_wast_loop_10 39 48 134 48      # the last header check sees exactly 48
  limit_case fuel_wast_loop_10 39 49 0 53        # no check sees >= 49: runs over budget to the end, like wasmtime
  limit_case fuel_wast_loop_10 39 1000000 0 53
  # wasmtime 46 (wasmtime46_limit.wat, 162 in all): the start-up function's entry checks 1; its call of $s makes 2;
  # $s's entry checks 3; _start's entry checks 4; the memory.fill of run-time length 100 checks 4 + 4 + 100 = 108
  # after adding its n; the inline memory.copy of 50 has no check. Under wasmtime 39 the same module checks only at
  # the two entries (1 and 2, total 10).
  limit_case wasmtime46_limit 46 1 134 1         # the start-up function's entry
  limit_case wasmtime46_limit 46 2 134 2         # $s's entry sees 3 >= 2
  limit_case wasmtime46_limit 46 3 134 3         # $s's entry sees 3 >= 3
  limit_case wasmtime46_limit 46 4 134 4         # _start's entry sees 4 >= 4
  limit_case wasmtime46_limit 46 5 134 5         # the memory.fill's check sees 108 >= 5
  limit_case wasmtime46_limit 46 108 134 108     # ... and 108 >= 108
  limit_case wasmtime46_limit 46 109 0 162       # no later check: runs over budget to the end
  limit_case wasmtime46_limit 39 2 134 2         # v39: _start's entry sees 2 >= 2
  limit_case wasmtime46_limit 39 3 0 10          # v39: no check at a bulk operator
  # the same without wasm stacks: the per-function counters must give the same sums
  limit_case fuel_wast_loop_10 39 1 134 1 flat
  limit_case fuel_wast_loop_10 39 20 134 20 flat
  limit_case fuel_wast_loop_10 39 48 134 48 flat
  limit_case fuel_wast_loop_10 39 49 0 53 flat
  limit_case fuel_wast_loop_10 39 1000000 0 53 flat
  limit_case wasmtime46_limit 46 1 134 1 flat
  limit_case wasmtime46_limit 46 2 134 2 flat
  limit_case wasmtime46_limit 46 3 134 3 flat
  limit_case wasmtime46_limit 46 4 134 4 flat
  limit_case wasmtime46_limit 46 5 134 5 flat
  limit_case wasmtime46_limit 46 108 134 108 flat
  limit_case wasmtime46_limit 46 109 0 162 flat
  limit_case wasmtime46_limit 39 2 134 2 flat
  limit_case wasmtime46_limit 39 3 0 10 flat
} >> "$work/results"

cat "$work/results"
# (the checks ran in parallel workers: count their lines)
pass=$(grep -c '^PASS' "$work/results"); fail=$(grep -c '^FAIL' "$work/results")
finish
