#!/bin/sh
# fetch_npm_fixtures.sh: esbuild and the npm libraries the source-map fixtures bundle (pinned, sha256-checked).
#
# Usage: tests/tools/fetch_npm_fixtures.sh PROJECT_DIR
#   Puts node_modules/<pkg> for every package below into PROJECT_DIR (extracted from tarballs that
#   `npm pack` fetches once into ${XDG_CACHE_HOME:-$HOME/.cache}/jmon-aot/npm) and prints the path
#   of the esbuild binary (@esbuild/linux-x64, the same binary the `esbuild` package runs).
# Nothing fetched here is ever committed; the versions are pinned for everyone (COORD: esbuild 0.28.2).
set -eu

die() { echo "fetch_npm_fixtures.sh: error: $*" >&2; exit 1; }
sha_of() { sha256sum "$1" | cut -d' ' -f1; }

[ $# -eq 1 ] || die "usage: fetch_npm_fixtures.sh PROJECT_DIR"
PROJ="$1"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/jmon-aot/npm"
mkdir -p "$CACHE" "$PROJ/node_modules" || die "cannot create directories"
command -v npm >/dev/null 2>&1 || die "npm is required (node 20 + npm come with the machine)"

# spec | tarball | sha256 | directory under node_modules
PKGS='@esbuild/linux-x64@0.28.2|esbuild-linux-x64-0.28.2.tgz|9573bb2233aab0f9ea7647d5cca9726113cc1768de61d66b17267f4db84488f6|@esbuild/linux-x64
acorn@8.14.0|acorn-8.14.0.tgz|04c1f5545e4e9140e288bb56b4cbbc4ffd730213e6331330e2bcefc649462104|acorn
lodash-es@4.17.21|lodash-es-4.17.21.tgz|777598ac703f02b403ef678cd11bce2150ad788f35c774ea7c9cc241a892cb7b|lodash-es'

echo "$PKGS" | while IFS='|' read -r spec tgz sha dir; do
  if [ ! -f "$CACHE/$tgz" ] || [ "$(sha_of "$CACHE/$tgz")" != "$sha" ]; then
    tmp="$(mktemp -d "$CACHE/.fetch.XXXXXX")"
    echo "fetch_npm_fixtures.sh: npm pack $spec" >&2
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null) || { rm -rf "$tmp"; die "npm pack $spec failed"; }
    [ -f "$tmp/$tgz" ] || { rm -rf "$tmp"; die "npm pack did not produce $tgz"; }
    mv "$tmp/$tgz" "$CACHE/$tgz.$$" && mv "$CACHE/$tgz.$$" "$CACHE/$tgz"
    rm -rf "$tmp"
  fi
  got="$(sha_of "$CACHE/$tgz")"
  [ "$got" = "$sha" ] || { rm -f "$CACHE/$tgz"; die "$tgz: sha256 $got, want $sha"; }
  if [ ! -f "$PROJ/node_modules/$dir/package.json" ]; then
    mkdir -p "$PROJ/node_modules/$dir"
    tar -xzf "$CACHE/$tgz" -C "$PROJ/node_modules/$dir" --strip-components=1 || die "cannot extract $tgz"
  fi
done
BIN="$PROJ/node_modules/@esbuild/linux-x64/bin/esbuild"
[ -x "$BIN" ] || die "$BIN missing"
echo "$BIN"
