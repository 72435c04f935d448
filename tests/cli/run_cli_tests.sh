#!/usr/bin/env bash
# run_cli_tests.sh: jmon-aot's command line on bad and odd input: one-line errors with file
# offsets, exit 1 for errors and 2 for usage, never a crash. Builds nothing big.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
JMON=${JMON_AOT:-$root/build/bin/jmon-aot}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/tests/lib.sh"

# expect NAME EXIT_CODE STDERR_REGEX -- ARGS...
expect() {
  local name=$1 code=$2 re=$3; shift 4
  "$JMON" "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  local lines
  lines=$(wc -l <"$work/err")
  if [ "$rc" -ne "$code" ]; then bad "$name" "exit $rc, want $code; stderr: $(head -c 300 "$work/err")"; return; fi
  local text="$work/err"
  [ "$code" -eq 0 ] && text="$work/out"
  if ! grep -Eq -- "$re" "$text"; then bad "$name" "stderr does not match /$re/: $(head -c 300 "$work/err")"; return; fi
  if [ "$code" -eq 1 ] && [ "$lines" -ne 1 ]; then bad "$name" "error is $lines lines, want 1"; return; fi
  ok "$name"
}

wat2wasm "$here/../wat/runtime/hello.wat" -o "$work/hello.wasm" 2>/dev/null || cp /dev/null "$work/hello.wasm"
printf 'this is not wasm at all' >"$work/garbage.wasm"
: >"$work/empty.wasm"
printf '\0asm\2\0\0\0' >"$work/version.wasm"
printf '\0asm\1\0\0\0\1\377\377\377\377\17' >"$work/huge_section.wasm"
printf '(module (func (export "other")))' >"$work/nostart.wat"
wat2wasm "$work/nostart.wat" -o "$work/nostart.wasm"

expect help           0 'usage' -- --help
grep -q -- '--probes' "$work/out" && grep -q -- '--cache-dir' "$work/out" && ok help-documents-options || bad help-documents-options "options missing from --help"
expect version        0 '^jmon-aot [0-9]' -- --version
[ -s "$work/err" ] && bad version-quiet "stderr not empty" || ok version-quiet
expect no-args        2 'no input file' --
expect no-output      2 'no output file' -- "$work/hello.wasm"
expect bad-option     2 'unknown option --frobnicate' -- --frobnicate "$work/hello.wasm" -o "$work/x"
expect bad-probes     2 '--probes takes none, fuel or js' -- --probes all "$work/hello.wasm" -o "$work/x"
expect stacks-none    2 '--wasm-stacks and --no-wasm-stacks need --probes fuel or js' -- --probes none --wasm-stacks "$work/hello.wasm" -o "$work/x"
expect bad-opt        2 '-O takes' -- -O9 "$work/hello.wasm" -o "$work/x"
# Either override alone is offered (the finder resolves the other half); hello.wasm defines 1..2
# and has no i32.load8_u anywhere.
expect interp-alone   1 '^jmon-aot: error: .*--interp-func 3 is not a defined function \(functions 1\.\.2\)$' -- --interp-func 3 "$work/hello.wasm" -o "$work/x"
expect pc-load-alone  1 '^jmon-aot: error: .*--pc-load 0x1:' -- --pc-load 1 "$work/hello.wasm" -o "$work/x"
expect missing-file   1 "^jmon-aot: error: $work/nope.wasm: " -- "$work/nope.wasm" -o "$work/x"
expect garbage        1 "^jmon-aot: error: $work/garbage.wasm: offset 0x0: " -- "$work/garbage.wasm" -o "$work/x"
expect empty          1 "^jmon-aot: error: $work/empty.wasm: offset 0x0: " -- "$work/empty.wasm" -o "$work/x"
expect version-field  1 "^jmon-aot: error: .*: offset 0x4: " -- "$work/version.wasm" -o "$work/x"
expect huge-section   1 "^jmon-aot: error: .*: offset 0x[0-9a-f]+: " -- "$work/huge_section.wasm" -o "$work/x"
expect no-start       1 "exports no \`_start\`" -- --probes none "$work/nostart.wasm" -o "$work/x"

