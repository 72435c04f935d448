#!/usr/bin/env python3
# tests/runner/check_merged.py: the merged profile of jmon-run against sums computed here from
# the per-input profiles, by identity; the worst input and the percentiles of the summary from
# the per-input totals.
import json, glob, os, sys
runs, summary = sys.argv[1], open(sys.argv[2]).read()
per = {os.path.basename(p)[:-5]: json.load(open(p)) for p in glob.glob(runs + "/*.json.json")}
m = json.load(open(runs + "/merged.json"))
assert len(per) == 120 and m["merged_profiles"] == 120
def add(d, k, v): d[k] = d.get(k, 0) + v
# sums computed from the per-input files, by identity
tot = sum(p["total_fuel"] for p in per.values())
assert m["total_fuel"] == tot, (m["total_fuel"], tot)
assert m["outside_js_fuel"] == sum(p["outside_js_fuel"] for p in per.values())
fn, ln, op, wf, ws, js = {}, {}, {}, {}, {}, {}
for p in per.values():
    ids = {f["id"]: (f["name"], f["file"], f["line"], f["col"]) for f in p["js_functions"]}
    for f in p["js_functions"]:
        k = ids[f["id"]]
        for field in ("calls", "self_fuel", "total_fuel"): add(fn, (k, field), f[field])
        for o in f["opcodes"]: add(fn, (k, "op", o["name"]), o["fuel"])
    for l in p["js_lines"]: add(ln, (l["file"], l["line"]), l["fuel"])
    for o in p["js_opcodes"]: add(op, o["name"], o["fuel"]); add(op, (o["name"], "count"), o["count"])
    for f in p["wasm_functions"]: add(wf, f["index"], f["self_fuel"]); add(wf, (f["index"], "calls"), f["calls"])
    for s in p.get("wasm_stacks", []): add(ws, tuple(s["frames"]), s["fuel"])
    for s in p["js_stacks"]: add(js, tuple(ids[i] for i in s["frames"]), s["fuel"])
mids = {f["id"]: (f["name"], f["file"], f["line"], f["col"]) for f in m["js_functions"]}
assert len(mids) == len(m["js_functions"]), "merged JS ids not unique"
got = {}
for f in m["js_functions"]:
    k = mids[f["id"]]
    for field in ("calls", "self_fuel", "total_fuel"): add(got, (k, field), f[field])
    for o in f["opcodes"]: add(got, (k, "op", o["name"]), o["fuel"])
assert got == fn, "js_functions sums differ"
assert {(l["file"], l["line"]): l["fuel"] for l in m["js_lines"]} == ln, "js_lines"
g = {}
for o in m["js_opcodes"]: g[o["name"]] = o["fuel"]; g[(o["name"], "count")] = o["count"]
assert g == op, "js_opcodes"
g = {}
for f in m["wasm_functions"]: g[f["index"]] = f["self_fuel"]; g[(f["index"], "calls")] = f["calls"]
assert g == wf, "wasm_functions"
if ws: assert {tuple(s["frames"]): s["fuel"] for s in m["wasm_stacks"]} == ws, "wasm_stacks"
assert {tuple(mids[i] for i in s["frames"]): s["fuel"] for s in m["js_stacks"]} == js, "js_stacks (ids remapped)"
# the profile invariants of INTERFACES.md hold for the merged profile
T = m["total_fuel"]
assert sum(f["self_fuel"] for f in m["wasm_functions"]) == T
assert sum(f["self_fuel"] for f in m["js_functions"]) + m["outside_js_fuel"] == T
assert sum(s["fuel"] for s in m["js_stacks"]) + m["outside_js_fuel"] == T
# worst input and percentiles (nearest rank) from the per-input totals
fuel = sorted((p["total_fuel"], n) for n, p in per.items())
assert fuel[-1][1] == "cart_worst.json", ("construction broken: worst is", fuel[-1])
worst = [l.split() for l in summary.splitlines() if l.startswith("  ")]
assert worst[0][1] == "cart_worst.json" and int(worst[0][0]) == fuel[-1][0], worst[0]
v = [f for f, _ in fuel]
import math
pct = lambda q: v[max(math.ceil(len(v) * q / 100) - 1, 0)]
want = f"fuel: min {v[0]}  p50 {pct(50)}  p95 {pct(95)}  max {v[-1]}"
assert want in summary, (want, summary)
open(sys.argv[1] + "/../max_fuel", "w").write(str(v[-1]))
