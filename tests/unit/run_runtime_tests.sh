#!/usr/bin/env bash
# run_runtime_tests.sh: end-to-end tests of the runtime (libjmon_rt.a): each
# tests/wat/runtime/*.wat goes through wat2wasm and `jmon-aot --probes fuel --host
# tests/unit/runtime_host.c` (the real glue; fuel probes so that the at-exit hook runs and
# JMON_SUMMARY=1 shows each call of it), is run, and checked for stdout, stderr and exit status.
# Environment: JMON_AOT, LIBDIR (the runtime that jmon-aot links, for up-to-date checks), WORK,
# SAN (non-empty under sanitizers: stderr may then carry their reports).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JMON_AOT=${JMON_AOT:-$ROOT/build/bin/jmon-aot}
LIBDIR=${LIBDIR:-$ROOT/build/lib/jmon-aot}
WORK=${WORK:-$ROOT/build/tests/runtime}
WAT_DIR=$ROOT/tests/wat/runtime
. "$ROOT/tests/lib.sh"
[ -x "$JMON_AOT" ] || die "$JMON_AOT missing (make all)"

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
# ASan reports go to stderr: keep them, but do not let its own SEGV handling replace ours.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_segv_handler=1:detect_leaks=1}
SUMMARY='^jmon: total_fuel='

# stale APP_MON: missing, or older than what builds it
stale() {
  [ ! -x "$1" ] || [ "$LIBDIR/libjmon_rt.a" -nt "$1" ] || [ "$LIBDIR/libjmon_probes.a" -nt "$1" ] ||
    [ "$JMON_AOT" -nt "$1" ] || [ "$ROOT/tests/unit/runtime_host.c" -nt "$1" ]
}

# build NAME [WAT]: make $WORK/NAME/app_mon from tests/wat/runtime/NAME.wat (or WAT). The module
# is t.wasm: the guest's argv[0]. PROBES=none: no probes, hence no at-exit hook to see.
build() {
  local name=$1 wat=${2:-$WAT_DIR/$1.wat} dir=$WORK/$1
  mkdir -p "$dir"
  wat2wasm "$wat" -o "$dir/t.wasm" &&
    "$JMON_AOT" --probes "${PROBES:-fuel}" --host "$ROOT/tests/unit/runtime_host.c" -O1 --keep-c "$dir/c" \
      "$dir/t.wasm" -o "$dir/app_mon"
}

# The at-exit calls of the last run, one `CODE REASON` line each (REASON `-` for none), from the
# JMON_SUMMARY lines `jmon: total_fuel=N exit=CODE[ trap=REASON] profile=P`.
at_exit_log() {
  sed -n 's/^jmon: total_fuel=[0-9]* exit=\([0-9]*\)\( trap=\(.*\)\)\{0,1\} profile=.*/\1 \3/p' "$1" |
    sed 's/ $/ -/'
}

