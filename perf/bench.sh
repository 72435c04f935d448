#!/usr/bin/env bash
# bench.sh: the perf harness: app_mon at each probe level vs the plain build and node, as a markdown table.
#
# Usage: perf/bench.sh [NAME...]   (default: every perf/workloads/*.js, then every corpus bundle)
#   A NAME is a workload (perf/workloads/NAME.js) or a bundle of the real-world corpus
#   (perf/corpus/bundles; perf/corpus.sh builds it). `make bench` runs both, `make bench-corpus`
#   the corpus only.
# Environment:
#   BENCH_SET=all|workloads|corpus   the default NAME list (default all)
#   BENCH_RUNS=N          timed runs per variant, interleaved round-robin (default 5, minimum 1)
#   BENCH_LEVELS="..."    probe levels to build and run (default "none fuel js")
#   BENCH_BUILD_TIMES=0   skip the cold/warm build-time measurement (it costs ~1 min per level)
#   BENCH_CALLGRIND=0     skip the callgrind instruction counts
#   BENCH_NODE=0          skip the node reference runs
#   BENCH_TIMEOUT=S       per-run timeout in seconds (default 300)
#   BENCH_OUT=FILE        where the report goes (default perf/RESULTS.md; the table is also printed)
#   JMON_AOT=path         the jmon-aot to measure (default build/bin/jmon-aot)
#   BENCH_COMMIT=text     what the report names as the commit (default: git HEAD of this tree)
#   JMON_PLUGIN=path      the javy plugin (default: tools/fetch_plugin.sh fetches it)
#
# Per workload NAME (perf/workloads/NAME.js, with `// bench-args: JSON` and
# `// callgrind-args: JSON` header lines; the JSON is WASI argument 1, read by getWasiArgs()):
#   1. javy module: javy_compile.mjs + jmon-javy-build -> build/perf/NAME.wasm
#   2. app_mon per level: jmon-aot --probes LEVEL -> build/perf/NAME.LEVEL.mon. A level whose
#      build fails (e.g. `--probes js` before the JS probes exist) is skipped with its error.
#   3. variants: none, fuel, js, js+trace (JMON_TRACE set; skipped until the trace file
#      appears), node (tools/node_run.mjs on the same module). One untimed warm-up run
#      each checks that stdout equals node's (the workload prints a checksum).
#   4. BENCH_RUNS timed runs, round-robin over workloads and variants (the starting variant
#      rotates each round), wall time from `date +%s%N`, peak RSS from `/usr/bin/time -f %M`.
#   5. callgrind instruction counts (one run per level, callgrind-args input): the stable ratio,
#      and the instructions spent in jmon_profile_write (the profile writer's share).
#   6. perf/report.py: medians, ratios to `none`, median-of-medians row -> BENCH_OUT + stdout.
# Build times: cold = jmon-aot of the first workload with --cache-dir a fresh temp dir; warm =
# the second workload into the same cache (a different app on the same plugin).
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2
WL_DIR=perf/workloads
OUT_DIR=build/perf
RES="$OUT_DIR/results"
JAVY_BUILD=build/bin/jmon-javy-build
JMON_AOT="${JMON_AOT:-build/bin/jmon-aot}"
RUNS="${BENCH_RUNS:-5}"
LEVELS="${BENCH_LEVELS:-none fuel js}"
TIMEOUT="${BENCH_TIMEOUT:-300}"
REPORT="${BENCH_OUT:-perf/RESULTS.md}"
GNU_TIME=/usr/bin/time

say() { echo "bench: $*" >&2; }
die() { echo "bench.sh: error: $*" >&2; exit 2; }
now_ns() { date +%s%N; }

# $1 is newer than every other argument (and exists).
up_to_date() {
  local target="$1" dep; shift
  [ -f "$target" ] || return 1
  for dep in "$@"; do [ "$dep" -nt "$target" ] && return 1; done
  return 0
}

# header_arg, callgrind_arg, callgrind_ir
. perf/lib.sh

