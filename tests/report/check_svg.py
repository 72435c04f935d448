#!/usr/bin/env python3
"""check_svg.py SVG FOLDED: the SVG flame graph against the folded report."""
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
nodes, total = {}, 0
for line in open(sys.argv[2]):
    stack, w = line.rstrip("\n").rsplit(" ", 1); w = int(w); total += w
    parts = stack.split(";")
    for i in range(1, len(parts) + 1):
        nodes[tuple(parts[:i])] = nodes.get(tuple(parts[:i]), 0) + w
rects = [r for g in root.iter(ns + "g") for r in g.findall(ns + "rect") if r.get("class") == "f"]
assert len(rects) == len(nodes) + 1, (len(rects), len(nodes) + 1)
want = sorted([total] + list(nodes.values()))
got = sorted(int(r.get("data-fuel")) for r in rects)
assert got == want, (got, want)
for r in rects:
    w = float(r.get("width")); f = int(r.get("data-fuel"))
    assert abs(w - 1200.0 * f / total) < 1e-3, (w, f)
frames = [g for g in root.iter(ns + "g") if g.get("class") == "fr"]
assert len(frames) == len(rects)
assert all(" fuel (" in g.find(ns + "title").text for g in frames)
# self-contained: one inline script, nothing loaded from elsewhere
scripts = root.findall(".//" + ns + "script")
assert len(scripts) == 1 and scripts[0].get("href") is None and "jmonFlame" in scripts[0].text
text = open(sys.argv[1]).read()
assert "href" not in text and "http" not in text.replace("http://www.w3.org/2000/svg", "")
