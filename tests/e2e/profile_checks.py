"""profile_checks.py: the checks every end-to-end suite applies to a profile (INTERFACES.md).

invariants(p, label)       the sums INTERFACES.md promises (wasm, and JS when probes == "js");
                           wasm_stacks only when the profile has them
expect_js(p, js_src, label) the `// expect-js: NAME [calls=EXPR] [resumes=EXPR] [resumed] [parent=NAME]`
                            markers of the test source: a JS function of that name at that line, with
                            those counts, called from that function or builtin in js_stacks; and the
                            `// expect-builtin: NAME calls=EXPR` markers: a builtin frame of that name
                            (alone or among aliases "A / B") with that many calls (the expected values
                            come from the source, never from jmon)
Each returns a list of failure descriptions, prefixed with `label: ` when a label is given.
Used by run_e2e.sh and run_legacy_tests.sh (PYTHONPATH=tests/e2e).
"""
import re


def _prefixed(label, why):
    return [f"{label}: {w}" for w in why] if label else why


def invariants(p, label=""):
    why = []
    t = p["total_fuel"]
    if sum(f["self_fuel"] for f in p["wasm_functions"]) != t:
        why.append("sum of wasm self_fuel != total_fuel")
    # wasm_stacks is absent (not empty) when not collected (--probes js without --wasm-stacks).
    if "wasm_stacks" in p and sum(s["fuel"] for s in p["wasm_stacks"]) != t:
        why.append("sum of wasm_stacks != total_fuel")
    if any(f["total_fuel"] > t or f["total_fuel"] < f["self_fuel"] for f in p["wasm_functions"]):
        why.append("inclusive fuel out of range")
    if p["probes"] == "js":
        out = p["outside_js_fuel"]
        if sum(f["self_fuel"] for f in p["js_functions"]) + out != t:
            why.append("sum of js self_fuel + outside != total_fuel")
        if sum(s["fuel"] for s in p["js_stacks"]) + out != t:
            why.append("sum of js_stacks + outside != total_fuel")
        if any(f["total_fuel"] > t or f["total_fuel"] < f["self_fuel"] for f in p["js_functions"]):
            why.append("JS inclusive fuel out of range")
        builtin = sum(f["self_fuel"] for f in p["js_functions"] if f.get("kind") == "builtin")
        if sum(o["fuel"] for o in p["js_opcodes"]) + builtin + out != t:
            why.append("sum of js_opcodes fuel + builtin self_fuel + outside != total_fuel")
        if any("shadow stack" in w for w in p["warnings"]):
            why.append(str(p["warnings"]))
    return _prefixed(label, why)


def expect_js(p, js_src, label=""):
    why = []
    for lineno, text in enumerate(open(js_src).read().split("\n"), 1):
        m = re.search(r"// expect-js: (<anonymous>|get \w+|set \w+|\w+)(.*)$", text)
        if not m:
            continue
        fname, rest = m.group(1), m.group(2)
        hits = [f for f in p["js_functions"] if f["name"] == fname and f["line"] == lineno]
        if not hits:
            near = [(f["name"], f["line"]) for f in p["js_functions"] if f["line"] == lineno]
            why.append(f"no JS function {fname!r} at line {lineno} (at that line: {near})")
            continue
        for key, expr in re.findall(r"(calls|resumes)=([0-9n+*()-]+)", rest):
            want = _eval(expr, js_src)
            got = sum(h[key] for h in hits)
            if got != want:
                why.append(f"{fname} line {lineno}: {key} {got}, want {want} ({expr})")
        if re.search(r"\bresumed\b", rest) and not any(h["resumes"] > 0 for h in hits):
            why.append(f"{fname} line {lineno}: never resumed")
        pm = re.search(r"\bparent=(\S+)", rest)
        if pm:
            names = {f["id"]: f["name"] for f in p["js_functions"]}
            ids = {h["id"] for h in hits}
            if not any(len(s["frames"]) >= 2 and s["frames"][-1] in ids and
                       pm.group(1) in names[s["frames"][-2]].split(" / ") for s in p["js_stacks"]):
                why.append(f"{fname} line {lineno}: never called from {pm.group(1)} in js_stacks")
    for lineno, text in enumerate(open(js_src).read().split("\n"), 1):
        m = re.search(r"// expect-builtin: (.+?) calls=([0-9n+*()-]+)\s*$", text)
        if not m:
            continue
        bname, expr = m.group(1), m.group(2)
        hits = [f for f in p["js_functions"] if f.get("kind") == "builtin" and bname in f["name"].split(" / ")]
        if not hits:
            why.append(f"no builtin {bname!r} (builtins: {[f['name'] for f in p['js_functions'] if f.get('kind') == 'builtin']})")
            continue
        want = _eval(expr, js_src)
        got = sum(h["calls"] for h in hits)
        if got != want:
            why.append(f"builtin {bname}: calls {got}, want {want} ({expr})")
    return _prefixed(label, why)


def _eval(expr, js_src):
    """A marker's count; `n` is the program's first argument (NAME.args, else its default in
    `[1] || N)`), as the programs that use it read it."""
    if "n" not in expr:
        return eval(expr, {"__builtins__": {}})
    import os
    n = None
    args = js_src[:-3] + ".args"
    if os.path.exists(args):
        first = open(args).read().split("\n")[0].strip()
        if first:
            n = int(first)
    if n is None:
        m = re.search(r"\[1\] \|\| (\d+)\)", open(js_src).read())
        n = int(m.group(1)) if m else 0
    return eval(expr, {"__builtins__": {}}, {"n": n})