# --fuel-model: wasmtime46 documented in --help; start-up work it does not model is refused with
# one line before anything is built (docs/fuel-model.md §7).
expect help-fuel46    0 'wasmtime46: bulk memory/table operators cost 1 \+ their length' -- --help
expect bad-fuel-model 2 '--fuel-model takes wasmtime39 or wasmtime46' -- --fuel-model wasmtime40 "$work/hello.wasm" -o "$work/x"
f46() {  # NAME MODULE_FIELDS: a module with _start and these fields
  printf '(module %s (func (export "_start")))' "$2" >"$work/$1.wat"
  wat2wasm "$work/$1.wat" -o "$work/$1.wasm"
}
f46 f46_global '(import "env" "g" (global $i i32)) (global $g i32 (global.get $i))'
f46 f46_data '(memory 300) (data (i32.const 0) "x") (data (i32.const 17000000) "y")'
f46 f46_data_oob '(memory 1) (data (i32.const 65535) "xy")'
f46 f46_elem '(import "env" "g" (global $i i32)) (table 4 funcref) (elem (global.get $i) func 0)'
expect fuel46-global   1 "^jmon-aot: error: .*f46_global.wasm: --fuel-model wasmtime46: global 1 has a non-constant initialiser: wasmtime 46 meters the start-up code" -- --probes fuel --fuel-model wasmtime46 "$work/f46_global.wasm" -o "$work/x"
expect fuel46-sparse   1 "--fuel-model wasmtime46: its data segments are too sparse for a memory image" -- --probes fuel --fuel-model wasmtime46 "$work/f46_data.wasm" -o "$work/x"
expect fuel46-data-oob 1 "--fuel-model wasmtime46: data segment 0 cannot go into a memory image" -- --probes fuel --fuel-model wasmtime46 "$work/f46_data_oob.wasm" -o "$work/x"
expect fuel46-elem     1 "--fuel-model wasmtime46: active element segment 0 cannot be applied ahead of time" -- --probes fuel --fuel-model wasmtime46 "$work/f46_elem.wasm" -o "$work/x"

# --plugin (javy dynamic modules): every mismatch is one clear line, found before anything is built.
# A dynamic module as javy emits it, in text form, with the namespace, names and types as knobs.
dyn_wat() {  # NS REALLOC_NAME INVOKE_PARAMS OUT
  cat >"$work/dyn.wat" <<WAT
(module
  (import "$1" "$2" (func \$realloc (param i32 i32 i32 i32) (result i32)))
  (import "$1" "invoke" (func \$invoke (param $3)))
  (import "$1" "memory" (memory 0))
  (func (export "_start")))
WAT
  wat2wasm "$work/dyn.wat" -o "$4"
}
if [ -n "${JMON_PLUGIN_WASM:-}" ]; then
  P=$JMON_PLUGIN_WASM
  dyn_wat javy_chainlink_sdk cabi_realloc "i32 i32 i32 i32 i32" "$work/dyn_ok.wasm"
  dyn_wat other_plugin cabi_realloc "i32 i32 i32 i32 i32" "$work/dyn_ns.wasm"
  dyn_wat javy_chainlink_sdk canonical_abi_realloc "i32 i32 i32 i32 i32" "$work/dyn_missing.wasm"
  dyn_wat javy_chainlink_sdk cabi_realloc "i32 i32 i32 i32" "$work/dyn_type.wasm"
  expect plugin-namespace  1 "^jmon-aot: error: .*dyn_ns.wasm: imports from namespace \`other_plugin\`, but plugin .*'s import namespace is \`javy_chainlink_sdk\`$" -- --plugin "$P" "$work/dyn_ns.wasm" -o "$work/x"
  expect plugin-missing-export 1 "^jmon-aot: error: .*dyn_missing.wasm: imports function \`javy_chainlink_sdk.canonical_abi_realloc\`, which plugin .* does not export$" -- --plugin "$P" "$work/dyn_missing.wasm" -o "$work/x"
  expect plugin-import-type 1 "^jmon-aot: error: .*dyn_type.wasm: imports function \`javy_chainlink_sdk.invoke\` with another type than plugin .* exports$" -- --plugin "$P" "$work/dyn_type.wasm" -o "$work/x"
  expect plugin-static-app 1 "^jmon-aot: error: .*hello.wasm: --plugin given, but it imports nothing from the plugin's namespace \`javy_chainlink_sdk\`: it is not a javy dynamic module" -- --plugin "$P" "$work/hello.wasm" -o "$work/x"
  expect dynamic-no-plugin 1 "^jmon-aot: error: .*dyn_ok.wasm: a javy dynamic module \(it imports from \`javy_chainlink_sdk\`\): give its plugin with --plugin P.wasm$" -- "$work/dyn_ok.wasm" -o "$work/x"
  expect plugin-not-plugin 1 "^jmon-aot: error: .*hello.wasm: --plugin: exports \`_start\`: it is a javy module, not a plugin$" -- --plugin "$work/hello.wasm" "$work/dyn_ok.wasm" -o "$work/x"
  expect plugin-missing-file 1 "^jmon-aot: error: --plugin $work/nope.wasm: " -- --plugin "$work/nope.wasm" "$work/dyn_ok.wasm" -o "$work/x"
  expect plugin-garbage 1 "^jmon-aot: error: $work/garbage.wasm: offset 0x0: " -- --plugin "$work/garbage.wasm" "$work/dyn_ok.wasm" -o "$work/x"
  # --analyze on a linked module: the interpreter is the plugin's (index and offset of the plugin file).
  expect plugin-analyze 0 "^interp_func: [0-9]+$" -- --analyze --plugin "$P" "$work/dyn_ok.wasm"

  # Tiered -O (docs/perf.md): a fake C compiler logs each unit's -O flag and makes empty files,
  # so the whole plugin "builds" in seconds. By default the hot units (generated/hot_functions.h:
  # the plugin's functions by body hash) and the glue get -O2, the other function units -O1, the
  # module and data units -O0; `-O N` gives every unit -O N; the -O level is part of each
  # object's cache key.
  cat >"$work/fakecc" <<'SH'
