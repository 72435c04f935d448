#!/usr/bin/env python3
"""check_e2e_run.py: the profile checks of one run_e2e.sh program (runs, determinism, oracle, static vs dynamic, expect-js, trace); prints the problems joined by `; `."""
import json, os, re, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools'))
from check_profile import expect_js, invariants
p0, p1, p2, oracle, fuel_det, js_src, ntrap, tr, tp, static_det = sys.argv[1:11]
why = []
try:
    a, b, c = (json.load(open(x)) for x in (p0, p1, p2))
except Exception as e:
    print(f"profile missing or invalid: {e}"); sys.exit()
for name, p in (("run", a), ("det1", b)):
    why += invariants(p, name)
if b["total_fuel"] != c["total_fuel"]: why.append(f"JMON_DETERMINISTIC runs differ: {b['total_fuel']} vs {c['total_fuel']}")
# A dynamic module runs the static module's _start on the same plugin: the same fuel, and its
# app functions are named app:<export>.
if static_det != "none":
    if not os.path.exists(static_det): why.append(f"no static profile {static_det} to compare with (run the static suite first)")
    elif json.load(open(static_det))["total_fuel"] != b["total_fuel"]:
        why.append(f"dynamic total_fuel {b['total_fuel']} != static module's {json.load(open(static_det))['total_fuel']}")
    if not any(f["name"] == "app:_start" and f["calls"] == 1 for f in b["wasm_functions"]): why.append("no app:_start called once in wasm_functions")
o = dict(kv.split("=") for kv in oracle.split()) if oracle != "none" else {}
if "fuel" in o and str(b["total_fuel"]) != o["fuel"]: why.append(f"total_fuel {b['total_fuel']} != oracle {o['fuel']}")
if b["probes"] == "js":
    if "count" in o and str(sum(x["count"] for x in b["js_opcodes"])) != o["count"]:
        why.append(f"sum of opcode counts {sum(x['count'] for x in b['js_opcodes'])} != executions of the opcode load {o['count']}")
    if os.path.exists(fuel_det) and json.load(open(fuel_det))["total_fuel"] != b["total_fuel"]:
        why.append(f"js total_fuel {b['total_fuel']} != fuel-level total {json.load(open(fuel_det))['total_fuel']}")
    # Without wasm_stacks the js build counts per function directly; the fuel build derives the
    # same figures from its calling-context tree: calls, self and inclusive fuel must be equal.
    if "wasm_stacks" not in b and os.path.exists(fuel_det):
        fd = json.load(open(fuel_det))
        if "wasm_stacks" not in fd: why.append("the fuel-level profile has no wasm_stacks")
        elif fd["wasm_functions"] != b["wasm_functions"]:
            diff = [(x, y) for x, y in zip(fd["wasm_functions"], b["wasm_functions"]) if x != y][:1]
            why.append(f"js wasm_functions differ from the fuel build's tree: {diff or 'different functions'}")
    why += expect_js(b, js_src)
if b["probes"] == "js" and os.path.exists(tr + ".txt"):
    tprof = json.load(open(tp))
    counts = {}
    for line in open(tr + ".txt"):
        f = line.split()
        if len(f) >= 3 and f[1] in ("js_enter", "js_resume"):
            counts[(int(f[2]), f[1])] = counts.get((int(f[2]), f[1]), 0) + 1
    for fn in tprof["js_functions"]:
        if counts.get((fn["id"], "js_enter"), 0) != fn["calls"] or counts.get((fn["id"], "js_resume"), 0) != fn["resumes"]:
            why.append(f"trace: {fn['name']} has {counts.get((fn['id'], 'js_enter'), 0)} enters/{counts.get((fn['id'], 'js_resume'), 0)} resumes, profile {fn['calls']}/{fn['resumes']}"); break
    if not any(l.startswith("#") for l in open(tr + ".txt")): why.append("trace decode has no summary line")
    cut = open(tr + ".cut.txt").read()
    if "truncated" not in cut: why.append("a cut trace is not reported as truncated")
print("; ".join(why))
