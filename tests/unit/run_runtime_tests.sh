#!/usr/bin/env bash
# run_runtime_tests.sh: end-to-end tests of libjmon_rt.a without jmon-aot: each
# tests/wat/runtime/*.wat goes through wat2wasm and wasm2c, gets hand-made glue (what
# jmon-aot's generator will write: jmon_module + trapping stubs for unknown imports), is linked
# as app_mon is, run, and checked for stdout, stderr and exit status.
# Environment: CC, SAN (sanitizer flags, also used for the test objects), LIBDIR, WORK.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-gcc}
SAN=${SAN:-}
LIBDIR=${LIBDIR:-$ROOT/build/lib/jmon-aot}
WORK=${WORK:-$ROOT/build/tests/runtime}
WAT_DIR=$ROOT/tests/wat/runtime
WASM_RT_LIB=/usr/lib/x86_64-linux-gnu/libwasm-rt-impl.a
# the flags wabt recommends for wasm2c output (wasm2c/README.md)
GEN_CFLAGS="-O1 -fno-optimize-sibling-calls -frounding-math -fsignaling-nans -w"
pass=0
fail=0

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
# ASan reports go to stderr: keep them, but do not let its own SEGV handling replace ours.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_segv_handler=1:detect_leaks=1}

ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# Write glue.c for module "t" from t.h: instantiate/start/release, an at_exit that logs to
# $JMON_TEST_AT_EXIT, and stubs for every import the runtime does not provide.
write_glue() {
  local hdr=$1 out=$2 wasi_names
  wasi_names=$(sed -n 's/^JMON_WASI(\([a-z_0-9]*\),.*/\1/p' "$ROOT/runtime/wasi_imports.def" | tr '\n' ' ')
  {
    echo '/* glue.c: hand-made stand-in for the glue jmon-aot generates (tests only). */'
    echo '#include <stdint.h>'
    echo '#include <stdio.h>'
    echo '#include <stdlib.h>'
    echo '#include "t.h"'
    echo '#include "jmon_rt.h"'
    echo 'static Z_t_instance_t g_inst;'
    awk -v wasi=" $wasi_names " '
      /^\/\* import: / {
        split($0, q, "\047"); mod = q[2]; name = q[4]; getline proto
        if (mod == "wasi_snapshot_preview1" && index(wasi, " " name " ") > 0) next
        lp = index(proto, "("); rp = index(proto, ");")
        head = substr(proto, 1, lp - 1); plist = substr(proto, lp + 1, rp - lp - 1)
        n = split(plist, ps, ", "); args = ""
        for (i = 1; i <= n; i++) args = args (i > 1 ? ", " : "") ps[i] " p" i
        print head "(" args ") {"
        for (i = 1; i <= n; i++) print "  (void)p" i ";"
        if (mod == "env" && name == "trap_fuel")
          print "  jmon_trap_with_reason(\"all fuel consumed by WebAssembly\");"
        else if (mod == "env" && name == "host_crash")
          print "  *(volatile int *)(uintptr_t)16 = 1;"
        else
          print "  jmon_trap_unimplemented_import(\"" mod "\", \"" name "\");"
        print "}"
      }' "$hdr"
    echo 'static void t_instantiate(void) {'
    echo '  Z_t_init_module();'
    awk '/^void Z_t_instantiate\(/ {
        lp = index($0, "("); rp = index($0, ");")
        n = split(substr($0, lp + 1, rp - lp - 1), ps, ", "); args = "&g_inst"
        for (i = 2; i <= n; i++)
          args = args ", " (index(ps[i], "wasi_snapshot_preview1") ? "jmon_wasi_instance()" : "NULL")
        print "  Z_t_instantiate(" args ");"
      }' "$hdr"
    if grep -q 'Z_tZ_memory(' "$hdr"; then
      echo '  jmon_wasi_set_memory(Z_tZ_memory(&g_inst));'
    else
      echo '  jmon_wasi_set_memory(NULL);'
    fi
    echo '}'
    echo 'static void t_start(void) { Z_tZ__start(&g_inst); }'
    echo 'static void t_release(void) { Z_t_free(&g_inst); }'
    echo 'static void t_at_exit(int code, const char *trap) {'
    echo '  const char *path = getenv("JMON_TEST_AT_EXIT");'
    echo '  FILE *f = path != NULL ? fopen(path, "a") : NULL;'
    echo '  if (f == NULL) return;'
    echo '  fprintf(f, "%d %s\n", code, trap != NULL ? trap : "-");'
    echo '  fclose(f);'
    echo '}'
    echo 'const jmon_module_desc_t jmon_module = {'
    echo '  "t.wasm", "0", "none", t_instantiate, t_start, t_release, t_at_exit};'
  } > "$out"
}