# check NAME WANT_CODE WANT_STDOUT WANT_STDERR [env assignments...] [-- args...]
# WANT_STDERR is an exact line expected on stderr ("" = stderr must be empty unless SAN is on).
check() {
  local name=$1 want_code=$2 want_out=$3 want_err=$4
  shift 4
  local envs=() args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  args=("$@")
  local dir=$WORK/$name label=${LABEL:-$name}
  if stale "$dir/app_mon" &&
     ! build "$name" > "$dir.build.log" 2>&1; then
    bad "$label" "build failed: $(tail -5 "$dir.build.log")"
    return
  fi
  rm -f "$dir/at_exit.log"
  local start end
  start=$(date +%s%N)
  (cd "$dir" && env JMON_SUMMARY=1 JMON_PROFILE="$dir/p.json" "${envs[@]}" timeout 20 ./app_mon "${args[@]}" \
    > "$dir/stdout" 2> "$dir/stderr.all" < /dev/null)
  local code=$?
  end=$(date +%s%N)
  at_exit_log "$dir/stderr.all" > "$dir/at_exit.log"
  grep -v "$SUMMARY" "$dir/stderr.all" > "$dir/stderr"
  local out
  out=$(cat "$dir/stdout")
  if [ "$code" != "$want_code" ]; then
    bad "$label" "exit $code, want $want_code; stderr: $(head -c 400 "$dir/stderr")"
  elif [ "$out" != "$want_out" ]; then
    bad "$label" "stdout '$out', want '$want_out'"
  elif [ -n "$want_err" ] && ! grep -qxF -- "$want_err" "$dir/stderr"; then
    bad "$label" "stderr lacks '$want_err': $(head -c 400 "$dir/stderr")"
  elif [ -z "$want_err" ] && [ -z "${SAN:-}" ] && [ -s "$dir/stderr" ]; then
    bad "$label" "unexpected stderr: $(head -c 400 "$dir/stderr")"
  elif [ "$(cat "$dir/at_exit.log" 2>/dev/null | wc -l)" != "${WANT_AT_EXIT:-$([ "${PROBES:-fuel}" = none ] && echo 0 || echo 1)}" ]; then
    bad "$label" "at_exit not called exactly once: $(cat "$dir/at_exit.log" 2>/dev/null)"
  elif [ -n "${WANT_SECONDS:-}" ] && [ $(((end - start) / 1000000000)) -ge "$WANT_SECONDS" ]; then
    bad "$label" "took $(((end - start) / 1000000)) ms"
  else
    ok "$label"
  fi
}

T="app_mon: trap:"
check hello 0 "hello world" ""
check args 0 "t.wasm
one
two words" "" -- one "two words"
check env 0 "A=1
B=x=y" "" JMON_ENV=A=1,B=x=y
LABEL=env_empty check env 0 "" ""
check exit7 7 "" ""
check unreachable 134 "" "$T wasm \`unreachable\` instruction executed"
check oob 134 "" "$T out of bounds memory access"
check oob_far 134 "" "$T out of bounds memory access"
check divzero 134 "" "$T integer divide by zero"
check overflow 134 "" "$T integer overflow"
check badconv 134 "" "$T invalid conversion to integer"
# (no probes: the calling-context tree of a million-deep recursion is not what this checks)
PROBES=none WANT_SECONDS=5 LABEL=recursion_64mb check recursion 134 "" "$T call stack exhausted" JMON_STACK_MB=64
PROBES=none WANT_SECONDS=10 LABEL=recursion_default check recursion 134 "" "$T call stack exhausted"
check indirect 134 "" "$T indirect call type mismatch"
check hostile 0 "ok
ok
ok
ok
ok
ok" ""
check clock_random 0 "1700000000000000000
1700000000001000000
0
1
42
1001000000
0" "" JMON_DETERMINISTIC=1
check unknown_import 134 "" "$T unimplemented import env.foo"
check fuel 134 "" "$T all fuel consumed by WebAssembly"
# a fault outside the guard and linear memory is a host bug: message, then the default SIGSEGV
WANT_AT_EXIT=0 check host_crash 139 "" "app_mon: internal error: signal 11 at 0x10"
# setup errors: the guest never ran, so there is no profile to write (no at_exit)
WANT_AT_EXIT=0 LABEL=stack_mb_bad check hello 1 "" "app_mon: error: JMON_STACK_MB: expected a number of MiB from 1 to 1048576, got 'lots'" JMON_STACK_MB=lots
# fdstat: stdin /dev/null is a character device (2); stdout, stderr regular files (4); no fd 3: EBADF 8
check fdstat 0 "2
4
4
8" ""

# preopens: read, `..` escapes refused, write
DATA=$WORK/files_dir
rm -rf "$DATA"; mkdir -p "$DATA/sub"; printf 'file content\n' > "$DATA/data.txt"
check files 0 "/data
0
file content
76
76
0" "" "JMON_DIR=$DATA::/data"
if [ "$(cat "$DATA/out.txt" 2>/dev/null)" = "written" ]; then ok files_written; else bad files_written "out.txt missing"; fi
WANT_AT_EXIT=0 LABEL=bad_preopen check hello 1 "" "app_mon: error: JMON_DIR: /nonexistent/dir: No such file or directory" JMON_DIR=/nonexistent/dir