# --- checks and inputs ----------------------------------------------------------------------

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS=$RUNS is not a positive integer"
[ -x "$JMON_AOT" ] || die "$JMON_AOT missing (run make)"
[ -x "$JAVY_BUILD" ] || die "$JAVY_BUILD missing (make $JAVY_BUILD)"
command -v node >/dev/null || die "node is required (node 20 comes with the machine)"
command -v python3 >/dev/null || die "python3 is required (make deps)"
PLUGIN="$(tools/fetch_plugin.sh)" || die "cannot fetch the javy plugin"
HAVE_GNU_TIME=0
if [ -x "$GNU_TIME" ] && "$GNU_TIME" -f %M -o /dev/null true 2>/dev/null; then HAVE_GNU_TIME=1
else say "no $GNU_TIME (Debian package \`time\`): wall times only, RSS columns show n/a"; fi
HAVE_VALGRIND=0
if [ "${BENCH_CALLGRIND:-1}" != 0 ]; then
  if command -v valgrind >/dev/null; then HAVE_VALGRIND=1; else say "no valgrind: callgrind columns show n/a"; fi
fi

if [ $# -gt 0 ]; then NAMES=("$@"); else
  NAMES=()
  case "${BENCH_SET:-all}" in
    all|workloads|corpus) ;;
    *) die "BENCH_SET=${BENCH_SET} is not all, workloads or corpus" ;;
  esac
  if [ "${BENCH_SET:-all}" != corpus ]; then for f in "$WL_DIR"/*.js; do NAMES+=("$(basename "$f" .js)"); done; fi
  if [ "${BENCH_SET:-all}" != workloads ]; then while read -r n; do NAMES+=("$n"); done < <(corpus_names); fi
fi
CORPUS=()
for n in "${NAMES[@]}"; do
  if is_corpus "$n"; then CORPUS+=("$n"); continue; fi
  [ -f "$WL_DIR/$n.js" ] || die "no $WL_DIR/$n.js and no bundle $n in perf/corpus/bundles"
  [ -n "$(header_arg "$n" bench-args)" ] || die "$WL_DIR/$n.js has no \`// bench-args:\` line"
done

rm -rf "$RES"
mkdir -p "$RES" "$OUT_DIR/run"
RUN_DIR="$ROOT/$OUT_DIR/run"

# Facts for the report header, one `key: value` per line.
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)"
  echo "load_before: $(cut -d' ' -f1-3 /proc/loadavg)"
  c="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && c="$c (+ uncommitted changes)"
  echo "commit: ${BENCH_COMMIT:-$c}"
  echo "jmon_aot: $("$JMON_AOT" --version 2>&1 | head -n 1) ($JMON_AOT)"
  echo "cc: $(gcc --version | head -n 1)"
  echo "node: $(node --version)"
  echo "runs: $RUNS"
} > "$RES/machine"

# 1. javy modules. Corpus bundles: perf/corpus.sh makes them (and their inputs), copied here.
if [ ${#CORPUS[@]} -gt 0 ]; then
  say "corpus: ${CORPUS[*]}"
  CORPUS_ONLY="${CORPUS[*]}" perf/corpus.sh "$CORPUS_OUT" > "$OUT_DIR/corpus.log" 2>&1 ||
    die "perf/corpus.sh failed: $(tail -n 3 "$OUT_DIR/corpus.log" | tr '\n' ' ')"
  for n in "${CORPUS[@]}"; do
    cmp -s "$CORPUS_OUT/$n.wasm" "$OUT_DIR/$n.wasm" || cp -p "$CORPUS_OUT/$n.wasm" "$OUT_DIR/$n.wasm"
  done
fi
for n in "${NAMES[@]}"; do
  is_corpus "$n" && continue
  wasm="$OUT_DIR/$n.wasm"
  up_to_date "$wasm" "$WL_DIR/$n.js" "$PLUGIN" "$JAVY_BUILD" tools/javy_compile.mjs && continue
  say "javy module $n"
  { node tools/javy_compile.mjs "$PLUGIN" "$WL_DIR/$n.js" "$OUT_DIR/$n.bc" &&
    "$JAVY_BUILD" "$PLUGIN" "$OUT_DIR/$n.bc" -o "$wasm.tmp" && mv "$wasm.tmp" "$wasm"; } \
    > "$OUT_DIR/$n.javy.log" 2>&1 || die "javy module $n failed: $(tail -n 3 "$OUT_DIR/$n.javy.log" | tr '\n' ' ')"
done

# 2. app_mon builds. A level is skipped (for every workload) once its build fails.
# jmon-aot links the runtime next to itself; a different jmon-aot (JMON_AOT=...) means a rebuild.
RT_FILES=$(find "$(dirname "$JMON_AOT")/../lib/jmon-aot" -type f 2>/dev/null)
AOT_ID="$(realpath "$JMON_AOT")"
declare -A LEVEL_SKIP=()
# build_level NAME LEVEL [extra jmon-aot args...]: 0 on success; the error is in NAME.LEVEL.aot.log.
build_level() {
  local n="$1" lv="$2"; shift 2
  rm -f "$OUT_DIR/$n.$lv.mon.aot"
  "$JMON_AOT" "$OUT_DIR/$n.wasm" -o "$OUT_DIR/$n.$lv.mon" --probes "$lv" "$@" > "$OUT_DIR/$n.$lv.aot.log" 2>&1 &&
    echo "$AOT_ID" > "$OUT_DIR/$n.$lv.mon.aot"
}
skip_level() {  # LEVEL NAME: record why the level cannot be built
  # The error line and the two after it (gcc/ld failures put the cause on the next lines).
  local why; why="$(grep -m1 -A2 'error' "$OUT_DIR/$2.$1.aot.log" | tr '\n' ' ' | cut -c1-400)"
  [ -n "$why" ] || why="$(tail -n 1 "$OUT_DIR/$2.$1.aot.log")"
  LEVEL_SKIP[$1]="build fails: ${why:-no message}"
  echo "$1: ${LEVEL_SKIP[$1]}" >> "$RES/skipped"
  say "SKIP level $1: ${LEVEL_SKIP[$1]}"
  rm -f "$OUT_DIR/$2.$1.mon"
}

# Build times first, so the cold build really starts from an empty cache. Its output is the
# same app_mon the default cache would give, so it is kept as the benchmark binary.
if [ "${BENCH_BUILD_TIMES:-1}" != 0 ] && [ ${#NAMES[@]} -ge 2 ]; then
  for lv in $LEVELS; do
    tmp_cache="$(mktemp -d)"
    s=$(now_ns)
    if build_level "${NAMES[0]}" "$lv" --cache-dir "$tmp_cache"; then
      cold=$(( ($(now_ns) - s) / 1000000 ))
      s=$(now_ns)
      build_level "${NAMES[1]}" "$lv" --cache-dir "$tmp_cache" || { rm -rf "$tmp_cache"; skip_level "$lv" "${NAMES[1]}"; continue; }
      warm=$(( ($(now_ns) - s) / 1000000 ))
      echo "$lv ${NAMES[0]} $cold ${NAMES[1]} $warm" >> "$RES/build_times"
      say "build time $lv: cold ${NAMES[0]} ${cold} ms, warm ${NAMES[1]} ${warm} ms"
    else
      skip_level "$lv" "${NAMES[0]}"
    fi
    rm -rf "$tmp_cache"
  done
fi

for lv in $LEVELS; do
  [ -n "${LEVEL_SKIP[$lv]:-}" ] && continue
  for n in "${NAMES[@]}"; do
    # shellcheck disable=SC2086  # RT_FILES is a list of paths without spaces
    up_to_date "$OUT_DIR/$n.$lv.mon" "$OUT_DIR/$n.wasm" "$JMON_AOT" $RT_FILES &&
      [ "$(cat "$OUT_DIR/$n.$lv.mon.aot" 2>/dev/null)" = "$AOT_ID" ] && continue
    say "jmon-aot --probes $lv $n"
    build_level "$n" "$lv" || { skip_level "$lv" "$n"; break; }
  done
done

# 3. Variants and warm-up. run_variant NAME VARIANT ARGS_JSON: runs once, stdout to $OUT_FILE.
VARIANTS=()
for lv in $LEVELS; do [ -z "${LEVEL_SKIP[$lv]:-}" ] && VARIANTS+=("$lv"); done
case " $LEVELS " in *" js "*)
  if [ -z "${LEVEL_SKIP[js]:-}" ]; then VARIANTS+=(js+trace); else
    echo "js+trace: needs the js level" >> "$RES/skipped"; fi ;;
esac
[ "${BENCH_NODE:-1}" != 0 ] && VARIANTS+=(node)

# variant_cmd NAME VARIANT ARGS_JSON: sets CMD (argv) and ENVS (NAME=value list) for one run.
variant_cmd() {
  local n="$1" v="$2" arg="$3"
  ENVS=("JMON_PROFILE=$RUN_DIR/$n.$v.json")
  case "$v" in
    node) CMD=(node "$ROOT/tools/node_run.mjs" "$ROOT/$OUT_DIR/$n.wasm" "$arg") ;;
    js+trace) CMD=("$ROOT/$OUT_DIR/$n.js.mon" "$arg"); ENVS+=("JMON_TRACE=$RUN_DIR/$n.trace") ;;
    *) CMD=("$ROOT/$OUT_DIR/$n.$v.mon" "$arg") ;;
  esac
}

# run_variant NAME VARIANT ARGS_JSON OUT [RSS_FILE]: one run in RUN_DIR, stdout to OUT; with
# RSS_FILE, /usr/bin/time wraps the program itself and writes its peak RSS (KiB) there.
run_variant() {
  local CMD ENVS wrap=()
  variant_cmd "$1" "$2" "$3"
  [ -n "${5:-}" ] && wrap=("$GNU_TIME" -f %M -o "$5")
  ( cd "$RUN_DIR" && exec env "${ENVS[@]}" timeout "$TIMEOUT" "${wrap[@]}" "${CMD[@]}" ) \
    > "$4" 2> "$RUN_DIR/$1.$2.err" < /dev/null
}

# timed_run NAME VARIANT ARGS_JSON: appends wall µs to RES/NAME.VARIANT.us and peak RSS KiB to .rss.
timed_run() {
  local n="$1" v="$2" arg="$3" s e rc rss=""
  [ "$HAVE_GNU_TIME" = 1 ] && rss="$RUN_DIR/rss"
  s=$(now_ns); run_variant "$n" "$v" "$arg" /dev/null "$rss"; rc=$?; e=$(now_ns)
  echo $(( (e - s) / 1000 )) >> "$RES/$n.$v.us"
  # On a failure /usr/bin/time writes a status line first; the RSS is the last line.
  [ -n "$rss" ] && tail -n 1 "$rss" >> "$RES/$n.$v.rss"
  [ "$rc" = 0 ] || echo "$n $v: run $(wc -l < "$RES/$n.$v.us") exit $rc: $(tail -n 1 "$RUN_DIR/$n.$v.err")" >> "$RES/failures"
}

ACTIVE=()   # NAME:VARIANT pairs that passed the warm-up
for n in "${NAMES[@]}"; do
  arg="$(header_arg "$n" bench-args)"
  want="$RUN_DIR/$n.expected.out"
  ref=""
  if [ "${BENCH_NODE:-1}" != 0 ]; then ref=node; else ref="${VARIANTS[0]}"; fi
  for v in "$ref" "${VARIANTS[@]}"; do
    [ "$v" = "$ref" ] && [ -f "$want.done" ] && continue
    rm -f "$RUN_DIR/$n.trace"
    run_variant "$n" "$v" "$arg" "$RUN_DIR/$n.$v.out"; rc=$?
    if [ "$v" = "$ref" ] && [ ! -f "$want.done" ]; then
      cp "$RUN_DIR/$n.$v.out" "$want"; touch "$want.done"
    fi
    if [ "$rc" != 0 ]; then
      echo "$n $v: exit $rc ($(tail -n 1 "$RUN_DIR/$n.$v.err"))" >> "$RES/skipped"; say "FAIL $n $v: exit $rc"; continue
    fi
    if ! cmp -s "$want" "$RUN_DIR/$n.$v.out"; then
      echo "$n $v: stdout differs from $ref" >> "$RES/skipped"; say "FAIL $n $v: stdout differs from $ref"; continue
    fi
    if [ "$v" = js+trace ] && [ ! -s "$RUN_DIR/$n.trace" ]; then
      grep -q '^js+trace:' "$RES/skipped" 2>/dev/null ||
        echo "js+trace: JMON_TRACE not supported yet (no trace file written)" >> "$RES/skipped"
      continue
    fi
    ACTIVE+=("$n:$v")
    # The size of the profile the run wrote (fuel, js): bytes.
    [ -f "$RUN_DIR/$n.$v.json" ] && case "$v" in fuel|js) stat -c %s "$RUN_DIR/$n.$v.json" > "$RES/$n.$v.profile_bytes" ;; esac
  done
  rm -f "$want.done"
done
rm -f "$RUN_DIR"/*.trace

# 4. Timed runs, interleaved: round r runs every workload, each with every variant, the
# variant order rotated by r so no variant always runs right after the same neighbour.
say "timed runs: $RUNS rounds over ${#ACTIVE[@]} workload/variant pairs"
for ((r = 0; r < RUNS; r++)); do
  for n in "${NAMES[@]}"; do
    arg="$(header_arg "$n" bench-args)"
    k=${#VARIANTS[@]}
    for ((i = 0; i < k; i++)); do
      v="${VARIANTS[$(( (i + r) % k ))]}"
      case " ${ACTIVE[*]} " in *" $n:$v "*) ;; *) continue ;; esac
      timed_run "$n" "$v" "$arg"
      rm -f "$RUN_DIR/$n.trace"
    done
  done
  say "round $((r + 1))/$RUNS done"
done

# 5. callgrind: instruction counts of one run per level, two at a time (counts do not depend on load).
if [ "$HAVE_VALGRIND" = 1 ]; then
  say "callgrind"
  cg_one() {  # NAME LEVEL ARG
    local out=/dev/null
    [ "$2" != none ] && out="$RUN_DIR/$1.$2.cg.out"
    callgrind_ir "$RUN_DIR" "$RUN_DIR/$1.$2.cg.json" "$RUN_DIR/$1.$2.cg.log" "$ROOT/$OUT_DIR/$1.$2.mon" "$3" "$out" \
      > "$RES/$1.$2.ir"
    if [ "$out" != /dev/null ]; then
      callgrind_inclusive "$out" jmon_profile_write > "$RES/$1.$2.writer_ir"
      stat -c %s "$RUN_DIR/$1.$2.cg.json" > "$RES/$1.$2.cg_profile_bytes" 2>/dev/null
      rm -f "$out"
    fi
  }
  for n in "${NAMES[@]}"; do
    arg="$(callgrind_arg "$n")"
    pids=()
    for lv in $LEVELS; do
      case " ${ACTIVE[*]} " in *" $n:$lv "*) ;; *) continue ;; esac
      cg_one "$n" "$lv" "$arg" & pids+=($!)
      if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
    done
    wait
  done
fi
echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RES/machine"

# 6. The report.
python3 perf/report.py "$RES" "${NAMES[*]}" "${VARIANTS[*]}" "$LEVELS" "${CORPUS[*]}" > "$REPORT.tmp" || die "perf/report.py failed"
mv "$REPORT.tmp" "$REPORT"
cat "$REPORT"
say "written to $REPORT"
