#!/usr/bin/env python3
"""check_svg_dom.py DOM FOLDED DIFF SEARCH: the SVG as Chromium rendered it: one rect per frame, widths proportional to fuel, labels, differential colours, zoom and search."""
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
