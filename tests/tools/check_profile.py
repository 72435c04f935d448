#!/usr/bin/env python3
"""check_profile.py: the one profile checker every suite uses (docs/profile.md's invariants).

Command line:
  check_profile.py PROFILE [--exit CODE] [--trap WANT] [--fuel N] [--fuel-model M] [--js-source FILE.js]
                           [--js-calls N] [--names-by-address] [--wasm-stacks yes|no]
                           [--same-functions OTHER] [--label L]
  check_profile.py PROFILE --get FIELD [--get FIELD ...]
Always checks the invariants; the options add expectations:
  --exit CODE          exit.code is CODE
  --trap WANT          exit.trap is WANT exactly (`null`: no trap); alternatives separated by `|`
  --fuel N             total_fuel is N
  --fuel-model M       fuel_model is M (wasmtime39, wasmtime46)
  --js-source FILE.js  the source's markers: `// expect-js: NAME [calls=EXPR] [resumes=EXPR]
                       [resumed] [parent=NAME]` (a JS function of that name at that line, with those
                       counts, called from that function or builtin in js_stacks) and
                       `// expect-builtin: NAME calls=EXPR` (a builtin frame, alone or among
                       aliases "A / B", with that many calls); `n` in EXPR is the program's first
                       argument. Expected values come from the source, never from jmon.
  --js-calls N         some JS function has exactly N calls
  --wasm-stacks yes|no  wasm_stacks is present (collected) or absent
  --same-functions OTHER  total_fuel, exit and wasm_functions (calls, self and inclusive fuel) equal
                       OTHER profile's: a build without wasm stacks (per-function counters) against
                       one with them (the same figures summed from the calling-context tree)
  --names-by-address   the bytecode was unreadable: a warning says so, every JS function is named
                       by its address (`0x...`), none has a file or line
  --get FIELD          print a field (dotted path, e.g. interpreter.pc_load_offset) and check nothing
Prints one problem a line (`LABEL: ` in front with --label); exit 0 when none, 1 otherwise
(an unreadable profile is a problem).

As a module (sys.path += tests/tools): load(path), invariants(p[, label]), expect_js(p, src[,
label]), names_by_address(p), same_functions(p, other); each check returns a list of problem strings.
"""
import argparse
import json
import re
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def _sum(items, field):
    return sum(x[field] for x in items)


def _prefixed(label, why):
    return [f"{label}: {w}" for w in why] if label else why


def invariants(p, label=""):
    """The sums and ranges docs/profile.md promises (wasm, and JS when probes == "js")."""
    return _prefixed(label, _invariants(p))


def _invariants(p):
    why = []
    t = p.get("total_fuel")
    if not isinstance(t, int):
        return ["no total_fuel"]
    wf = p.get("wasm_functions", [])
    if _sum(wf, "self_fuel") != t:
        why.append(f"sum of wasm self_fuel {_sum(wf, 'self_fuel')} != total_fuel {t}")
    if "wasm_stacks" in p and _sum(p["wasm_stacks"], "fuel") != t:
        why.append(f"sum of wasm_stacks {_sum(p['wasm_stacks'], 'fuel')} != total_fuel {t}")
    for f in wf:
        if f["total_fuel"] > t or f["total_fuel"] < f["self_fuel"]:
            why.append(f"wasm {f['name']}: inclusive fuel {f['total_fuel']} out of range")
            break
    if p.get("probes") == "js":
        out = p["outside_js_fuel"]
        jf = p["js_functions"]
        if _sum(jf, "self_fuel") + out != t:
            why.append("sum of js self_fuel + outside_js_fuel != total_fuel")
        if _sum(p["js_stacks"], "fuel") + out != t:
            why.append("sum of js_stacks + outside_js_fuel != total_fuel")
        # builtin frames (kind "builtin") have fuel of their own, outside any opcode
        builtin = sum(f["self_fuel"] for f in jf if f.get("kind") == "builtin")
        if _sum(p["js_opcodes"], "fuel") + builtin + out != t:
            why.append("sum of js_opcodes fuel + builtin self_fuel + outside_js_fuel != total_fuel")
        if any(f["total_fuel"] > t or f["total_fuel"] < f["self_fuel"] for f in jf):
            why.append("JS inclusive fuel out of range")
        for key in ("js_files", "js_packages"):   # js_packages only with a source map
            if key in p and _sum(p[key], "fuel") + out != t:
                why.append(f"sum of {key} fuel + outside_js_fuel != total_fuel")
        if "js_files" not in p:
            why.append("no js_files")
        ids = {f["id"] for f in jf}
        if any(i not in ids for s in p["js_stacks"] for i in s["frames"]):
            why.append("a js_stacks frame names no js_functions id")
        if any("shadow stack" in w for w in p["warnings"]):
            why.append(str(p["warnings"]))
    return why


