#!/usr/bin/env python3
"""check_merge.py MERGED: `jmon-report merge` of the hand-made profiles sums by identity."""
import json, sys
m = json.load(open(sys.argv[1]))
assert m["merged_profiles"] == 2 and m["total_fuel"] == 150 and m["outside_js_fuel"] == 15
assert m["exit"] == {"code": 134, "trap": "all fuel consumed by WebAssembly"}
assert m["warnings"] == ["w1", "w2"] and m["schema"] == 1
assert {f["index"]: (f["calls"], f["self_fuel"]) for f in m["wasm_functions"]} == {5: (2, 145), 9: (3, 5)}
fs = {f["name"]: f for f in m["js_functions"]}
assert (fs["main"]["calls"], fs["main"]["self_fuel"], fs["main"]["total_fuel"]) == (2, 90, 135)
assert (fs["helper"]["calls"], fs["helper"]["self_fuel"], fs["helper"]["total_fuel"]) == (3, 45, 45)
assert fs["main"]["gen_line"] == 3 and fs["main"]["kind"] == "js" and fs["helper"]["inferred"] is True
assert fs["main"]["addr"] == 64
assert {o["name"]: (o["count"], o["fuel"]) for o in fs["main"]["opcodes"]} == {"add": (2, 20), "call": (2, 70)}
assert {o["name"]: (o["count"], o["fuel"]) for o in fs["helper"]["opcodes"]} == {"add": (4, 40), "get": (1, 5)}
assert sorted(f["id"] for f in m["js_functions"]) == [0, 1, 2]
name = {f["id"]: f["name"] for f in m["js_functions"]}
assert fs["JSON.parse"]["calls"] == 3 and fs["JSON.parse"]["wasm_func"] == 729
assert {tuple(name[i] for i in s["frames"]): s["fuel"] for s in m["js_stacks"]} == {("main",): 90, ("main", "helper"): 45}
assert {(l["file"], l["line"]): l["fuel"] for l in m["js_lines"]} == {("a.js", 1): 90, ("b.js", 4): 45}
assert {o["opcode"]: (o["count"], o["fuel"]) for o in m["js_opcodes"]} == {1: (6, 60), 2: (2, 70), 3: (1, 5)}
bid = fs["JSON.parse"]["id"]
assert m["js_builtins"] == [{"id": bid, "name": "JSON.parse", "func": 729, "calls": 3, "self_fuel": 16, "total_fuel": 16}], (m["js_builtins"], bid)
assert [k for k in m if k != "merged_profiles"][:3] == ["schema", "module", "module_sha256"], list(m)[:4]
assert {f["file"]: f["fuel"] for f in m["js_files"]} == {"a.js": 90, "b.js": 45}
assert {p["package"]: p["fuel"] for p in m["js_packages"]} == {"app": 90, "lodash": 45}
