#!/usr/bin/env python3
# tests/runner/check_folded_pairs.py: the folded pairs of `jmon-report diff --format folded` sum to both profiles' totals.
import json, sys
b = n = 0
for line in open(sys.argv[1]):
    parts = line.split()
    b += int(parts[-2]); n += int(parts[-1])
assert (b, n) == tuple(json.load(open(p))["total_fuel"] for p in sys.argv[2:]), (b, n)
