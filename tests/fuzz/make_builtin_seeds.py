#!/usr/bin/env python3
"""make_builtin_seeds.py DIR: builtin-table seeds: base address + a memory image holding JSON's JSCFunctionListEntry array (parse, stringify, [Symbol.toStringTag] = "JSON": 16-byte entries, names as char*), as tests/unit/test_qjs_builtins.c builds it, and a truncated and a hostile variant."""
import struct, sys
d = sys.argv[1]
base = 0x1000
m = bytearray(256)
m[0:6] = b"parse\0"; m[8:18] = b"stringify\0"; m[20:41] = b"[Symbol.toStringTag]\0"; m[44:49] = b"JSON\0"
def entry(name, def_type, w2, w3):
    return struct.pack("<IBBhII", name, 0, def_type, 0, w2, w3)
m[64:112] = entry(base, 0, 2, 3) + entry(base + 8, 0, 3, 4) + entry(base + 20, 3, base + 44, 0)
img = struct.pack("<I", base) + bytes(m)
open(f"{d}/seed-json", "wb").write(img)
open(f"{d}/seed-json-truncated", "wb").write(img[:4 + 100])
bad = bytearray(img); bad[4 + 64 + 5] = 77
open(f"{d}/seed-json-bad-def-type", "wb").write(bytes(bad))
