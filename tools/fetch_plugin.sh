#!/bin/sh
# fetch_plugin.sh: fetch the real javy plugin the tests run on (npm, checksum-verified) and print its path.
#
# Usage: tools/fetch_plugin.sh [DIR]
#   DIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/jmon-aot/plugins.
# Fetches @chainlink/cre-sdk-javy-plugin@1.7.0 with `npm pack`, verifies the tarball and the
# extracted dist/javy-chainlink-sdk.plugin.wasm against pinned sha256 sums, and prints the
# absolute path of the wasm on stdout. Quick and silent when the verified wasm is already cached.
# The plugin is BUSL-1.1 licensed: it lives in the cache, never in the repository.
# JMON_PLUGIN=path overrides everything (the file is still checksum-verified).
set -eu

PKG='@chainlink/cre-sdk-javy-plugin@1.7.0'
TGZ_NAME='chainlink-cre-sdk-javy-plugin-1.7.0.tgz'
TGZ_SHA='9d8bf080f5c6c0cf24c408df97b1bb7d826ae67bde7c58c38d19ec10a6931dff'
WASM_MEMBER='package/dist/javy-chainlink-sdk.plugin.wasm'
WASM_NAME='javy-chainlink-sdk-1.7.0.plugin.wasm'
WASM_SHA='925d6f5bbddabc6898087fcc12ebc209a9b97a2130e49acf4ef0fc23ae813c66'

. "$(dirname "$0")/npm_member.sh"   # die, sha_of, npm_member

if [ -n "${JMON_PLUGIN:-}" ]; then
  [ -f "$JMON_PLUGIN" ] || die "JMON_PLUGIN=$JMON_PLUGIN does not exist"
  [ "$(sha_of "$JMON_PLUGIN")" = "$WASM_SHA" ] || die "$JMON_PLUGIN: sha256 mismatch (want $WASM_SHA)"
  echo "$JMON_PLUGIN"; exit 0
fi

DIR="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/jmon-aot/plugins}"
mkdir -p "$DIR" || die "cannot create $DIR"
DIR="$(cd "$DIR" && pwd)"
WASM="$DIR/$WASM_NAME"

# Fast path: already fetched and intact.
if [ -f "$WASM" ] && [ "$(sha_of "$WASM")" = "$WASM_SHA" ]; then
  echo "$WASM"; exit 0
fi

TMP="$(mktemp -d "$DIR/.fetch.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT INT TERM
npm_member
# Rename within one directory so a concurrent reader never sees a partial file.
mv "$TMP/$WASM_MEMBER" "$WASM.tmp.$$" && mv "$WASM.tmp.$$" "$WASM"
echo "$WASM"
