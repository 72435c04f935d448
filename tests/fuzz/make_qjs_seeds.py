#!/usr/bin/env python3
"""make_qjs_seeds.py DIR: QuickJS bytecode seeds: the layout of tests/unit/test_qjs_bytecode.c's build_simple (version 21, one atom, one function without debug info: get_var f; return_undef), and variants."""
import sys
d = sys.argv[1]
GET_VAR, RETURN_UNDEF, PUSH_I32, RETURN = 57, 41, 1, 40
def fn(code, name=b"\xc6\x03"):
    return bytes([12, 0, 0, 1]) + name + bytes([0, 0, 0, 1, 0, 0, len(code), 0]) + code
atoms = bytes([1, 1, 2, ord("f")])
simple = bytes([21]) + atoms + fn(bytes([GET_VAR, 227, 0, 0, 0, RETURN_UNDEF]))
open(f"{d}/seed-simple", "wb").write(simple)
open(f"{d}/seed-push-return", "wb").write(bytes([21]) + atoms + fn(bytes([PUSH_I32, 7, 0, 0, 0, RETURN])))
open(f"{d}/seed-wrong-version", "wb").write(bytes([26]) + simple[1:])
