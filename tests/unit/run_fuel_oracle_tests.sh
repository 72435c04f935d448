#!/bin/sh
# run_fuel_oracle_tests.sh: checks the independent fuel oracle against tests/wat/fuel/*.wat's hand-computed headers.
#
# For each .wat: wat2wasm + wasm-validate; jmon-fuel-oracle instruments it; fuel_oracle.mjs runs
# `_start`; the last stderr line `fuel: N` must equal `;; oracle-fuel:` when present (mid-block
# traps, where wasmtime reports less than the per-instruction count), else `;; expect-fuel:`.
# The exit status must equal `;; expect-exit:`, the trap line must name `;; expect-trap:`, and
# the uninstrumented module under node_run.mjs must exit and print (stdout) the same.
# A .wat with `;; expect-fuel-46:` is checked again with `--model wasmtime46` against
# `;; oracle-fuel-46:`, else `;; expect-fuel-46:`.
# Prints one line per failure and `N passed, N failed`; exits 1 when anything failed.
# Environment: BIN (default build/bin), BUILD (default build), WAT2WASM, NODE.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh
BIN=${BIN:-build/bin}
BUILD=${BUILD:-build}
WAT2WASM=${WAT2WASM:-wat2wasm}
NODE=${NODE:-node}
ORACLE=$BIN/jmon-fuel-oracle
OUT=$BUILD/tests/wat/fuel
mkdir -p "$OUT"

[ -x "$ORACLE" ] || die "$ORACLE missing (make $ORACLE)"

header() {  # header FILE KEY -> value of `;; KEY: value`, empty when absent
  sed -n "s/^;; $2: //p" "$1" | head -n 1
}

for item in $(for w in tests/wat/fuel/*.wat; do
                echo "$w:39"
                grep -q '^;; expect-fuel-46:' "$w" && echo "$w:46"
              done); do
  wat=${item%:*}
  model=${item##*:}
  sfx=""
  [ "$model" = 46 ] && sfx=-46
  name=$(basename "$wat" .wat)$sfx
  wasm=$OUT/$name.wasm
  inst=$OUT/$name.oracle.wasm
  problem=""
  want_fuel=$(header "$wat" "oracle-fuel$sfx")
  [ -n "$want_fuel" ] || want_fuel=$(header "$wat" "expect-fuel$sfx")
  want_exit=$(header "$wat" expect-exit)
  want_trap=$(header "$wat" expect-trap)
  if ! "$WAT2WASM" "$wat" -o "$wasm" 2>"$OUT/$name.err"; then
    problem="wat2wasm failed: $(head -n 1 "$OUT/$name.err")"
  elif ! wasm-validate "$wasm" 2>"$OUT/$name.err"; then
    problem="invalid: $(head -n 1 "$OUT/$name.err")"
  elif ! "$ORACLE" "$wasm" -o "$inst" --model "wasmtime$model" 2>"$OUT/$name.err"; then
    problem="oracle failed: $(head -n 1 "$OUT/$name.err")"
  elif ! wasm-validate "$inst" 2>"$OUT/$name.err"; then
    problem="instrumented module invalid: $(head -n 1 "$OUT/$name.err")"
  else
    "$NODE" tests/tools/fuel_oracle.mjs "$inst" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr"
    code=$?
    got_fuel=$(tail -n 1 "$OUT/$name.stderr" | sed -n 's/^fuel: //p')
    # node_run.mjs needs an exported memory (node:wasi does); compare only those modules.
    ref_code=$code
    cp "$OUT/$name.stdout" "$OUT/$name.ref.stdout"
    if grep -q '(export "memory")' "$wat"; then
      "$NODE" tools/node_run.mjs "$wasm" >"$OUT/$name.ref.stdout" 2>/dev/null
      ref_code=$?
    fi
    if [ "$got_fuel" != "$want_fuel" ]; then
      problem="fuel $got_fuel, expected $want_fuel"
    elif [ "$code" != "$want_exit" ]; then
      problem="exit $code, expected $want_exit"
    elif [ -n "$want_trap" ] && ! grep -qxF "app_mon: trap: $want_trap" "$OUT/$name.stderr"; then
      problem="trap line missing: $want_trap"
    elif [ -z "$want_trap" ] && grep -q '^app_mon: trap:' "$OUT/$name.stderr"; then
      problem="unexpected $(grep '^app_mon: trap:' "$OUT/$name.stderr" | head -n 1)"
    elif [ "$ref_code" != "$code" ] || ! cmp -s "$OUT/$name.stdout" "$OUT/$name.ref.stdout"; then
      problem="instrumented run differs from node_run.mjs (exit $code vs $ref_code, or stdout)"
    fi
  fi
  if [ -n "$problem" ]; then bad "$name" "$problem"; else ok; fi
done
finish