# every function of wasi_imports.def links with the signature listed there
ALL=$WORK/all_imports.wat
{
  echo '(module'
  # (P and R mark the start of the parameter and result letters, which may be empty)
  sed -n 's/^JMON_WASI(\([a-z_0-9]*\), *"\([iI]*\)", *"\([i]*\)").*/\1 P\2 R\3/p' "$ROOT/runtime/wasi_imports.def" |
    while read -r fname params results; do
      p=$(echo "${params#P}" | sed 's/i/ i32/g; s/I/ i64/g')
      r=$(echo "${results#R}" | sed 's/i/ i32/g')
      echo "  (import \"wasi_snapshot_preview1\" \"$fname\" (func (param$p) (result$r)))"
    done | sed 's/(result)//; s/(param)//'
  echo '  (memory (export "memory") 1)'
  echo '  (func (export "_start")))'
} > "$ALL"
if build all_imports "$ALL" > "$WORK/all_imports.build.log" 2>&1 &&
   ! grep -q 'jmon_trap_unimplemented_import' "$WORK/all_imports/c/jmon_glue.c"; then
  ok all_imports_link
else
  bad all_imports_link "$(tail -5 "$WORK/all_imports.build.log")"
fi

# A profile path that is not a regular file (a FIFO here; /dev/null alike) is written in place:
# the reader gets the whole profile and the FIFO is still a FIFO (a rename over it would have
# replaced it with a regular file, as it once did to /dev/null).
dir=$WORK/hello
stale "$dir/app_mon" && build hello > "$WORK/hello.build.log" 2>&1
rm -f "$dir/fifo" "$dir/fifo.json"
mkfifo "$dir/fifo"
timeout 20 cat "$dir/fifo" > "$dir/fifo.json" &
reader=$!
JMON_PROFILE="$dir/fifo" timeout 20 "$dir/app_mon" < /dev/null > /dev/null 2>&1
code=$?
wait $reader
if [ "$code" = 0 ] && [ -p "$dir/fifo" ] &&
   python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["total_fuel"] > 0' "$dir/fifo.json" 2>/dev/null &&
   [ -z "$(ls "$dir" | grep 'fifo\.tmp\.')" ]; then
  ok profile_to_fifo
else
  bad profile_to_fifo "exit $code, fifo $( [ -p "$dir/fifo" ] && echo kept || echo replaced), $(head -c 100 "$dir/fifo.json")"
fi

# SIGTERM / SIGINT: at_exit once with 128+N and the reason, exit 128+N
for sig in TERM INT; do
  dir=$WORK/spin
  stale "$dir/app_mon" && build spin > "$WORK/spin.build.log" 2>&1
  rm -f "$dir/at_exit.log"
  JMON_SUMMARY=1 JMON_PROFILE="$dir/p.json" "$dir/app_mon" < /dev/null > /dev/null 2> "$dir/stderr.all" &
  pid=$!
  sleep 0.5
  kill -s $sig $pid
  wait $pid
  code=$?
  num=$(kill -l $sig)
  want=$((128 + num))
  # at_exit learns why the run ended (no trap line is printed for a signal)
  case $sig in TERM) reason="terminated by SIGTERM" ;; INT) reason="interrupted by SIGINT" ;; esac
  at_exit_log "$dir/stderr.all" > "$dir/at_exit.log"
  if [ "$code" = "$want" ] && [ "$(cat "$dir/at_exit.log" 2>/dev/null)" = "$want $reason" ]; then
    ok "signal_$sig"
  else
    bad "signal_$sig" "exit $code (want $want), at_exit log '$(cat "$dir/at_exit.log" 2>/dev/null)'"
  fi
done

finish
