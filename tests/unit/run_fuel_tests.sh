#!/usr/bin/env bash
# run_fuel_tests.sh: every tests/wat/fuel/*.wat built with `jmon-aot --probes fuel` and run; the
# profile's total_fuel, the exit code and the trap line must equal the hand-computed
# `;; expect-fuel:`, `;; expect-exit:` and `;; expect-trap:` header lines; the profile's
# invariants (Σ self = total, Σ stacks = total) must hold. Each is also built with
# --no-wasm-stacks: per-function counters instead of the calling-context tree, whose profile must
# have no wasm_stacks and the same wasm_functions (calls, self and inclusive fuel) as the tree's,
# an independent computation. Also JMON_FUEL_LIMIT behaviour, in both kinds of build.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
JMON=${JMON_AOT:-$root/build/bin/jmon-aot}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export JMON_DETERMINISTIC=1

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
  "$JMON" --probes fuel --no-wasm-stacks "$d/$name.wasm" -o "$d/flat" >"$d/build-flat.log" 2>&1 ||
    { echo "FAIL $name: build --no-wasm-stacks: $(tail -3 "$d/build-flat.log")"; return; }
  (cd "$d" && JMON_PROFILE="$d/flat.json" ./flat >"$d/out-flat" 2>"$d/err-flat" </dev/null)
  local rc_flat=$?
  python3 - "$d/p.json" "$name" "$want_fuel" "$want_exit" "$rc" "$want_trap" "$d/err" "$d/flat.json" "$rc_flat" <<'PY'
import json, sys
path, name, want_fuel, want_exit, rc, want_trap, errf, flat_path, rc_flat = sys.argv[1:10]
why = []
try:
    flat = json.load(open(flat_path))
    if "wasm_stacks" in flat: why.append("--no-wasm-stacks profile has wasm_stacks")
    if rc_flat != rc: why.append(f"--no-wasm-stacks exit {rc_flat}, with stacks {rc}")
    for k in ("total_fuel", "exit", "wasm_functions"):
        if flat[k] != json.load(open(path))[k]: why.append(f"--no-wasm-stacks {k} differs: {flat[k]}")
except Exception as e:
    why.append(f"--no-wasm-stacks: no profile ({e})")
try:
    p = json.load(open(path))
except Exception as e:
    print(f"FAIL {name}: no profile ({e})"); sys.exit()
if str(p["total_fuel"]) != want_fuel: why.append(f"total_fuel {p['total_fuel']}, want {want_fuel}")
if rc != want_exit: why.append(f"exit {rc}, want {want_exit}")
if p["exit"]["code"] != int(rc): why.append(f"profile exit.code {p['exit']['code']} != {rc}")
err = open(errf).read()
if want_trap:
    if f"app_mon: trap: {want_trap}\n" not in err: why.append(f"no trap line '{want_trap}' in stderr: {err!r}")
    if p["exit"]["trap"] != want_trap: why.append(f"profile trap {p['exit']['trap']!r}")
elif p["exit"]["trap"] is not None: why.append(f"unexpected trap {p['exit']['trap']}")
s_self = sum(f["self_fuel"] for f in p["wasm_functions"])
s_stk = sum(s["fuel"] for s in p["wasm_stacks"])
if s_self != p["total_fuel"]: why.append(f"sum self_fuel {s_self} != total")
if s_stk != p["total_fuel"]: why.append(f"sum stacks {s_stk} != total")
for f in p["wasm_functions"]:
    if f["total_fuel"] < f["self_fuel"] or f["total_fuel"] > p["total_fuel"]: why.append(f"bad inclusive fuel for {f['name']}")
print(("FAIL %s: %s" % (name, "; ".join(why))) if why else f"PASS {name}")
PY
}
export -f check_one
ls "$root"/tests/wat/fuel/*.wat | xargs -P "$(nproc)" -I{} bash -c 'check_one "$@"' _ {} "$work" "$JMON" > "$work/results"

# Fuel limit on fuel_wast_loop_10 (53 in all). wasmtime checks at entry (consumed 1) and at
# each loop header: 3 on entry, then 3 + 5k after the k-th taken br_if (8, 13, ..., 48); the
# 10th br_if falls through to the end (53) with no further check. So any budget <= 48 traps at
# the first check reaching it and reports the budget as consumed; 49 and more run to the end.
# Without wasm stacks (mode flat) the second figure is Σ self_fuel and stacks must be absent.
limit_case() {
  local limit=$1 want_rc=$2 want_fuel=$3 mode=${4:-stacks} d="$work/limit-${4:-stacks}"
  mkdir -p "$d"
  local flag=--wasm-stacks; [ "$mode" = flat ] && flag=--no-wasm-stacks
  [ -x "$d/mon" ] || { wat2wasm "$root/tests/wat/fuel/fuel_wast_loop_10.wat" -o "$d/l.wasm" && "$JMON" --probes fuel $flag "$d/l.wasm" -o "$d/mon" >/dev/null 2>&1; }
  (cd "$d" && JMON_FUEL_LIMIT=$limit JMON_PROFILE=p.json ./mon >/dev/null 2>err)
  local rc=$?
  local got; got=$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))
print(p["total_fuel"], sum(s["fuel"] for s in p["wasm_stacks"]) if sys.argv[2] == "stacks" else
      "absent" if "wasm_stacks" in p else sum(f["self_fuel"] for f in p["wasm_functions"]))' "$d/p.json" "$mode")
  if [ "$rc" = "$want_rc" ] && [ "$got" = "$want_fuel $want_fuel" ] &&
     { [ "$want_rc" = 0 ] || grep -qx 'app_mon: trap: all fuel consumed by WebAssembly' "$d/err"; }; then
    echo "PASS fuel-limit-$limit${4:+-$4}"
  else
    echo "FAIL fuel-limit-$limit${4:+-$4}: exit $rc (want $want_rc), fuel/stacks '$got' (want $want_fuel); $(cat "$d/err")"
  fi
}
{
  limit_case 1 134 1        # the entry check: 1 >= 1
  limit_case 20 134 20      # a loop header check passes 20 first: budget reported
  limit_case 48 134 48      # the last header check sees exactly 48
  limit_case 49 0 53        # no check sees >= 49: runs over budget to the end, like wasmtime
  limit_case 1000000 0 53
  limit_case 1 134 1 flat
  limit_case 20 134 20 flat
  limit_case 48 134 48 flat
  limit_case 49 0 53 flat
} >> "$work/results"

cat "$work/results"
pass=$(grep -c '^PASS' "$work/results"); fail=$(grep -c '^FAIL' "$work/results")
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
