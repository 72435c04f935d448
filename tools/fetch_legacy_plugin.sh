#!/bin/sh
# fetch_legacy_plugin.sh: fetch a javy plugin of the legacy ABI (npm, checksum-verified), pre-initialise it with Wizer, print its path.
#
# Usage: tools/fetch_legacy_plugin.sh [DIR]
#   DIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/jmon-aot/plugins (as fetch_plugin.sh).
# The plugin: dist/javy_chainlink_sdk.wasm of @chainlink/cre-sdk-javy-plugin@1.1.0, built for
# javy v5.0.4 (its bin/compile-workflow.ts runs `javy build -C plugin=...` of that release) on
# javy-plugin-api 3.1.0: exports initialize_runtime, compile_src, a 4-argument invoke,
# canonical_abi_realloc and canonical_abi_free; custom section import_namespace =
# `javy_chainlink_sdk`; QuickJS is Bellard's (bytecode version 0x43). The package ships it raw
# (cargo output, with a name section), not pre-initialised: compile_src traps until
# initialize_runtime has run. javy v5.0.4's `init-plugin` runs Wizer with
# init_func(initialize_runtime), keep_init_func(true), allow_wasi, wasm_bulk_memory (read in
# bytecodealliance/javy crates/cli/src/plugin.rs at v5.0.4; it also runs wasm-opt first, only to
# re-encode overlong LEBs, which Wizer 10 does not need here): we do the same with Wizer from npm
# (@bytecodealliance/wizer@10.0.0, installed next to the plugin). The snapshot is not
# reproducible byte for byte (initialize_runtime reads WASI random bytes), so it is made once
# and cached; only the downloaded files are checksum-pinned.
# BUSL-1.1 like the 1.7.0 plugin: it lives in the cache, never in the repository.
# JMON_LEGACY_PLUGIN=path uses an already initialised copy instead.
set -eu

PKG='@chainlink/cre-sdk-javy-plugin@1.1.0'
TGZ_NAME='chainlink-cre-sdk-javy-plugin-1.1.0.tgz'
TGZ_SHA='394837c3d99ab203732421711f422371b2c97ba83d0b03a56af8c9b7d95da694'
WASM_MEMBER='package/dist/javy_chainlink_sdk.wasm'
WASM_SHA='dc0082f04a039861602eadd2482c25b72658131de9ec0cab7aa79fe61f0cfd37'
OUT_NAME='javy-chainlink-sdk-1.1.0.wizer.plugin.wasm'
WIZER_PKG='@bytecodealliance/wizer@10.0.0'

. "$(dirname "$0")/npm_member.sh"   # die, sha_of, npm_member

if [ -n "${JMON_LEGACY_PLUGIN:-}" ]; then
  [ -f "$JMON_LEGACY_PLUGIN" ] || die "JMON_LEGACY_PLUGIN=$JMON_LEGACY_PLUGIN does not exist"
  echo "$JMON_LEGACY_PLUGIN"; exit 0
fi

DIR="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/jmon-aot/plugins}"
mkdir -p "$DIR" || die "cannot create $DIR"
DIR="$(cd "$DIR" && pwd)"
OUT="$DIR/$OUT_NAME"
# Fast path: made before from the pinned raw plugin (its sha256 recorded beside it).
if [ -f "$OUT" ] && [ "$(cat "$OUT.source-sha256" 2>/dev/null)" = "$WASM_SHA" ]; then
  echo "$OUT"; exit 0
fi

TMP="$(mktemp -d "$DIR/.fetch.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT INT TERM
npm_member

WIZER_DIR="$DIR/wizer-10.0.0"
WIZER="$WIZER_DIR/node_modules/.bin/wizer"
if [ ! -x "$WIZER" ]; then
  echo "fetch_legacy_plugin.sh: npm i -E $WIZER_PKG" >&2
  mkdir -p "$WIZER_DIR"
  npm i -E --silent --no-audit --no-fund --prefix "$WIZER_DIR" "$WIZER_PKG" >/dev/null 2>&1 || die "npm i $WIZER_PKG failed"
  [ -x "$WIZER" ] || die "$WIZER_PKG installed no wizer binary"
fi
"$WIZER" --allow-wasi --init-func initialize_runtime --keep-init-func true --wasm-bulk-memory true \
  "$TMP/$WASM_MEMBER" -o "$TMP/out.wasm" >"$TMP/wizer.log" 2>&1 ||
  die "wizer failed: $(tail -n 3 "$TMP/wizer.log")"
mv "$TMP/out.wasm" "$OUT.tmp.$$" && mv "$OUT.tmp.$$" "$OUT"
echo "$WASM_SHA" > "$OUT.source-sha256"
echo "$OUT"
