#!/usr/bin/env bash
# breakdown.sh: where the `--probes fuel` overhead goes, as callgrind instruction counts of builds
# that keep only part of the fuel probes. `make bench-breakdown` runs it.
#
# Usage: perf/breakdown.sh [WORKLOAD...]   (default: json cart fib; build/perf/NAME.wasm must exist:
#                                           `make bench` or `make bench-smoke` makes them)
# Environment: JMON_AOT=path (default build/bin/jmon-aot), BREAKDOWN_OUT=FILE (default
# build/perf/BREAKDOWN.md; the table is also printed).
#
# Each variant is the installed runtime with macros of jmon_probes.h redefined at its end (the
# generated code expands them, so nothing else changes), compiled into its own cache:
#   none      --probes none (the baseline)
#   blocks    the per-block `jmon_d += k` only; a function adds its jmon_d to the global counter
#             at its exit; no loop-header checks, no saves at call sites, no calling-context tree
#   +checks   blocks + wasmtime's out-of-fuel check at every loop header (a byte test here)
#   +saves    +checks + the save of the unsaved fuel at every call site (wasmtime spills its fuel
#             counter there, so a trap loses exactly what wasmtime loses): total fuel exact at
#             every trap, still no per-function or per-stack attribution
#   fuel      the real `--probes fuel`: + the calling-context tree (wasm_functions, wasm_stacks)
# Every variant must report the same total_fuel as `fuel` (checked): they count the same fuel and
# differ only in what else they maintain. callgrind input: the workload's `// callgrind-args:`.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2
JMON_AOT="${JMON_AOT:-build/bin/jmon-aot}"
OUT="${BREAKDOWN_OUT:-build/perf/BREAKDOWN.md}"
WORK=build/perf/breakdown
die() { echo "breakdown.sh: error: $*" >&2; exit 2; }
. perf/lib.sh   # callgrind_arg, callgrind_ir

