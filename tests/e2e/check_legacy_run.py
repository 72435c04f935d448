#!/usr/bin/env python3
"""check_legacy_run.py STATIC DYN ORACLE JS: the profiles of a legacy-plugin program (static and dynamic agree with each other and the oracle; Bellard's QuickJS named; expect-js); prints the problems joined by `; `."""
import json, os, re, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools'))
from check_profile import expect_js, invariants
why = []
try:
    s, d = (json.load(open(x)) for x in sys.argv[1:3])
except Exception as e:
    print(f"profile missing: {e}"); sys.exit()
oracle, js = sys.argv[3], sys.argv[4]
if s["total_fuel"] != d["total_fuel"]: why.append(f"static fuel {s['total_fuel']} != dynamic {d['total_fuel']}")
if oracle != str(s["total_fuel"]): why.append(f"static fuel {s['total_fuel']} != oracle {oracle}")
for k, p in (("static", s), ("dyn", d)):
    why += invariants(p, k)
    q = p["interpreter"]["quickjs"] or ""
    if "2024-02-14" not in q or "0x43" not in q: why.append(f"{k}: interpreter.quickjs is {q!r}")
    bw = [w for w in p["warnings"] if "cannot be read" in w]
    if bw: why.append(f"{k}: bytecode warning: {bw[0]}")
    why += expect_js(p, js, k, texts=False)   # Bellard's bytecode keeps no function texts
if not any(f["name"] == "app:_start" for f in d["wasm_functions"]): why.append("dyn: no app:_start")
print("; ".join(why))
