#!/usr/bin/env bash
# run_js_fallback.sh: names must never be guessed. The fib fixture is built with a deliberately
# wrong QuickJS opcode table (JMON_AOT_TEST_WRONG_OPCODE_TABLE=1: every opcode size shifted by
# one); the bytecode reader must then refuse it, and the profile must name JS functions by
# address only, with a warning — and still add up.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
B="${E2E_BUILD:-build}"   # the build tree under test
FIX=$B/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$FIX/fib.wasm" ] || { echo "run_js_fallback.sh: error: $FIX/fib.wasm missing (run tests/e2e/run_e2e.sh fib first)" >&2; exit 2; }
if ! JMON_AOT_TEST_WRONG_OPCODE_TABLE=1 "$B/bin/jmon-aot" --probes js "$FIX/fib.wasm" -o "$work/fib" > "$work/build.log" 2>&1; then
  echo "FAIL js-fallback: build failed: $(tail -n 3 "$work/build.log")"; echo "0 passed, 1 failed"; exit 1
fi
(cd "$work" && JMON_PROFILE=p.json ./fib 12 > out 2> err)
python3 - "$work/p.json" "$work/build.log" <<'PY'
import json, re, sys
p = json.load(open(sys.argv[1]))
log = open(sys.argv[2]).read()
why = []
if "cannot be read" not in log: why.append("no build warning about the unreadable bytecode")
if not any("cannot be read" in w for w in p["warnings"]): why.append(f"no profile warning: {p['warnings']}")
if not p["js_functions"]: why.append("no JS functions at all")
named = [f["name"] for f in p["js_functions"] if not re.fullmatch(r"0x[0-9a-f]+", f["name"])]
if named: why.append(f"names printed although the table is wrong: {named}")
if any(f["line"] or f["file"] for f in p["js_functions"]): why.append("lines or files printed")
t = p["total_fuel"]
if sum(f["self_fuel"] for f in p["js_functions"]) + p["outside_js_fuel"] != t: why.append("js self + outside != total")
calls = sorted(f["calls"] for f in p["js_functions"])
# fib(12), fib(11), fib(10) by address still: 2*fib(k+1)-1 calls each -> one function with 465+287+177
if (2*233-1)+(2*144-1)+(2*89-1) not in calls: why.append(f"fib's calls by address not found in {calls}")
print(("FAIL js-fallback: " + "; ".join(why)) if why else "PASS js-fallback")
print("0 passed, 1 failed" if why else "1 passed, 0 failed")
sys.exit(1 if why else 0)
PY