# build NAME [WAT]: make $WORK/NAME/app_mon from tests/wat/runtime/NAME.wat (or WAT).
build() {
  local name=$1 wat=${2:-$WAT_DIR/$1.wat} dir=$WORK/$1
  mkdir -p "$dir"
  wat2wasm "$wat" -o "$dir/t.wasm" &&
    wasm2c -n t "$dir/t.wasm" -o "$dir/t.c" &&
    write_glue "$dir/t.h" "$dir/glue.c" &&
    $CC $GEN_CFLAGS $SAN -I"$LIBDIR/include" -c "$dir/t.c" -o "$dir/t.o" &&
    $CC -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror $SAN -I"$LIBDIR/include" -I"$dir" \
      -c "$dir/glue.c" -o "$dir/glue.o" &&
    $CC $SAN "$dir/t.o" "$dir/glue.o" -L"$LIBDIR" -ljmon_rt "$WASM_RT_LIB" -lm -lpthread \
      -o "$dir/app_mon"
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
  if { [ ! -x "$dir/app_mon" ] || [ "$LIBDIR/libjmon_rt.a" -nt "$dir/app_mon" ]; } &&
     ! build "$name" > "$dir.build.log" 2>&1; then
    ko "$label" "build failed: $(tail -5 "$dir.build.log")"
    return
  fi
  rm -f "$dir/at_exit.log"
  local start end
  start=$(date +%s%N)
  (cd "$dir" && env JMON_TEST_AT_EXIT="$dir/at_exit.log" "${envs[@]}" timeout 20 ./app_mon "${args[@]}" \
    > "$dir/stdout" 2> "$dir/stderr" < /dev/null)
  local code=$?
  end=$(date +%s%N)
  local out
  out=$(cat "$dir/stdout")
  if [ "$code" != "$want_code" ]; then
    ko "$label" "exit $code, want $want_code; stderr: $(head -c 400 "$dir/stderr")"
  elif [ "$out" != "$want_out" ]; then
    ko "$label" "stdout '$out', want '$want_out'"
  elif [ -n "$want_err" ] && ! grep -qxF -- "$want_err" "$dir/stderr"; then
    ko "$label" "stderr lacks '$want_err': $(head -c 400 "$dir/stderr")"
  elif [ -z "$want_err" ] && [ -z "$SAN" ] && [ -s "$dir/stderr" ]; then
    ko "$label" "unexpected stderr: $(head -c 400 "$dir/stderr")"
  elif [ "$(cat "$dir/at_exit.log" 2>/dev/null | wc -l)" != "${WANT_AT_EXIT:-1}" ]; then
    ko "$label" "at_exit not called exactly once: $(cat "$dir/at_exit.log" 2>/dev/null)"
  elif [ -n "${WANT_SECONDS:-}" ] && [ $(((end - start) / 1000000000)) -ge "$WANT_SECONDS" ]; then
    ko "$label" "took $(((end - start) / 1000000)) ms"
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
WANT_SECONDS=5 LABEL=recursion_64mb check recursion 134 "" "$T call stack exhausted" JMON_STACK_MB=64
WANT_SECONDS=10 LABEL=recursion_default check recursion 134 "" "$T call stack exhausted"
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
if [ "$(cat "$DATA/out.txt" 2>/dev/null)" = "written" ]; then ok files_written; else ko files_written "out.txt missing"; fi
WANT_AT_EXIT=0 LABEL=bad_preopen check hello 1 "" "app_mon: error: JMON_DIR: /nonexistent/dir: No such file or directory" JMON_DIR=/nonexistent/dir

# every function of wasi_imports.def links with the signature listed there
ALL=$WORK/all_imports.wat
{
  echo '(module'
  sed -n 's/^JMON_WASI(\([a-z_0-9]*\), *"\([iI]*\)", *"\([i]*\)").*/\1 \2 \3/p' "$ROOT/runtime/wasi_imports.def" |
    while read -r fname params results; do
      [ "$params" = "\"\"" ] && params=""
      p=$(echo "$params" | sed 's/i/ i32/g; s/I/ i64/g')
      r=$(echo "$results" | sed 's/i/ i32/g')
      echo "  (import \"wasi_snapshot_preview1\" \"$fname\" (func (param$p) (result$r)))"
    done | sed 's/(result)//; s/(param)//'
  echo '  (memory (export "memory") 1)'
  echo '  (func (export "_start")))'
} > "$ALL"
if build all_imports "$ALL" > "$WORK/all_imports.build.log" 2>&1 &&
   ! grep -q 'jmon_trap_unimplemented_import' "$WORK/all_imports/glue.c"; then
  ok all_imports_link
else
  ko all_imports_link "$(tail -5 "$WORK/all_imports.build.log")"
fi

# SIGTERM / SIGINT: at_exit once with 128+N and the reason, exit 128+N
for sig in TERM INT; do
  dir=$WORK/spin
  { [ -x "$dir/app_mon" ] && [ ! "$LIBDIR/libjmon_rt.a" -nt "$dir/app_mon" ]; } || build spin > "$WORK/spin.build.log" 2>&1
  rm -f "$dir/at_exit.log"
  JMON_TEST_AT_EXIT="$dir/at_exit.log" "$dir/app_mon" < /dev/null > /dev/null 2>&1 &
  pid=$!
  sleep 0.5
  kill -s $sig $pid
  wait $pid
  code=$?
  num=$(kill -l $sig)
  want=$((128 + num))
  # at_exit learns why the run ended (no trap line is printed for a signal)
  case $sig in TERM) reason="terminated by SIGTERM" ;; INT) reason="interrupted by SIGINT" ;; esac
  if [ "$code" = "$want" ] && [ "$(cat "$dir/at_exit.log" 2>/dev/null)" = "$want $reason" ]; then
    ok "signal_$sig"
  else
    ko "signal_$sig" "exit $code (want $want), at_exit log '$(cat "$dir/at_exit.log" 2>/dev/null)'"
  fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
