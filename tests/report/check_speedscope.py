#!/usr/bin/env python3
"""check_speedscope.py SPEEDSCOPE PROFILE: the speedscope report against its profile."""
import json, sys
d = json.load(open(sys.argv[1])); total = json.load(open(sys.argv[2]))["total_fuel"]
frames = d["shared"]["frames"]; prof = d["profiles"][0]
assert prof["type"] == "sampled" and prof["unit"] == "none"
assert sum(prof["weights"]) == total and prof["endValue"] == total
assert len(prof["samples"]) == len(prof["weights"])
assert all(0 <= i < len(frames) for s in prof["samples"] for i in s)
assert all("name" in f for f in frames)
