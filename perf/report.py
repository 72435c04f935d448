#!/usr/bin/env python3
"""report.py: turn perf/bench.sh's raw measurements into the markdown of perf/RESULTS.md.

Usage: python3 perf/report.py RESULTS_DIR "NAMES" "VARIANTS" "LEVELS" ["CORPUS"]   (space-separated)
CORPUS: the NAMES that are real-world corpus bundles (perf/corpus/bundles): they get their own
table. Reads from RESULTS_DIR: machine (key: value lines), build_times, skipped, failures,
NAME.VARIANT.us (wall µs, one run a line), NAME.VARIANT.rss (peak KiB), NAME.LEVEL.ir (callgrind
instructions), NAME.LEVEL.writer_ir (of them in jmon_profile_write), NAME.LEVEL.profile_bytes
(the profile of a timed-size run). Writes the markdown on stdout. Ratios are against the `none` (plain wasm2c) build:
median of one variant's runs / median of none's runs, per workload; the last row is the median
of those per-workload ratios.
"""
import os
import statistics
import sys


def read_lines(path):
    try:
        with open(path) as f:
            return [ln.strip() for ln in f if ln.strip()]
    except OSError:
        return []


def numbers(path):
    out = []
    for ln in read_lines(path):
        try:
            out.append(float(ln))
        except ValueError:
            pass  # e.g. a /usr/bin/time status line
    return out


def fmt_ratio(x):
    return "n/a" if x is None else f"{x:.2f}×"


def corpus_table(w, res, corpus, wall, rss, ir, ratio):
    """The real-world corpus: whole-process ratios, memory, profile size and the writer's share,
    each against the issue's goals (js <= 2.0x none, RSS <= none + 64 MiB, writer <= 10% of the
    js run's instructions, js faster than node)."""
    def one(name, ext):
        xs = numbers(os.path.join(res, f"{name}.{ext}"))
        return xs[-1] if xs else None

    w("## Real-world corpus\n")
    w("esbuild bundles of npm libraries driven by our programs (perf/corpus/, `make corpus`); whole "
      "process, profile written. `RSS js − none`: peak RSS over the plain build's. `profile`: the js "
      "profile of the timed input. `writer`: instructions in `jmon_profile_write` as a share of the "
      "js run's (callgrind, callgrind input). Goals: js ≤ 2.0×, RSS over none ≤ 64 MiB, writer ≤ 10%, "
      "js faster than node.\n")
    hdr = ["bundle", "none ms", "fuel ×", "js ×", "node ×", "RSS none / js MiB (js − none)",
           "profile KiB fuel / js", "writer % fuel / js", "callgrind fuel × / js ×"]
    w("| " + " | ".join(hdr) + " |")
    w("|" + "---|" * len(hdr))
    cols = {k: [] for k in ("fuel", "js", "node", "cg_fuel", "cg_js", "wr_js")}
    misses = []
    for n in corpus:
        none_ms = wall.get((n, "none"))
        row = [n, "n/a" if none_ms is None else f"{none_ms / 1000:.0f}"]
        for v in ("fuel", "js", "node"):
            r = ratio(wall, n, v)
            if r is not None:
                cols[v].append(r)
            row.append(fmt_ratio(r))
        a, b = rss.get((n, "none")), rss.get((n, "js"))
        row.append("n/a" if a is None or b is None else f"{a / 1024:.0f} / {b / 1024:.0f} ({(b - a) / 1024:+.0f})")
        sizes = [one(n, f"{lv}.profile_bytes") for lv in ("fuel", "js")]
        row.append(" / ".join("n/a" if x is None else f"{x / 1024:.0f}" for x in sizes))
        shares = []
        for lv in ("fuel", "js"):
            wi, total = one(n, f"{lv}.writer_ir"), ir.get((n, lv))
            sh = 100 * wi / total if wi is not None and total else None
            if sh is not None and lv == "js":
                cols["wr_js"].append(sh)
            shares.append("n/a" if sh is None else f"{sh:.1f}%")
        row.append(" / ".join(shares))
        cg = []
        for lv in ("fuel", "js"):
            r = ratio(ir, n, lv)
            if r is not None:
                cols["cg_" + lv].append(r)
            cg.append(fmt_ratio(r))
        row.append(" / ".join(cg))
        w("| " + " | ".join(row) + " |")
        js, node = wall.get((n, "js")), wall.get((n, "node"))
        rj = ratio(wall, n, "js")
        sh = (100 * one(n, "js.writer_ir") / ir[(n, "js")]) if one(n, "js.writer_ir") is not None and ir.get((n, "js")) else None
        if rj is not None and rj > 2.0:
            misses.append(f"{n}: js {rj:.2f}× > 2.0×")
        if a is not None and b is not None and b - a > 64 * 1024:
            misses.append(f"{n}: RSS +{(b - a) / 1024:.0f} MiB > 64 MiB")
        if sh is not None and sh > 10:
            misses.append(f"{n}: writer {sh:.1f}% > 10%")
        if js is not None and node is not None and js >= node:
            misses.append(f"{n}: js {js / 1000:.0f} ms not faster than node {node / 1000:.0f} ms")

    def mm(key, fmt=fmt_ratio):
        return fmt(statistics.median(cols[key]) if cols[key] else None)

    w("| **median** |  | " + " | ".join(mm(k) for k in ("fuel", "js", "node")) + " |  |  | "
      + mm("wr_js", lambda x: "n/a" if x is None else f"js {x:.1f}%") + f" | {mm('cg_fuel')} / {mm('cg_js')} |")
    w("")
    w("Goals missed: " + ("; ".join(misses) if misses else "none") + ".\n")