[ -x "$JMON_AOT" ] || die "$JMON_AOT missing (run make)"
command -v valgrind >/dev/null || die "valgrind is required (make deps)"
if [ $# -gt 0 ]; then NAMES=("$@"); else NAMES=(json cart fib); fi
for n in "${NAMES[@]}"; do
  [ -f "build/perf/$n.wasm" ] || die "build/perf/$n.wasm missing (make bench-smoke or make bench builds it)"
done

RT="$(dirname "$JMON_AOT")/../lib/jmon-aot"
[ -f "$RT/include/jmon_probes.h" ] || die "no runtime next to $JMON_AOT"

# Macro overrides per variant, appended to a copy of jmon_probes.h.
BLOCKS='
#undef JMON_FUNC_ENTER
#undef JMON_LEAF_ENTER
#undef JMON_FUNC_EXIT
#undef JMON_LEAF_EXIT
#undef JMON_P_fuel_save
#define JMON_FUNC_ENTER(index) uint64_t jmon_d = 1; jmon_node_t *jmon_me = jmon_cur; (void)jmon_me
#define JMON_LEAF_ENTER(index) JMON_FUNC_ENTER(index)
#define JMON_FUNC_EXIT(index) ((void)(index), jmon_fuel_saved += jmon_d)
#define JMON_LEAF_EXIT(index) JMON_FUNC_EXIT(index)'
NO_CHECKS='
#undef JMON_P_loop_check
#define JMON_P_loop_check(inst) ((void)(inst))'
ADD_ONLY='
#define JMON_P_fuel_save(inst, k) ((void)(inst), jmon_d += (k))'
SAVE_GLOBAL='
#define JMON_P_fuel_save(inst, k) ((void)(inst), jmon_fuel_saved += jmon_d + (k), jmon_d = 0)'
declare -A OVERRIDE=(
  [blocks]="$BLOCKS$ADD_ONLY$NO_CHECKS"
  [+checks]="$BLOCKS$ADD_ONLY"
  [+saves]="$BLOCKS$SAVE_GLOBAL"
)
VARIANTS=(none blocks +checks +saves fuel)
# An override of a macro the header no longer defines would measure the full build silently.
for m in $(printf '%s\n' "${OVERRIDE[@]}" | sed -n 's/^#undef //p' | sort -u); do
  grep -q "^#define $m(" "$RT/include/jmon_probes.h" || die "jmon_probes.h no longer defines $m: update the overrides"
done

# A jmon-aot whose runtime header carries the variant's overrides: a copy of bin/ and lib/.
make_tool() {
  local v="$1" dir="$WORK/tool.${1//+/p}"
  rm -rf "$dir"
  mkdir -p "$dir/bin" "$dir/lib"
  cp "$JMON_AOT" "$dir/bin/jmon-aot"
  cp -r "$RT" "$dir/lib/jmon-aot"
  printf '\n/* perf/breakdown.sh variant %s */%s\n' "$v" "${OVERRIDE[$v]}" >> "$dir/lib/jmon-aot/include/jmon_probes.h"
  echo "$dir/bin/jmon-aot"
}

mkdir -p "$WORK"
declare -A IR=() TOTAL=()
for v in "${VARIANTS[@]}"; do
  aot="$JMON_AOT" probes=fuel cache=()
  [ "$v" = none ] && probes=none
  # A variant compiles into a cache of its own, not the user's (its units are never wanted again).
  [ -n "${OVERRIDE[$v]:-}" ] && aot="$(make_tool "$v")" cache=(--cache-dir "$WORK/cache")
  for n in "${NAMES[@]}"; do
    exe="$WORK/$n.${v//+/p}.mon"
    echo "breakdown: build $n $v" >&2
    "$aot" --probes "$probes" "${cache[@]}" "build/perf/$n.wasm" -o "$exe" > "$exe.log" 2>&1 ||
      die "build of $n ($v) failed: $(tail -n 3 "$exe.log" | tr '\n' ' ')"
    echo "breakdown: callgrind $n $v" >&2
    IR[$n.$v]="$(callgrind_ir "$WORK" "$ROOT/$exe.json" "$exe.cg.log" "$ROOT/$exe" "$(callgrind_arg "$n")")" ||
      die "$n ($v) failed under callgrind: see $exe.cg.log"
    [ -n "${IR[$n.$v]}" ] || die "no instruction count in $exe.cg.log"
    [ "$v" = none ] || TOTAL[$n.$v]="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total_fuel"])' "$exe.json")"
  done
done

{
  echo "# Where the fuel probes' overhead goes (perf/breakdown.sh)"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(gcc --version | head -n 1)"
  echo "- callgrind instructions of one run (the workload's callgrind-args), as a ratio to \`none\`; every variant counted the same total fuel as \`fuel\`"
  echo
  echo "| workload | none Ir | blocks | +checks | +saves | fuel | total fuel |"
  echo "|---|---|---|---|---|---|---|"
  for n in "${NAMES[@]}"; do
    for v in blocks +checks +saves; do
      [ "${TOTAL[$n.$v]}" = "${TOTAL[$n.fuel]}" ] ||
        die "$n: variant $v counted ${TOTAL[$n.$v]} fuel, --probes fuel ${TOTAL[$n.fuel]}"
    done
    python3 - "$n" "${IR[$n.none]}" "${IR[$n.blocks]}" "${IR[$n.+checks]}" "${IR[$n.+saves]}" "${IR[$n.fuel]}" "${TOTAL[$n.fuel]}" <<'EOF'
import sys
n, base, *rest = sys.argv[1:]
base = int(base)
total = rest.pop()
print(f"| {n} | {base / 1e6:.1f} M | " + " | ".join(f"{int(x) / base:.3f}×" for x in rest) + f" | {int(total):,} |")
EOF
  done
} > "$OUT.tmp" && mv "$OUT.tmp" "$OUT"
cat "$OUT"
