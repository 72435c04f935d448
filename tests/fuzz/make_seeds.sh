#!/bin/sh
# make_seeds.sh: (re)creates the seed corpora in tests/fuzz/corpus/ from our own sources only —
# wat2wasm of tests/wat/**/*.wat, traces of --probes fuel runs of a few of them plus the
# hand-made trace of tests/report/make_trace.py, and hand-built QuickJS buffers.
# Nothing here comes from the javy plugin (BUSL): no plugin modules, fixtures or .bc.
# Usage (from the repository root, after `make`): tests/fuzz/make_seeds.sh
set -eu
C=tests/fuzz/corpus
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p $C/fuzz_wasm_reader $C/fuzz_rewriter $C/fuzz_trace_decoder $C/fuzz_qjs_bytecode

for w in $(find tests/wat -name '*.wat' | sort); do
  name=seed-$(basename "$(dirname "$w")")-$(basename "$w" .wat)
  wat2wasm --enable-all "$w" -o "$T/$name.wasm" 2>/dev/null || continue
  cp "$T/$name.wasm" $C/fuzz_wasm_reader/$name
  cp "$T/$name.wasm" $C/fuzz_rewriter/$name
done

# Traces: a few fuel builds run with wasm events, then the hand-made one.
for w in factorial_5 call_chain unreachable_in_callee proc_exit_nested; do
  [ -f "$T/seed-fuel-$w.wasm" ] || continue
  build/bin/jmon-aot --probes fuel "$T/seed-fuel-$w.wasm" -o "$T/$w.mon" >/dev/null 2>&1 || continue
  (cd "$T" && JMON_TRACE=$w.trace JMON_TRACE_WASM=1 JMON_PROFILE=$w.json ./$w.mon >/dev/null 2>&1 || true)
  [ -s "$T/$w.trace" ] && cp "$T/$w.trace" $C/fuzz_trace_decoder/seed-$w
done
python3 tests/report/make_trace.py $C/fuzz_trace_decoder/seed-hand
# 'Z' + the raw event stream: fuzz_trace_decoder compresses those itself (see its comment).
for f in $C/fuzz_trace_decoder/seed-*; do
  case $f in *-raw) continue ;; esac
  { printf Z; zstd -dcq "$f" 2>/dev/null || true; } >"$f-raw"
done

# QuickJS: the layout of tests/unit/test_qjs_bytecode.c's build_simple (version 21, one atom,
# one function without debug info: get_var f; return_undef), and variants.
python3 tests/fuzz/make_qjs_seeds.py "$C/fuzz_qjs_bytecode"
# Builtin tables: base address + a memory image holding JSON's JSCFunctionListEntry array, as
# tests/unit/test_qjs_builtins.c builds it, and a truncated and a hostile variant.
mkdir -p $C/fuzz_qjs_builtins
python3 tests/fuzz/make_builtin_seeds.py "$C/fuzz_qjs_builtins"
# Source maps: hand-made maps (plain, index map, inline in JS) and text before functions.
mkdir -p $C/fuzz_source_map
python3 tests/fuzz/make_source_map_seeds.py "$C/fuzz_source_map"
echo "make_seeds: $(ls $C/fuzz_wasm_reader | wc -l) modules, $(ls $C/fuzz_trace_decoder | wc -l) traces, $(ls $C/fuzz_qjs_bytecode | wc -l) QuickJS buffers; $(du -sh $C | cut -f1) total"
