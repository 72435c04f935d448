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
pass=0 fail=0
command -v "$CHROMIUM" >/dev/null || { echo "run_svg_chromium.sh: error: $CHROMIUM not installed (make deps)" >&2; exit 2; }

check_one() {
  local name="$1" profile="$2"
  "$REPORT" "$profile" --format svg -o "$work/$name.svg" || { echo "FAIL $name: jmon-report"; fail=$((fail + 1)); return; }
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
  if python3 - "$work/$name.dom" "$work/$name.folded" <<'PY'
import html, json, re, sys
dom = open(sys.argv[1]).read()
m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
assert m, "no output from the page (did the SVG load?)"
rects = json.loads(html.unescape(m.group(1)))
nodes, total = {}, 0
for line in open(sys.argv[2]):
    stack, w = line.rstrip("\n").rsplit(" ", 1)
    total += int(w)
    parts = stack.split(";")
    for i in range(1, len(parts) + 1):
        nodes[tuple(parts[:i])] = nodes.get(tuple(parts[:i]), 0) + int(w)
assert len(rects) == len(nodes) + 1, f"{len(rects)} rects for {len(nodes) + 1} frames"
assert sorted(f for _, f in rects) == sorted([total] + list(nodes.values())), "rect fuels differ from the stacks"
for width, fuel in rects:
    assert abs(width - 1200.0 * fuel / total) < 0.05, f"rendered width {width} for {fuel} of {total}"
PY
  then echo "PASS svg-in-chromium $name"; pass=$((pass + 1))
  else echo "FAIL svg-in-chromium $name"; fail=$((fail + 1))
  fi
}

check_one hand tests/report/js_profile.json
for f in "$B"/fixtures/fib.js.det1.json "$B"/fixtures/classes.js.det1.json; do
  [ -f "$f" ] && check_one "$(basename "$f" .js.det1.json)" "$f"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
