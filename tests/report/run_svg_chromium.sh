#!/usr/bin/env bash
# run_svg_chromium.sh: the flame graph as people see it. jmon-report's SVG for a real JS profile
# (and a hand-made one) is loaded in headless Chromium (Debian's `chromium`); a script in the page
# reads what the browser laid out: one <rect> per frame of the merged stack tree (+ the root),
# each rendered width equal to 1200 × its fuel / total fuel. Then it uses the viewer like a
# person: a click on a frame zooms (that frame's rendered width becomes the full 1200, its
# children scale, frames outside it disappear), "Reset Zoom" restores every width, and a search
# highlights the matching frames and shows the matched share (expected values come from the
# folded stacks, computed here in Python).
# Usage: run_svg_chromium.sh [EXTRA_PROFILE:SEARCH_REGEX ...]; SVG_DIFF="BASE NEW" also checks
# `jmon-report diff --format svg` of two profiles (widths = new fuel, red grew, blue shrank).
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

# render NAME SVG SEARCH: inline the SVG in a page whose script measures, clicks and searches;
# the measurements land in $work/NAME.dom as JSON inside <pre id="out">.
render() {
  local name="$1" svg="$2" search="$3"
  {
    echo '<!doctype html><html><body style="margin:0">'
    sed '1{/^<?xml/d}' "$svg"
    cat <<HTML
<pre id="out"></pre>
<script>
const SEARCH = $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$search");
HTML
    cat <<'HTML'
const svg = document.querySelector("svg");
const gs = [...svg.querySelectorAll("g.fr")];
const width = g => g.querySelector("rect").getBoundingClientRect().width;
const info = g => ({n: g.getAttribute("data-n"), s: +g.getAttribute("data-s"),
                    v: +g.getAttribute("data-v"), d: +g.getAttribute("data-d")});
const out = {layout: gs.map(g => [width(g), +g.querySelector("rect").getAttribute("data-fuel"),
                                   g.querySelector("rect").getAttribute("fill"), info(g),
                                   g.querySelector("text").textContent])};
// zoom: the widest frame below the root that is narrower than the whole graph
const cand = gs.filter(g => info(g).d >= 1 && info(g).v < info(gs[0]).v)
               .sort((a, b) => info(b).v - info(a).v || info(a).s - info(b).s);
if (cand.length) {
  const z = cand[0];
  z.querySelector("rect").dispatchEvent(new MouseEvent("click", {bubbles: true}));
  out.zoom = {target: info(z), after: gs.map(g => [info(g), width(g),
              getComputedStyle(g).display, g.querySelector("text").textContent])};
  svg.querySelector("#unzoom").dispatchEvent(new MouseEvent("click", {bubbles: true}));
  out.reset = gs.map(g => width(g));
}
svg.jmonFlame.search(SEARCH);
out.search = {term: SEARCH, matched: svg.querySelector("#matched").textContent,
              sum: svg.getAttribute("data-matched"),
              hits: gs.filter(g => g.classList.contains("hit")).map(g => info(g).n)};
document.getElementById("out").textContent = JSON.stringify(out);
</script></body></html>
HTML
  } > "$work/$name.html"
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile-$name" --dump-dom "file://$work/$name.html" > "$work/$name.dom" 2>/dev/null
}

# check NAME FOLDED DIFF: FOLDED is `stack weight` (or `stack base new` with DIFF=1: widths are new)
check() {
  local name="$1" folded="$2" diff="$3" search="$4"
  if python3 "$ROOT/tests/report/check_svg_dom.py" "$work/$name.dom" "$folded" "$diff" "$search"
  then ok "svg-in-chromium $name"
  else bad "svg-in-chromium $name"
  fi
}

check_one() {
  local name="$1" profile="$2" search="$3"
  "$REPORT" "$profile" --format svg -o "$work/$name.svg" || { bad "$name" "jmon-report"; return; }
  "$REPORT" "$profile" --format folded > "$work/$name.folded"
  render "$name" "$work/$name.svg" "$search"
  check "$name" "$work/$name.folded" 0 "$search"
}

check_diff() {
  local name="$1" base="$2" new="$3" search="$4"
  "$REPORT" diff "$base" "$new" --format svg -o "$work/$name.svg" || { bad "$name" "jmon-report diff"; return; }
  "$REPORT" diff "$base" "$new" --format folded > "$work/$name.folded"
  render "$name" "$work/$name.svg" "$search"
  check "$name" "$work/$name.folded" 1 "$search"
}

check_one hand tests/report/js_profile.json 'fib'
for f in "$B"/fixtures/fib.js.det1.json "$B"/fixtures/classes.js.det1.json; do
  [ -f "$f" ] && check_one "$(basename "$f" .js.det1.json)" "$f" '^[a-z]'
done
for arg in "$@"; do
  check_one "$(basename "${arg%%:*}" .json)" "${arg%%:*}" "${arg#*:}"
done
if [ -n "${SVG_DIFF:-}" ]; then
  read -r base new <<< "$SVG_DIFF"
  check_diff diff "$base" "$new" 'lineTotal'
fi
finish
