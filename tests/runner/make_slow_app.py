#!/usr/bin/env python3
# tests/runner/make_slow_app.py: a slower copy of tests/js/discount.js: a new function above everything moves every later id,
# address and line; lineTotal gets a loop of 300 iterations.
import re, sys
s = open(sys.argv[1]).read()
# a new (cheap) function above everything: every later function's id, address and line moves
s = s.replace("const cart = JSON.parse", "function unused(x) {\n  return x;\n}\n\nconst cart = JSON.parse", 1)
s, n = re.subn(r"(function lineTotal\(line\) \{[^\n]*\n)",
               r"\1  let h = 0;\n  for (let i = 0; i < 300; i++) h = (h + i * 7) | 0;\n  if (h === 42) return 0;\n",
               s, count=1)
assert n == 1
open(sys.argv[2], "w").write(s)
