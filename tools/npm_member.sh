# npm_member.sh: what fetch_plugin.sh and fetch_legacy_plugin.sh share (sourced; POSIX sh).

# die MESSAGE: `SCRIPT: error: MESSAGE` on stderr, exit 1.
die() { echo "${0##*/}: error: $*" >&2; exit 1; }
# sha_of FILE: its sha256, hex.
sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# npm_member: `npm pack $PKG` into $DIR/$TGZ_NAME (kept as a cache; sha256 must be $TGZ_SHA), then
# extract $WASM_MEMBER into $TMP and check its sha256 against $WASM_SHA. Uses the caller's DIR
# and TMP; needs npm.
npm_member() {
  command -v npm >/dev/null 2>&1 || die "npm is required (node 20 + npm come with the machine)"
  TGZ="$DIR/$TGZ_NAME"
  if [ ! -f "$TGZ" ] || [ "$(sha_of "$TGZ")" != "$TGZ_SHA" ]; then
    echo "${0##*/}: npm pack $PKG" >&2
    (cd "$TMP" && npm pack --silent "$PKG" >/dev/null) || die "npm pack $PKG failed"
    [ -f "$TMP/$TGZ_NAME" ] || die "npm pack did not produce $TGZ_NAME"
    mv "$TMP/$TGZ_NAME" "$TGZ"
  fi
  GOT="$(sha_of "$TGZ")"
  [ "$GOT" = "$TGZ_SHA" ] || { rm -f "$TGZ"; die "$TGZ_NAME: sha256 $GOT, want $TGZ_SHA"; }
  tar -xzf "$TGZ" -C "$TMP" "$WASM_MEMBER" || die "cannot extract $WASM_MEMBER from $TGZ_NAME"
  GOT="$(sha_of "$TMP/$WASM_MEMBER")"
  [ "$GOT" = "$WASM_SHA" ] || die "$WASM_MEMBER: sha256 $GOT, want $WASM_SHA"
}
