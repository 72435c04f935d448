#!/usr/bin/env python3
"""check_svg_dom.py DOM FOLDED: the SVG as Chromium rendered it (one rect per frame, widths proportional to fuel)."""
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
