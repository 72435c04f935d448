#!/usr/bin/env bash
# run_svg_chromium.sh: the flame graph as people see it. jmon-report's SVG for a real JS profile
# (and a hand-made one) is loaded in headless Chromium (Debian's `chromium`); a script in the page
# reads what the browser laid out: one <rect> per frame of the merged stack tree (+ the root),
# each rendered width equal to 1200 × its fuel / total fuel.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 2
B="${E2E_BUILD:-build}"
REPORT="${JMON_REPORT:-$B/bin/jmon-report}"
CHROMIUM="${CHROMIUM:-chromium}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. tests/lib.sh
command -v "$CHROMIUM" >/dev/null || die "$CHROMIUM not installed (make deps)"

check_one() {
  local name="$1" profile="$2"
  "$REPORT" "$profile" --format svg -o "$work/$name.svg" || { bad "$name" "jmon-report"; return; }
  "$REPORT" "$profile" --format folded > "$work/$name.folded"
  # The page inlines the SVG and records every rect.f's rendered width and data-fuel.
  {
    echo '<!doctype html><html><body>'
    sed '1{/^<?xml/d}' "$work/$name.svg"
    cat <<'HTML'
<pre id="out"></pre>
<script>
const rs = [...document.querySelectorAll("svg rect.f")];
document.getElementById("out").textContent = JSON.stringify(
  rs.map(r => [r.getBoundingClientRect().width, +r.getAttribute("data-fuel")]));
</script></body></html>
HTML
  } > "$work/$name.html"
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile-$name" --dump-dom "file://$work/$name.html" > "$work/$name.dom" 2>/dev/null
  if python3 "$ROOT/tests/report/check_svg_dom.py" "$work/$name.dom" "$work/$name.folded"
  then ok "svg-in-chromium $name"
  else bad "svg-in-chromium $name"
  fi
}

check_one hand tests/report/js_profile.json
for f in "$B"/fixtures/fib.js.det1.json "$B"/fixtures/classes.js.det1.json; do
  [ -f "$f" ] && check_one "$(basename "$f" .js.det1.json)" "$f"
done
finish
