#!/bin/sh
# run_diff.sh: differential test of the rewriter on random valid modules (binaryen `wasm-opt -ttf`).
#
# Per seed: random bytes (python, seeded) -> `wasm-opt -ttf` without SIMD/GC/EH/threads/tail
# calls/memory64/reference types/multivalue, `--remove-imports` (the fuzzing-support log calls
# become nops, so every export runs to its end) and `--denan` (NaN bit patterns differ between
# engines) -> make_start (a WASI `_start` calling every numeric export with zeros, exiting with a
# hash of the results) -> wasm-validate. Then `--probes none` and `--probes fuel` builds and
# node (tools/node_run.mjs) must give the same stdout, exit code and trap line; when the
# run does not end in a trap, the fuel build's total_fuel must equal the independent oracle's
# (jmon-fuel-oracle + tests/tools/fuel_oracle.mjs). Prints one line per failure and
# `N passed, N failed` (plus agreement counts); exits 1 when anything failed.
# Usage: tests/diff/run_diff.sh [FIRST_SEED [COUNT]]   (default 1 15)
# Environment: BIN (default build/bin), BUILD (default build), NODE, KEEP=1 keeps the work dir.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh
BIN=${BIN:-build/bin}
BUILD=${BUILD:-build}
NODE=${NODE:-node}
FIRST=${1:-1}
COUNT=${2:-15}
OUT=$BUILD/tests/diff
mkdir -p "$OUT"
MAKE_START=$BIN/tests/jmon-make-start
FEATURES="--disable-simd --disable-gc --disable-exception-handling --disable-threads --disable-tail-call
  --disable-memory64 --disable-reference-types --disable-multivalue --disable-typed-function-references
  --disable-relaxed-simd --disable-extended-const --disable-multimemory"
# binaryen 108 has no --disable-multimemory; keep only the flags this wasm-opt knows.
FLAGS=""
for f in $FEATURES; do wasm-opt --help 2>/dev/null | grep -q -- "$f" && FLAGS="$FLAGS $f"; done

for tool in "$MAKE_START" "$BIN/jmon-aot" "$BIN/jmon-fuel-oracle"; do
  [ -x "$tool" ] || die "$tool missing (make test-diff builds it)"
done

# run KIND CMD... : runs with a 30 s limit in $OUT, writes $s.KIND.{out,err,rc}
run() {
  kind=$1; shift
  JMON_PROFILE=$OUT/$s.$kind.json JMON_DETERMINISTIC=1 timeout 30 "$@" >"$OUT/$s.$kind.out" 2>"$OUT/$s.$kind.err"
  echo $? >"$OUT/$s.$kind.rc"
}
trapline() { grep '^app_mon: trap: ' "$1" | head -n 1; }

fuel_checked=0; trapped=0
s=$FIRST
last=$((FIRST + COUNT - 1))
while [ "$s" -le "$last" ]; do
  problem=""
  python3 -c "import random,sys; sys.stdout.buffer.write(random.Random($s).randbytes(8000))" >"$OUT/$s.bin"
  if ! wasm-opt -ttf "$OUT/$s.bin" $FLAGS --remove-imports --denan -o "$OUT/$s.gen.wasm" 2>/dev/null ||
     ! "$MAKE_START" "$OUT/$s.gen.wasm" "$OUT/$s.wasm" 2>"$OUT/$s.ms.err" ||
     ! wasm-validate "$OUT/$s.wasm" 2>>"$OUT/$s.ms.err"; then
    skip "seed $s" "no valid module: $(head -n 1 "$OUT/$s.ms.err")"; s=$((s + 1)); continue
  fi
  for p in none fuel; do
    if ! "$BIN/jmon-aot" --probes $p "$OUT/$s.wasm" -o "$OUT/$s.$p.mon" >"$OUT/$s.$p.aot.log" 2>&1; then
      problem="$problem; jmon-aot --probes $p failed: $(tail -n 1 "$OUT/$s.$p.aot.log")"
    fi
  done
  if [ -z "$problem" ]; then
    run none "$OUT/$s.none.mon"
    run fuel "$OUT/$s.fuel.mon"
    run node "$NODE" tools/node_run.mjs "$OUT/$s.wasm"
    for k in fuel node; do
      cmp -s "$OUT/$s.none.out" "$OUT/$s.$k.out" || problem="$problem; stdout none != $k"
      [ "$(cat "$OUT/$s.none.rc")" = "$(cat "$OUT/$s.$k.rc")" ] ||
        problem="$problem; exit none=$(cat "$OUT/$s.none.rc") $k=$(cat "$OUT/$s.$k.rc")"
      # V8 says "float unrepresentable in integer range" for NaN and for out-of-range alike, which
      # node_run.mjs maps to wasmtime's NaN words; wasmtime (and app_mon) say `integer overflow`
      # for out-of-range. --denan leaves no NaN, so the pair is the same trap.
      tn=$(trapline "$OUT/$s.none.err"); tk=$(trapline "$OUT/$s.$k.err")
      [ "$k" = node ] && [ "$tn" = "app_mon: trap: integer overflow" ] &&
        [ "$tk" = "app_mon: trap: invalid conversion to integer" ] && tk=$tn
      [ "$tn" = "$tk" ] ||
        problem="$problem; trap none='$(trapline "$OUT/$s.none.err")' $k='$(trapline "$OUT/$s.$k.err")'"
    done
    [ "$(cat "$OUT/$s.none.rc")" = 124 ] && problem="$problem; timeout"
  fi
  if [ -z "$problem" ] && [ -z "$(trapline "$OUT/$s.fuel.err")" ]; then
    # No trap: wasmtime's fuel equals the oracle's per-instruction count.
    got=$(sed -n 's/.*"total_fuel": *\([0-9]*\).*/\1/p' "$OUT/$s.fuel.json" | head -n 1)
    if "$BIN/jmon-fuel-oracle" "$OUT/$s.wasm" -o "$OUT/$s.oracle.wasm" 2>"$OUT/$s.oracle.err"; then
      "$NODE" tests/tools/fuel_oracle.mjs "$OUT/$s.oracle.wasm" >/dev/null 2>"$OUT/$s.oracle.err"
      want=$(tail -n 1 "$OUT/$s.oracle.err" | sed -n 's/^fuel: //p')
      [ -n "$got" ] && [ "$got" = "$want" ] || problem="$problem; total_fuel $got != oracle $want"
      fuel_checked=$((fuel_checked + 1))
    else
      problem="$problem; jmon-fuel-oracle failed: $(head -n 1 "$OUT/$s.oracle.err")"
    fi
  elif [ -z "$problem" ]; then
    trapped=$((trapped + 1))
  fi
  if [ -z "$problem" ]; then
    ok
  else
    bad "seed $s" "${problem#; }"
  fi
  [ "${KEEP:-0}" = 1 ] || [ -n "$problem" ] || rm -f "$OUT/$s".*
  s=$((s + 1))
done
echo "run_diff: seeds $FIRST..$last: $pass agree ($fuel_checked with fuel = oracle, $trapped ending in the same trap), $skipped skipped"
finish