def main():
    res, names, variants, levels = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4].split()
    corpus = sys.argv[5].split() if len(sys.argv) > 5 else []
    all_names, names = names, [n for n in names if n not in corpus]
    machine = dict(ln.split(": ", 1) for ln in read_lines(os.path.join(res, "machine")) if ": " in ln)

    def med(name, variant, ext):
        xs = numbers(os.path.join(res, f"{name}.{variant}.{ext}"))
        return statistics.median(xs) if xs else None

    wall = {(n, v): med(n, v, "us") for n in names for v in variants}
    rss = {(n, v): med(n, v, "rss") for n in names for v in variants}
    ir = {(n, lv): med(n, lv, "ir") for n in all_names for lv in levels}
    wall.update({(n, v): med(n, v, "us") for n in corpus for v in variants})
    rss.update({(n, v): med(n, v, "rss") for n in corpus for v in variants})

    def ratio(table, n, v, base="none"):
        a, b = table.get((n, v)), table.get((n, base))
        return a / b if a is not None and b else None

    out = []
    w = out.append
    w("# jmon-aot performance\n")
    w("Written by `make bench` (perf/bench.sh + perf/report.py); see docs/perf.md for the method.\n")
    w(f"- machine: {machine.get('nproc', '?')} CPUs, {machine.get('cpu', '?')}")
    w(f"- date: {machine.get('date', '?')}; commit: {machine.get('commit', '?')}")
    w(f"- {machine.get('jmon_aot', '?')}; {machine.get('cc', '?')}; node {machine.get('node', '?')}")
    w(f"- {machine.get('runs', '?')} interleaved runs per variant, median wall time; "
      f"load average before {machine.get('load_before', '?')}, after {machine.get('load_after', '?')}")
    w("")
    w("Ratios are to the plain build (`--probes none`, wasm2c without probes): >1 is slower. "
      "`node` runs the same javy module under node's `node:wasi` (V8; includes its wasm compile). "
      "callgrind counts instructions of one run on a smaller input (`// callgrind-args:`), the "
      "load-independent ratio.\n")

    if names:
        hdr = ["workload", "none ms", "fuel ×", "js ×", "js+trace ×", "node ×",
               "RSS none/fuel/js MiB", "callgrind fuel × / js ×"]
        w("| " + " | ".join(hdr) + " |")
        w("|" + "---|" * len(hdr))
        cols = {v: [] for v in ("fuel", "js", "js+trace", "node", "cg_fuel", "cg_js")}
        for n in names:
            none_ms = wall.get((n, "none"))
            row = [n, "n/a" if none_ms is None else f"{none_ms / 1000:.0f}"]
            for v in ("fuel", "js", "js+trace", "node"):
                r = ratio(wall, n, v)
                if r is not None:
                    cols[v].append(r)
                row.append(fmt_ratio(r))
            rs = []
            for v in ("none", "fuel", "js"):
                x = rss.get((n, v))
                rs.append("n/a" if x is None else f"{x / 1024:.0f}")
            row.append("/".join(rs))
            cg = []
            for lv in ("fuel", "js"):
                r = ratio(ir, n, lv)
                if r is not None:
                    cols["cg_" + lv].append(r)
                cg.append(fmt_ratio(r))
            row.append(" / ".join(cg))
            w("| " + " | ".join(row) + " |")

        def mm(key):
            return fmt_ratio(statistics.median(cols[key]) if cols[key] else None)

        none_all = [wall[(n, "none")] / 1000 for n in names if wall.get((n, "none")) is not None]
        w("| **median of medians** | " + (f"{statistics.median(none_all):.0f}" if none_all else "n/a") + " | "
          + " | ".join(mm(k) for k in ("fuel", "js", "js+trace", "node")) + " |  | "
          + f"{mm('cg_fuel')} / {mm('cg_js')} |")
        w("")

    if corpus:
        corpus_table(w, res, corpus, wall, rss, ir, ratio)

    # Absolute numbers, for whoever wants to check a ratio.
    w("## Absolute medians\n")
    w("| workload | " + " | ".join(f"{v} ms (min–max)" for v in variants) + " | node RSS MiB | "
      + " | ".join(f"callgrind {lv} Ir" for lv in levels) + " |")
    w("|" + "---|" * (2 + len(variants) + len(levels)))
    for n in all_names:
        row = [n]
        for v in variants:
            xs = numbers(os.path.join(res, f"{n}.{v}.us"))
            row.append("n/a" if not xs else
                       f"{statistics.median(xs) / 1000:.0f} ({min(xs) / 1000:.0f}–{max(xs) / 1000:.0f})")
        x = rss.get((n, "node"))
        row.append("n/a" if x is None else f"{x / 1024:.0f}")
        for lv in levels:
            x = ir.get((n, lv))
            row.append("n/a" if x is None else f"{x / 1e6:.1f} M")
        w("| " + " | ".join(row) + " |")
    w("")

    w("## Build times\n")
    bt = read_lines(os.path.join(res, "build_times"))
    if bt:
        w("Cold: `jmon-aot` with `--cache-dir` a fresh empty directory (the whole plugin compiles). "
          "Warm: a different app on the same plugin into that same cache (only its own units compile).\n")
        w("| probes | cold build | s | warm build (other app) | s |")
        w("|---|---|---|---|---|")
        for ln in bt:
            lv, n1, cold, n2, warm = ln.split()
            w(f"| {lv} | {n1} | {int(cold) / 1000:.1f} | {n2} | {int(warm) / 1000:.1f} |")
    else:
        w("Not measured (BENCH_BUILD_TIMES=0, or fewer than two workloads).")
    w("")

    skipped = read_lines(os.path.join(res, "skipped")) + read_lines(os.path.join(res, "failures"))
    w("## Skipped or failed\n")
    if skipped:
        for ln in skipped:
            w(f"- {ln}")
    else:
        w("Nothing: every variant built, ran and printed node's checksum.")
    w("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
