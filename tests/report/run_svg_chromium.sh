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
pass=0 fail=0
command -v "$CHROMIUM" >/dev/null || { echo "run_svg_chromium.sh: error: $CHROMIUM not installed (make deps)" >&2; exit 2; }

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
  if python3 - "$work/$name.dom" "$folded" "$diff" "$search" <<'PY'
import html, json, re, sys
dom = open(sys.argv[1]).read()
m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
assert m, "no output from the page (did the SVG load?)"
out = json.loads(html.unescape(m.group(1)))
diff = sys.argv[3] == "1"
search = sys.argv[4]
nodes, base, total = {}, {}, 0
for line in open(sys.argv[2]):
    parts = line.rstrip("\n").split(" ")
    if diff:
        stack, b, w = " ".join(parts[:-2]), int(parts[-2]), int(parts[-1])
    else:
        stack, b, w = " ".join(parts[:-1]), 0, int(parts[-1])
    total += w
    frames = stack.split(";")
    for i in range(1, len(frames) + 1):
        k = tuple(frames[:i])
        nodes[k] = nodes.get(k, 0) + w
        base[k] = base.get(k, 0) + b
shown = {k: v for k, v in nodes.items() if v > 0}
rects = out["layout"]
assert len(rects) == len(shown) + 1, f"{len(rects)} rects for {len(shown) + 1} frames"
assert sorted(f for _, f, _, _, _ in rects) == sorted([total] + list(shown.values())), "rect fuels differ from the stacks"
for width, fuel, fill, info, text in rects:
    assert abs(width - 1200.0 * fuel / total) < 0.05, f"rendered width {width} for {fuel} of {total}"
    # a readable label wherever 3 characters fit (7 px each, 6 px padding)
    if width - 6 >= 21 * 1.0 + 0.5:
        assert text, f"no label on a {width:.1f} px frame {info['n']}"
if diff:
    # Gregg's colours by the change of each frame's self fuel (the folded pair of exactly that
    # stack): grown red, shrunk blue, unchanged white; the frame whose self fuel changed most is
    # the deepest colour
    selfv, selfb = {}, {}
    for line in open(sys.argv[2]):
        parts = line.rstrip("\n").split(" ")
        k = tuple(" ".join(parts[:-2]).split(";"))
        selfb[k], selfv[k] = int(parts[-2]), int(parts[-1])
    sd = {k: selfv.get(k, 0) - selfb.get(k, 0) for k in nodes}
    by_name = {}
    for width, fuel, fill, info, text in rects[1:]:
        by_name.setdefault(info["n"], []).append([int(x) for x in re.findall(r"\d+", fill)])
    maxd = max(abs(d) for d in sd.values())
    for k, v in shown.items():
        if len(by_name[k[-1]]) != 1:
            continue  # the same name at several places: colours differ per node
        rgb = by_name[k[-1]][0]
        if sd[k] > 0: assert rgb[0] == 255 and rgb[1] == rgb[2], (k, rgb)
        if sd[k] < 0: assert rgb[2] == 255 and rgb[0] == rgb[1], (k, rgb)
        if sd[k] == 0: assert rgb == [250, 250, 250], (k, rgb)
        if abs(sd[k]) == maxd: assert min(rgb) == 45, ("most changed frame not saturated", k, rgb)
# zoom: the clicked frame spans the full width, its descendants scale, the rest is hidden
if "zoom" in out:
    z = out["zoom"]["target"]
    for info, width, display, text in out["zoom"]["after"]:
        inside = info["d"] >= z["d"] and info["s"] >= z["s"] and info["s"] + info["v"] <= z["s"] + z["v"]
        above = info["d"] < z["d"] and info["s"] <= z["s"] and info["s"] + info["v"] >= z["s"] + z["v"]
        if info == z:
            assert abs(width - 1200.0) < 0.05, f"clicked frame {z['n']} is {width} px wide, not 1200"
        elif inside:
            assert abs(width - 1200.0 * info["v"] / z["v"]) < 0.05, ("child", info, width)
        elif above:
            assert abs(width - 1200.0) < 0.05, ("ancestor", info, width)
        else:
            assert display == "none" and width == 0, ("outside frame still shown", info, width)
    assert all(abs(a - r[0]) < 0.05 for a, r in zip(out["reset"], rects)), "Reset Zoom did not restore"
# search: every frame whose name matches is highlighted; matched share = stacks with a match
rx = re.compile(search)
want_hits = sorted(k[-1] for k in shown if rx.search(k[-1]))
assert sorted(out["search"]["hits"]) == want_hits, (out["search"]["hits"], want_hits)
assert want_hits, f"the search {search!r} matched nothing: pick another term"
matched = sum(v for k, v in shown.items() if rx.search(k[-1]) and not any(rx.search(p) for p in k[:-1]))
assert int(out["search"]["sum"]) == matched, (out["search"]["sum"], matched)
assert out["search"]["matched"] == "Matched: %.2f%%" % (100.0 * matched / total), out["search"]["matched"]
PY
  then echo "PASS svg-in-chromium $name"; pass=$((pass + 1))
  else echo "FAIL svg-in-chromium $name"; fail=$((fail + 1))
  fi
}

check_one() {
  local name="$1" profile="$2" search="$3"
  "$REPORT" "$profile" --format svg -o "$work/$name.svg" || { echo "FAIL $name: jmon-report"; fail=$((fail + 1)); return; }
  "$REPORT" "$profile" --format folded > "$work/$name.folded"
  render "$name" "$work/$name.svg" "$search"
  check "$name" "$work/$name.folded" 0 "$search"
}

check_diff() {
  local name="$1" base="$2" new="$3" search="$4"
  "$REPORT" diff "$base" "$new" --format svg -o "$work/$name.svg" || { echo "FAIL $name: jmon-report diff"; fail=$((fail + 1)); return; }
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
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
