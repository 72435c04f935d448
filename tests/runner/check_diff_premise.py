#!/usr/bin/env python3
# tests/runner/check_diff_premise.py: the premise of the diff test: the two builds differ in ids and lines (matching is by name and file).
import json, sys
a, b = [json.load(open(p)) for p in sys.argv[1:]]
la = {f["name"]: (f["id"], f["line"]) for f in a["js_functions"]}
lb = {f["name"]: (f["id"], f["line"]) for f in b["js_functions"]}
assert la["lineTotal"][1] != lb["lineTotal"][1] and a["module_sha256"] != b["module_sha256"]