#!/bin/sh
[ "$1" = --version ] && { echo "fakecc 1 (jmon-aot tests)"; exit 0; }
opt=none src= out= prev=
for a in "$@"; do
  case "$a" in -O*) opt=$a ;; *.c) src=${a##*/} ;; esac
  [ "$prev" = -o ] && out=$a
  prev=$a
done
[ -n "$out" ] && : >"$out"
[ -n "$src" ] && echo "$opt $src" >>"$FAKECC_LOG"
exit 0
SH
  chmod +x "$work/fakecc"
  tier() {   # tier LOG ARGS...: build dyn_ok on the plugin with the fake compiler into one cache
    local log=$1; shift
    : >"$work/$log"
    FAKECC_LOG="$work/$log" "$JMON" --cc "$work/fakecc" --probes none --cache-dir "$work/tiercache" -v "$@" \
      --plugin "$P" "$work/dyn_ok.wasm" -o "$work/tier.mon" >"$work/$log.out" 2>&1
  }
  tier tier.log
  interp=$("$JMON" --analyze --plugin "$P" "$work/dyn_ok.wasm" | sed -n 's/^interp_func: //p')
  hot=$(grep -c ' hot_' "$work/tier.log") cold=$(grep -c ' func_' "$work/tier.log")
  wrong=$(grep -Ev '^-O2 (hot_[0-9]+|jmon_glue)\.c$|^-O1 func_[0-9]+\.c$|^-O0 (data_[0-9]+|module)\.c$' "$work/tier.log" | head -n 3)
  [ "$hot" -ge 1 ] && [ "$cold" -ge 10 ] && [ -z "$wrong" ] && ok tiered-opt-levels ||
    bad tiered-opt-levels "hot $hot, cold $cold units; unexpected: $wrong; $(tail -n 2 "$work/tier.log.out")"
  # The interpreter (--analyze's, found independently of the hash table) is among the hot units.
  tier tier_keep.log --keep-c "$work/keep"
  grep -l "^u[0-9]* w2c_f$interp(" "$work/keep"/*.c 2>/dev/null | grep -q '/hot_[0-9]*\.c$' && ok tiered-interp-hot ||
    bad tiered-interp-hot "w2c_f$interp is not defined in a hot_ unit"
  grep -q '^jmon-aot: hot functions: [1-9][0-9]* of [0-9]* ' "$work/tier.log.out" && ok tiered-report ||
    bad tiered-report "no hot functions line in -v: $(grep hot "$work/tier.log.out")"
  # A module with none of the table's functions (not the plugin's): every unit at -O2, as before.
  : >"$work/other.log"
  FAKECC_LOG="$work/other.log" "$JMON" --cc "$work/fakecc" --probes none --cache-dir "$work/tiercache" \
    "$work/hello.wasm" -o "$work/other.mon" >/dev/null 2>&1
  grep -q '^-O2 func_' "$work/other.log" && ! grep -q -e ' hot_' -e '^-O1' "$work/other.log" && ok tiered-unknown-module ||
    bad tiered-unknown-module "$(head -n 3 "$work/other.log")"
  # Again: every unit comes from the cache (the glue is always compiled).
  tier again.log
  [ "$(cat "$work/again.log")" = "-O2 jmon_glue.c" ] && ok tiered-cached || bad tiered-cached "$(head -n 3 "$work/again.log")"
  # -O 1: no hot units; the function units without a hot function are the same compiles as in
  # the tiered build (cache hits), the others and the module and data units compile at -O1.
  tier o1.log -O 1
  ! grep -q -e ' hot_' -e '^-O[02]' "$work/o1.log" && grep -q '^-O1 func_' "$work/o1.log" &&
    grep -q '^-O1 module\.c' "$work/o1.log" && [ "$(grep -c ' func_' "$work/o1.log")" -lt "$cold" ] &&
    ok uniform-o1 || bad uniform-o1 "$(tr '\n' ' ' <"$work/o1.log" | head -c 300)"
  # -O 2: the same texts as -O 1 at another -O level, so other keys: nothing from the cache.
  tier o2.log -O 2
  n=$(grep -c ' ' "$work/o2.log")
  grep -q "($n units, 0 cached)" "$work/o2.log.out" && grep -q '^-O2 module\.c' "$work/o2.log" &&
    ! grep -q -e ' hot_' -e '^-O1' "$work/o2.log" && ok uniform-o2-keys || bad uniform-o2-keys "$(head -n 3 "$work/o2.log")"
else
  echo "SKIP --plugin errors: JMON_PLUGIN_WASM not set (make test-cli sets it)"
fi

# Truncations of the real plugin at many points (8 bytes, the bare header, is a valid empty
# module): each an error with an offset, never a crash. A small module would not do: some of its
# cuts fall on a section boundary and are valid modules without `_start`.
if [ -n "${JMON_PLUGIN_WASM:-}" ]; then
  src=$JMON_PLUGIN_WASM
  size=$(stat -c %s "$src")
  crashes=0 nooffset=0 n=0
  for cut in 1 7 9 10 11 17 64 100 1000 5000 20000 100000 300000 $((size / 2)) $((size - 100)) $((size - 1)); do
    [ "$cut" -lt "$size" ] || continue
    head -c "$cut" "$src" >"$work/cut.wasm"
    "$JMON" --probes none "$work/cut.wasm" -o "$work/x" >/dev/null 2>"$work/err"
    rc=$?
    n=$((n + 1))
    [ "$rc" -ge 128 ] && crashes=$((crashes + 1))
    grep -Eq '^jmon-aot: error: .*: offset 0x[0-9a-f]+: ' "$work/err" && [ "$rc" -eq 1 ] ||
      { nooffset=$((nooffset + 1)); echo "  cut at $cut: exit $rc: $(head -c 200 "$work/err")"; }
  done
  [ "$crashes" -eq 0 ] && [ "$nooffset" -eq 0 ] && ok "truncated-x$n" || bad truncated "$crashes crashes, $nooffset without an offset error"
else
  echo "SKIP truncations: JMON_PLUGIN_WASM not set (make test-cli sets it)"
fi

# Names: a module with a name section keeps its function names in the profile and as the C
# symbols perf shows (w2c_<name>); one without gets f<index in the input> despite probe imports.
cat >"$work/named.wat" <<'WAT'
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $helper_fn (result i32) i32.const 7)
  (func $main (export "_start") call $helper_fn call $exit))
WAT
wat2wasm --debug-names "$work/named.wat" -o "$work/named.wasm"
wat2wasm "$work/named.wat" -o "$work/unnamed.wasm"
for v in named unnamed; do
  "$JMON" --probes fuel "$work/$v.wasm" -o "$work/$v.mon" >/dev/null 2>&1
  (cd "$work" && JMON_PROFILE="$work/$v.json" "./$v.mon"; echo "rc=$?" >"$work/$v.rc")
done
grep -q '"name": *"helper_fn"' "$work/named.json" && grep -q '"name": *"main"' "$work/named.json" &&
  nm "$work/named.mon" | grep -q ' w2c_helper_fn$' && grep -qx 'rc=7' "$work/named.rc" && ok names-from-name-section ||
  bad names-from-name-section "profile names or symbols missing"
nm "$work/unnamed.mon" | grep -q ' w2c_f1$' && nm "$work/unnamed.mon" | grep -q ' w2c_f2$' && ok symbols-by-input-index ||
  bad symbols-by-input-index "no w2c_f1/w2c_f2 symbols"

# Random byte flips in the module body: an error or a build, never a crash of jmon-aot.
crashes=0
for seed in 1 2 3 4 5 6 7 8; do
  python3 "$here/flip_bytes.py" "$src" "$work/flip.wasm" "$seed"
  timeout 300 "$JMON" --probes none --analyze "$work/flip.wasm" >/dev/null 2>&1
  [ $? -ge 124 ] && crashes=$((crashes + 1))
done
[ "$crashes" -eq 0 ] && ok byte-flips || bad byte-flips "$crashes crashes or hangs"

# --source-map / --js-source: a bad map is one line with the map's name and the byte offset, found
# before anything is built (offsets counted by hand: the mappings string's quote is at 40).
printf '{"version":3,"sources":["a"],"mappings":"AAAA,A!AA"}' >"$work/bad_vlq.map"
printf '{"version":3,"sources":["a"],"mappings":"ACAA"}' >"$work/bad_src.map"
printf '{"version":2,"sources":[],"mappings":""}' >"$work/v2.map"
printf '{"version":3,"sources":[' >"$work/cut.map"
printf '{"version":3,"sections":[{"offset":{"line":0,"column":0},"url":"x.map"}]}' >"$work/url.map"
printf 'x;\n//# sourceMappingURL=data:application/json;base64,e30=\n' >"$work/inline_bad.js"
expect map-missing    1 "^jmon-aot: error: $work/nope.map: cannot read" -- --source-map "$work/nope.map" "$work/hello.wasm" -o "$work/x"
expect map-bad-vlq    1 "^jmon-aot: error: $work/bad_vlq.map: offset 0x2f: mappings: invalid base64 character 0x21$" -- --source-map "$work/bad_vlq.map" "$work/hello.wasm" -o "$work/x"
expect map-bad-source 1 "^jmon-aot: error: $work/bad_src.map: offset 0x29: mappings: source index 1 out of range" -- --source-map "$work/bad_src.map" "$work/hello.wasm" -o "$work/x"
expect map-version    1 "^jmon-aot: error: $work/v2.map: offset 0xb: version is not 3" -- --source-map "$work/v2.map" "$work/hello.wasm" -o "$work/x"
expect map-cut        1 "^jmon-aot: error: $work/cut.map: offset 0x18: JSON: " -- --source-map "$work/cut.map" "$work/hello.wasm" -o "$work/x"
expect map-url-index  1 "^jmon-aot: error: $work/url.map: offset 0x19: sections\[0\]: \"url\" sections are not supported" -- --source-map "$work/url.map" "$work/hello.wasm" -o "$work/x"
expect js-missing     1 "^jmon-aot: error: $work/nope.js: cannot read" -- --js-source "$work/nope.js" "$work/hello.wasm" -o "$work/x"
expect js-inline-bad  1 "^jmon-aot: error: $work/inline_bad.js: inline source map: offset 0x0 of the decoded map: no \"version\"" -- --js-source "$work/inline_bad.js" "$work/hello.wasm" -o "$work/x"
expect map-no-value   2 '--source-map' -- "$work/hello.wasm" -o "$work/x" --source-map

finish
