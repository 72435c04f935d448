#!/usr/bin/env bash
# run_host_tests.sh: `jmon-aot --host FILE.c`: the example Chainlink host file makes Math.random and
# log() work in real javy modules (log() in a dynamic one, with --plugin); a definition of the wrong type and a missing file are clear
# build errors; imports the file does not define still trap.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
B="${E2E_BUILD:-build}"   # the build tree under test
FIX=$B/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. tests/lib.sh
[ -f "$FIX/math_random.wasm" ] || die "$FIX/math_random.wasm missing (run tests/e2e/run_e2e.sh math_random first)"

# 1. Math.random through env.random_seed: the program now runs to its end.
if "$B/bin/jmon-aot" "$FIX/math_random.wasm" --host examples/host/chainlink_env.c -o "$work/mr" > "$work/log" 2>&1; then
  (cd "$work" && JMON_DETERMINISTIC=1 ./mr > out1 2> err1; echo $? > rc1; JMON_DETERMINISTIC=1 ./mr > out2 2>/dev/null)
  if [ "$(cat "$work/rc1")" = 0 ] && grep -q '^never printed 0\.[0-9]' "$work/out1" && cmp -s "$work/out1" "$work/out2"; then
    ok host-math-random
  else
    bad host-math-random "exit $(cat "$work/rc1"), stdout: $(tr '\n' '|' < "$work/out1") stderr: $(head -c 300 "$work/err1")"
  fi
else
  bad host-math-random "build failed: $(tail -n 3 "$work/log")"
fi

# 2. A definition whose type differs from the import's does not build.
cat > "$work/wrong.c" <<'C'
#include "jmon_host.h"
u32 Z_envZ_random_seed(struct Z_env_instance_t *instance, u32 mode) { (void)instance; return mode; }
C
"$B/bin/jmon-aot" "$FIX/math_random.wasm" --host "$work/wrong.c" -o "$work/x" > "$work/log" 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q "^jmon-aot: error: --host .*wrong.c does not compile against the module's imports" "$work/log"; then
  ok host-wrong-type
else
  bad host-wrong-type "exit $rc: $(head -c 300 "$work/log")"
fi

# 3. A missing file.
"$B/bin/jmon-aot" "$FIX/math_random.wasm" --host "$work/nope.c" -o "$work/x" > "$work/log" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q "^jmon-aot: error: --host .*nope.c: No such file" "$work/log" && ok host-missing ||
  bad host-missing "exit $rc: $(head -c 300 "$work/log")"

# 4. Imports the host file leaves out still trap with their name.
cat > "$work/partial.c" <<'C'
#include "jmon_host.h"
void Z_envZ_log(struct Z_env_instance_t *instance, u32 ptr, u32 len) { (void)instance; (void)ptr; (void)len; }
C
if "$B/bin/jmon-aot" "$FIX/math_random.wasm" --host "$work/partial.c" -o "$work/p" > "$work/log" 2>&1; then
  (cd "$work" && ./p > /dev/null 2> err; echo $? > rc)
  [ "$(cat "$work/rc")" = 134 ] && grep -qx 'app_mon: trap: unimplemented import env.random_seed' "$work/err" && ok host-partial ||
    bad host-partial "exit $(cat "$work/rc"): $(cat "$work/err")"
else
  bad host-partial "build failed: $(tail -n 3 "$work/log")"
fi
# 5. The example's env.log: the JS global log() prints through it, here in a javy *dynamic* module
#    (--plugin and --host together: the host file implements the plugin's imports).
PLUGIN="$(tools/fetch_plugin.sh)" || die "cannot fetch the javy plugin"
printf '%s\n' 'log("hello from JS " + (6 * 7));' 'console.log("after log", typeof Math.random());' > "$work/log.js"
mkdir -p "$work/dyn"
if node tools/javy_compile.mjs "$PLUGIN" "$work/log.js" "$work/log.bc" > "$work/log" 2>&1 &&
   "$B/bin/jmon-javy-build" --dynamic "$PLUGIN" "$work/log.bc" -o "$work/dyn/log.wasm" >> "$work/log" 2>&1 &&
   "$B/bin/jmon-aot" "$work/dyn/log.wasm" --plugin "$PLUGIN" --host examples/host/chainlink_env.c -o "$work/lg" >> "$work/log" 2>&1; then
  (cd "$work" && ./lg > lout 2> lerr; echo $? > lrc)
  [ "$(cat "$work/lrc")" = 0 ] && grep -qx '\[log\] hello from JS 42' "$work/lerr" && grep -qx 'after log number' "$work/lout" && ok host-log-dynamic ||
    bad host-log-dynamic "exit $(cat "$work/lrc"), stdout: $(cat "$work/lout") stderr: $(head -c 300 "$work/lerr")"
else
  bad host-log-dynamic "build failed: $(tail -n 3 "$work/log")"
fi
finish
