#!/usr/bin/env python3
"""make_garbage.py JS_PROFILE WORK: truncated and mutated profiles for the garbage tests."""
import random, sys
src = open(sys.argv[1], "rb").read(); rnd = random.Random(7)
for i in range(60):
    cut = src[: rnd.randrange(len(src))]
    if i % 2:
        b = bytearray(src); b[rnd.randrange(len(b))] = rnd.randrange(256); cut = bytes(b)
    open(f"{sys.argv[2]}/m{i}", "wb").write(cut)
