#!/usr/bin/env python3
# tests/runner/make_carts.py: 119 generated carts of 1..6 lines and one worst by construction (30 lines).
import json, sys
d = sys.argv[1]
def cart(n, seed):
    return {"currency": "EUR", "lines": [{"id": f"gid://line/{k}", "title": f"item {k}",
            "quantity": 1 + (seed + k) % 5, "price": round(1.25 + 0.5 * ((seed * 7 + k) % 40), 2),
            "tags": ["bogo"] if (seed + k) % 3 == 0 else []} for k in range(n)]}
for i in range(119):
    json.dump(cart(1 + i % 6, i), open(f"{d}/cart_{i:03d}.json", "w"))
# the worst by construction: 30 lines where the others have at most 6
json.dump(cart(30, 7), open(f"{d}/cart_worst.json", "w"))
