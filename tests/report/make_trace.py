#!/usr/bin/env python3
"""make_trace.py OUT: writes a hand-made JMON_TRACE (docs/trace-format.md) with known events.

The raw event stream is built here byte by byte and compressed with the `zstd` command-line tool,
one frame per part, so the reader is checked against an encoder that is not ours."""
import subprocess, sys

def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7f) | 0x80); v >>= 7
    out.append(v)
    return bytes(out)

JS_ENTER, JS_RESUME, JS_EXIT, WASM_ENTER, WASM_EXIT, NAME, END, FUEL_SET = range(8)
last = 0
def ev(tag, fuel, *ops):
    global last
    out = bytearray(varint(((fuel - last) << 3) | tag)); last = fuel
    for o in ops:
        out += varint(o) if isinstance(o, int) else varint(len(o)) + o
    return bytes(out)

header = b"JMTRACE" + bytes([1, 1]) + varint(9) + b"hand.wasm"
part1 = header + ev(NAME, 0, 0, b"main") + ev(NAME, 0, 1, b"fib") + ev(JS_ENTER, 10, 0) \
    + ev(JS_ENTER, 20, 1) + ev(WASM_ENTER, 25, 338) + ev(WASM_EXIT, 40)
part2 = ev(JS_EXIT, 50) + ev(JS_RESUME, 60, 2) + ev(JS_EXIT, 70) + ev(JS_EXIT, 100) \
    + ev(JS_ENTER, 300, 1) + varint(END)
with open(sys.argv[1], "wb") as f:
    for part in (part1, part2):
        f.write(subprocess.run(["zstd", "-q", "-c", "-19"], input=part, check=True,
                               stdout=subprocess.PIPE).stdout)
