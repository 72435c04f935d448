#!/usr/bin/env python3
"""check_pprof.py RAW PROFILE: `protoc --decode_raw` of a pprof report against its profile."""
import json, re, sys
raw = open(sys.argv[1]).read(); total = json.load(open(sys.argv[2]))["total_fuel"]
# top-level fields: "2 {" blocks are samples; inside, "2: N" is the value
samples = re.findall(r'^2 \{\n(.*?)^\}', raw, re.S | re.M)
values = [int(v) for s in samples for v in re.findall(r'^  2: (\d+)$', s, re.M)]
assert sum(values) == total, (sum(values), total)
strings = re.findall(r'^6: "(.*)"$', raw, re.M)
assert strings[1:3] == ["fuel", "count"], strings[:3]
assert re.search(r'^1 \{\n  1: 1\n  2: 2\n\}', raw, re.M), "sample_type fuel/count"
n_loc = len(re.findall(r'^4 \{', raw, re.M)); n_fn = len(re.findall(r'^5 \{', raw, re.M))
assert n_loc == n_fn > 0
