#!/usr/bin/env python3
"""check_profile.py PROFILE CODE TRAP: the profile's exit matches (TRAP `null` for none, else a
substring of exit.trap; alternatives separated by `|`) and the INTERFACES.md sums hold. Prints the problems; exit 1 if any."""
import json, sys

path, code, trap = sys.argv[1], int(sys.argv[2]), sys.argv[3]
problems = []
try:
    p = json.load(open(path))
except Exception as e:  # missing or unparsable profile
    print(f"profile {path}: {e}")
    sys.exit(1)
ex = p.get("exit", {})
if ex.get("code") != code:
    problems.append(f"exit.code {ex.get('code')} != {code}")
def trap_ok(want):
    return ex.get("trap") is None if want == "null" else want in (ex.get("trap") or "")
if not any(trap_ok(w) for w in trap.split("|")):
    problems.append(f"exit.trap {ex.get('trap')!r} is not {trap!r}")
total = p.get("total_fuel")
if not isinstance(total, int):
    problems.append("no total_fuel")
else:
    def s(key, field):
        return sum(x[field] for x in p.get(key, []))
    if s("wasm_functions", "self_fuel") != total:
        problems.append(f"sum wasm self_fuel {s('wasm_functions', 'self_fuel')} != total_fuel {total}")
    if "wasm_stacks" in p and s("wasm_stacks", "fuel") != total:   # absent: not collected
        problems.append(f"sum wasm_stacks {s('wasm_stacks', 'fuel')} != total_fuel {total}")
    if p.get("probes") == "js":
        out = p.get("outside_js_fuel", 0)
        if s("js_functions", "self_fuel") + out != total:
            problems.append("sum js self_fuel + outside_js_fuel != total_fuel")
        if s("js_stacks", "fuel") + out != total:
            problems.append("sum js_stacks + outside_js_fuel != total_fuel")
for x in problems:
    print(x)
sys.exit(1 if problems else 0)