def expect_js(p, js_src, label="", texts=True):
    """texts=False: the bytecode has no function texts (Bellard's QuickJS), so a returned function
    marked `PARENT/<` (named from the text before it) is `<anonymous>` there."""
    return _prefixed(label, _expect_js(p, js_src, texts))


def _expect_js(p, js_src, texts=True):
    why = []
    for lineno, text in enumerate(open(js_src).read().split("\n"), 1):
        m = re.search(r"// expect-js: (<anonymous>|get \w+|set \w+|[\w.$]+(?:/<)+|\w+)(.*)$", text)
        if not m:
            continue
        fname, rest = m.group(1), m.group(2)
        if not texts and fname.endswith("/<"):
            fname = "<anonymous>"
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
    return why


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


def names_by_address(p):
    why = []
    if not any("cannot be read" in w for w in p["warnings"]):
        why.append(f"no profile warning that the bytecode cannot be read: {p['warnings']}")
    if not p["js_functions"]:
        why.append("no JS functions at all")
    named = [f["name"] for f in p["js_functions"] if not re.fullmatch(r"0x[0-9a-f]+", f["name"])]
    if named:
        why.append(f"names guessed although the bytecode is unreadable: {named[:3]}")
    if any(f["line"] or f["file"] for f in p["js_functions"]):
        why.append("lines or files given although the bytecode is unreadable")
    return why


def get(p, path):
    v = p
    for k in path.split("."):
        v = v[int(k)] if isinstance(v, list) else v[k]
    return v


def same_functions(p, other):
    """p's total_fuel, exit and wasm_functions equal other's (counters vs the calling-context tree)."""
    why = [f"{k} {p.get(k)} != {other.get(k)} of the other build" for k in ("total_fuel", "exit") if p.get(k) != other.get(k)]
    a, b = p.get("wasm_functions", []), other.get("wasm_functions", [])
    if a != b:
        diff = [(x, y) for x, y in zip(a, b) if x != y][:1]
        why.append(f"wasm_functions differ from the other build's: {diff or f'{len(a)} vs {len(b)} functions'}")
    return why


def main(argv):
    ap = argparse.ArgumentParser(prog="check_profile.py", description="check a jmon profile")
    ap.add_argument("profile")
    ap.add_argument("--exit", type=int)
    ap.add_argument("--trap")
    ap.add_argument("--fuel", type=int)
    ap.add_argument("--fuel-model")
    ap.add_argument("--js-source")
    ap.add_argument("--js-calls", type=int)
    ap.add_argument("--names-by-address", action="store_true")
    ap.add_argument("--wasm-stacks", choices=("yes", "no"))
    ap.add_argument("--same-functions")
    ap.add_argument("--label", default="")
    ap.add_argument("--get", action="append")
    a = ap.parse_args(argv)
    prefix = f"{a.label}: " if a.label else ""
    try:
        p = load(a.profile)
    except Exception as e:  # missing or unparsable profile
        print(f"{prefix}profile {a.profile}: {e}")
        return 1
    if a.get:
        try:
            for g in a.get:
                print(get(p, g))
        except (KeyError, IndexError, ValueError) as e:
            print(f"{prefix}no field {e}", file=sys.stderr)
            return 1
        return 0
    why = invariants(p)
    ex = p.get("exit", {})
    if a.exit is not None and ex.get("code") != a.exit:
        why.append(f"exit.code {ex.get('code')} != {a.exit}")
    if a.trap is not None:
        got = ex.get("trap")
        if not any((got is None) if w == "null" else got == w for w in a.trap.split("|")):
            why.append(f"exit.trap {got!r} is not {a.trap!r}")
    if a.fuel is not None and p.get("total_fuel") != a.fuel:
        why.append(f"total_fuel {p.get('total_fuel')}, want {a.fuel}")
    if a.fuel_model is not None and p.get("fuel_model") != a.fuel_model:
        why.append(f"fuel_model {p.get('fuel_model')!r}, want {a.fuel_model}")
    if a.js_source:
        why += expect_js(p, a.js_source)
    if a.js_calls is not None and not any(f["calls"] == a.js_calls for f in p.get("js_functions", [])):
        why.append(f"no JS function with {a.js_calls} calls: {sorted(f['calls'] for f in p.get('js_functions', []))}")
    if a.names_by_address:
        why += names_by_address(p)
    if a.wasm_stacks is not None and ("wasm_stacks" in p) != (a.wasm_stacks == "yes"):
        why.append("wasm_stacks " + ("missing" if a.wasm_stacks == "yes" else "present, not wanted"))
    if a.same_functions:
        try:
            why += same_functions(p, load(a.same_functions))
        except Exception as e:
            why.append(f"profile {a.same_functions}: {e}")
    for w in why:
        print(prefix + w)
    return 1 if why else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
