# perf/lib.sh: what bench.sh, breakdown.sh and compilers.sh share (sourced; they cd to the root).

# Where perf/corpus.sh puts the real-world corpus (NAME.wasm, NAME.args, NAME.cg.args, ...).
CORPUS_OUT=build/perf/corpus

# The corpus bundle names of perf/corpus/bundles, one a line.
corpus_names() { sed -e 's/#.*//' perf/corpus/bundles | awk 'NF { print $1 }'; }

# True when NAME is a corpus bundle (not a perf/workloads/NAME.js workload).
is_corpus() { corpus_names | grep -qx -- "$1"; }

# A workload's input: the JSON after `// KEY:` (bench-args or callgrind-args) in
# perf/workloads/NAME.js's header, or for a corpus bundle its NAME.args / NAME.cg.args (the same
# lines of its driver, written by perf/corpus.sh): header_arg NAME KEY.
header_arg() {
  if [ -f "perf/workloads/$1.js" ]; then sed -n "s|^// *$2: *||p" "perf/workloads/$1.js" | head -n 1; return; fi
  case "$2" in
    bench-args) cat "$CORPUS_OUT/$1.args" 2>/dev/null ;;
    callgrind-args) cat "$CORPUS_OUT/$1.cg.args" 2>/dev/null ;;
  esac
}

# The callgrind input of workload NAME: its `// callgrind-args:`, else its `// bench-args:`.
callgrind_arg() {
  local a; a="$(header_arg "$1" callgrind-args)"
  [ -n "$a" ] || a="$(header_arg "$1" bench-args)"
  printf '%s\n' "$a"
}

# callgrind_ir DIR PROFILE LOG EXE ARG [OUT]: run `EXE ARG` under callgrind in DIR (its profile to
# PROFILE, valgrind's report to LOG, callgrind's per-function counts to OUT when given), print the
# instructions it counted; the status is the run's.
callgrind_ir() {
  local rc=0
  ( cd "$1" && JMON_PROFILE="$2" timeout 1800 valgrind --tool=callgrind --callgrind-out-file="${6:-/dev/null}" "$4" "$5" ) \
    > /dev/null 2> "$3" < /dev/null || rc=$?
  sed -n 's/^==[0-9]*== Collected : *\([0-9]*\).*/\1/p' "$3" | tail -n 1
  return $rc
}

# Instructions callgrind counted in FUNCTION and everything it called (inclusive), from a
# callgrind_ir OUT file: callgrind_inclusive OUT FUNCTION (prints 0 when it never ran).
callgrind_inclusive() {
  callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
    awk -v f=":$2 " 'index($0, f) && $1 ~ /^[0-9,]+$/ { gsub(",", "", $1); print $1; found = 1; exit }
                     END { if (!found) print 0 }'
}
