#!/usr/bin/env python3
"""flip_bytes.py SRC OUT SEED: SRC with 4 random bytes (after the header) changed, seeded."""
import random, sys
data = bytearray(open(sys.argv[1], 'rb').read())
rnd = random.Random(int(sys.argv[3]))
for _ in range(4):
    i = rnd.randrange(8, len(data))
    data[i] = rnd.randrange(256)
open(sys.argv[2], 'wb').write(bytes(data))
