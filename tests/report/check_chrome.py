#!/usr/bin/env python3
"""check_chrome.py TRACE_JSON: the chrome trace-event report of the hand-made trace."""
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
b = [e for e in ev if e["ph"] == "B"]; e_ = [e for e in ev if e["ph"] == "E"]
assert len(b) == len(e_) == 5, (len(b), len(e_))
assert [x["name"] for x in b] == ["main", "fib", "f338", "<anonymous>", "fib"], [x["name"] for x in b]
assert all(isinstance(x["ts"], int) for x in b + e_)
depth = {}
for x in ev:
    if x["ph"] in "BE":
        depth[x["tid"]] = depth.get(x["tid"], 0) + (1 if x["ph"] == "B" else -1)
        assert depth[x["tid"]] >= 0
assert all(v == 0 for v in depth.values())
