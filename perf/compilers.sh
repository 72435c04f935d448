#!/usr/bin/env bash
# compilers.sh: which C compiler and optimisation level to build app_mon with: cold build time
# against run speed, for gcc and clang at -O1 and -O2 and gcc's tiered default (hot units -O2, the
# rest -O1: no -O option). `make bench-compilers` runs it.
#
# Usage: perf/compilers.sh [WORKLOAD...]   (default: json fib; build/perf/NAME.wasm must exist:
#                                           `make bench-smoke` or `make bench` makes them)
# Environment: JMON_AOT=path (default build/bin/jmon-aot), COMPILERS="gcc:2 gcc:t gcc:1 clang:2
# clang:1" (CC:LEVEL pairs, LEVEL t = tiered, jmon-aot's default), COMPILERS_LEVELS="none js", COMPILERS_RUNS=3, COMPILERS_OUT=FILE (default
# build/perf/COMPILERS.md; also printed).
#
# Per CC:LEVEL and probe level: the cold build of the first workload (`jmon-aot --cc CC -O LEVEL`
# with --cache-dir a fresh directory, so the whole plugin compiles, -j = all CPUs; its CPU time,
# user + system of jmon-aot and the compilers, beside the wall time), then every
# workload's median wall time of COMPILERS_RUNS runs (its `// bench-args:`) and callgrind
# instruction count (its `// callgrind-args:`). Every run's stdout must equal the first config's.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2
JMON_AOT="${JMON_AOT:-build/bin/jmon-aot}"
CONFIGS=(${COMPILERS:-gcc:2 gcc:t gcc:1 clang:2 clang:1})
LEVELS=(${COMPILERS_LEVELS:-none js})
RUNS="${COMPILERS_RUNS:-3}"
OUT="${COMPILERS_OUT:-build/perf/COMPILERS.md}"
WORK=build/perf/compilers
die() { echo "compilers.sh: error: $*" >&2; exit 2; }
say() { echo "compilers: $*" >&2; }

[ -x "$JMON_AOT" ] || die "$JMON_AOT missing (run make)"
command -v valgrind >/dev/null || die "valgrind is required (make deps)"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "COMPILERS_RUNS=$RUNS is not a positive integer"
if [ $# -gt 0 ]; then NAMES=("$@"); else NAMES=(json fib); fi
for n in "${NAMES[@]}"; do
  [ -f "build/perf/$n.wasm" ] || die "build/perf/$n.wasm missing (make bench-smoke or make bench builds it)"
done
for c in "${CONFIGS[@]}"; do
  [[ "$c" =~ ^[A-Za-z0-9._/+-]+:[0-3t]$ ]] || die "COMPILERS entry \`$c\` is not CC:LEVEL"
  command -v "${c%%:*}" >/dev/null || die "no ${c%%:*} on this machine (make deps installs clang)"
done
. perf/lib.sh   # header_arg, callgrind_arg, callgrind_ir
# CPU time of the cold builds (user + system, children included): load on the machine stretches
# the wall time, much less the CPU time. Without /usr/bin/time (Debian package time) it is 0.
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -f "%U %S" -o "$WORK/time.txt")

rm -rf "$WORK"
mkdir -p "$WORK"
RES="$WORK/results.tsv"
: > "$RES"
for c in "${CONFIGS[@]}"; do
  cc="${c%%:*}" opt="${c##*:}"
  for level in "${LEVELS[@]}"; do
    tag="$cc.O$opt.$level"
    cache="$WORK/cache.$tag"
    build_s="" cpu_s=""
    optarg=(-O "$opt")
    [ "$opt" = t ] && optarg=()
    for n in "${NAMES[@]}"; do
      exe="$WORK/$n.$tag.mon"
      say "build $n $tag"
      t0=$(date +%s%N)
      "${TIME[@]}" "$JMON_AOT" --cc "$cc" "${optarg[@]}" --probes "$level" --cache-dir "$cache" "build/perf/$n.wasm" -o "$exe" \
        > "$exe.log" 2>&1 || die "build of $n ($tag) failed: $(tail -n 3 "$exe.log" | tr '\n' ' ')"
      t1=$(date +%s%N)
      # The first workload's build is the cold one (the cache was empty).
      if [ -z "$build_s" ]; then
        build_s=$(( (t1 - t0) / 1000000 ))
        cpu_s=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$WORK/time.txt" 2>/dev/null)
        [ -n "$cpu_s" ] || cpu_s=0
      fi
      arg="$(header_arg "$n" bench-args)"
      ms=()
      for ((r = 0; r < RUNS; r++)); do
        t0=$(date +%s%N)
        ( cd "$WORK" && JMON_PROFILE="$ROOT/$exe.json" "$ROOT/$exe" "$arg" ) > "$exe.out" 2> "$exe.err" < /dev/null ||
          die "$n ($tag) exited non-zero: $(tail -n 2 "$exe.err" | tr '\n' ' ')"
        t1=$(date +%s%N)
        ms+=($(( (t1 - t0) / 1000000 )))
      done
      ref="$WORK/$n.expected.out"
      [ -f "$ref" ] || cp "$exe.out" "$ref"
      cmp -s "$ref" "$exe.out" || die "$n ($tag) printed another result than the first build"
      median=$(printf '%s\n' "${ms[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
      say "callgrind $n $tag"
      ir="$(callgrind_ir "$WORK" "$ROOT/$exe.cg.json" "$exe.cg.log" "$ROOT/$exe" "$(callgrind_arg "$n")")" ||
        die "$n ($tag) failed under callgrind: see $exe.cg.log"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cc" "$opt" "$level" "$n" "$build_s" "$median" "$ir" "$cpu_s" >> "$RES"
    done
  done
done

python3 - "$RES" "$(nproc)" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$RUNS" > "$OUT.tmp" <<'EOF' || die "report failed"
import sys, datetime
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
nproc, commit, runs = sys.argv[2:5]
names = list(dict.fromkeys(r[3] for r in rows))
configs = list(dict.fromkeys((r[0], r[1], r[2]) for r in rows))
get = {(r[0], r[1], r[2], r[3]): r for r in rows}
print("# C compiler and optimisation level for app_mon (perf/compilers.sh)\n")
print(f"- date: {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC; commit: {commit}; {nproc} CPUs; median of {runs} runs")
print("- cold build: the first workload with an empty cache (the whole plugin compiles, all CPUs); CPU s: user + system")
print("- -O t: tiered, jmon-aot's default (the plugin's hot functions -O2, the rest -O1)")
print("- ratios: to the first configuration at the same probe level (the default is gcc -O2)\n")
print("| cc | -O | probes | cold build s | CPU s | " + " | ".join(f"{n} ms (×) | {n} Ir (×)" for n in names) + " |")
print("|---|---|---|---|---|" + "---|---|" * len(names))
for cc, opt, level in configs:
    base = next(c for c in configs if c[2] == level)
    cells = []
    for n in names:
        r, b = get[(cc, opt, level, n)], get[(base[0], base[1], level, n)]
        cells.append(f"{int(r[5])} ({int(r[5]) / int(b[5]):.2f}×)")
        cells.append(f"{int(r[6]) / 1e6:.1f} M ({int(r[6]) / int(b[6]):.2f}×)")
    first = get[(cc, opt, level, names[0])]
    print(f"| {cc} | {opt} | {level} | {int(first[4]) / 1000:.1f} | {int(first[7]) / 1000:.1f} | " + " | ".join(cells) + " |")
EOF
mv "$OUT.tmp" "$OUT"
cat "$OUT"
