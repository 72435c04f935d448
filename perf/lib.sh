# perf/lib.sh: what bench.sh, breakdown.sh and compilers.sh share (sourced; they cd to the root).

# The JSON after `// KEY:` in perf/workloads/NAME.js's header: header_arg NAME KEY.
header_arg() { sed -n "s|^// *$2: *||p" "perf/workloads/$1.js" | head -n 1; }

# The callgrind input of workload NAME: its `// callgrind-args:`, else its `// bench-args:`.
callgrind_arg() {
  local a; a="$(header_arg "$1" callgrind-args)"
  [ -n "$a" ] || a="$(header_arg "$1" bench-args)"
  printf '%s\n' "$a"
}

# callgrind_ir DIR PROFILE LOG EXE ARG: run `EXE ARG` under callgrind in DIR (its profile to
# PROFILE, valgrind's report to LOG), print the instructions it counted; the status is the run's.
callgrind_ir() {
  local rc=0
  ( cd "$1" && JMON_PROFILE="$2" timeout 1800 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$4" "$5" ) \
    > /dev/null 2> "$3" < /dev/null || rc=$?
  sed -n 's/^==[0-9]*== Collected : *\([0-9]*\).*/\1/p' "$3" | tail -n 1
  return $rc
}
