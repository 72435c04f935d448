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
. tests/lib.sh
[ -f "$FIX/fib.wasm" ] || die "$FIX/fib.wasm missing (run tests/e2e/run_e2e.sh fib first)"
if ! JMON_AOT_TEST_WRONG_OPCODE_TABLE=1 "$B/bin/jmon-aot" --probes js "$FIX/fib.wasm" -o "$work/fib" > "$work/build.log" 2>&1; then
  bad js-fallback "build failed: $(tail -n 3 "$work/build.log")"
else
  (cd "$work" && JMON_PROFILE=p.json ./fib 12 > out 2> err)
  # fib(12), fib(11), fib(10) still by address: 2*fib(k+1)-1 calls each, one function with
  # 465 + 287 + 177 calls.
  why=$(python3 tests/tools/check_profile.py "$work/p.json" --names-by-address \
          --js-calls $(( (2*233-1) + (2*144-1) + (2*89-1) )) | tr '\n' ';')
  grep -q "cannot be read" "$work/build.log" || why="$why no build warning about the unreadable bytecode"
  if [ -z "$why" ]; then ok js-fallback; else bad js-fallback "${why%;}"; fi
fi
finish
