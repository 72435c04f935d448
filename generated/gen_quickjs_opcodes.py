#!/usr/bin/env python3
"""gen_quickjs_opcodes.py: writes generated/quickjs_opcodes.h (QuickJS opcode + predefined atom tables).

Usage (from the repository root):
    python3 generated/gen_quickjs_opcodes.py \
        generated/quickjs-ng-0.11.0-opcodes.txt generated/quickjs-ng-0.11.0-atoms.txt \
        > generated/quickjs_opcodes.h
    python3 generated/gen_quickjs_opcodes.py --variant bellard \
        generated/quickjs-2024-02-14-rquickjs-0.6.1-opcodes.txt generated/quickjs-2024-02-14-rquickjs-0.6.1-atoms.txt \
        > generated/quickjs_opcodes_bellard.h

The first (default variant) header defines the shared types and the quickjs-ng tables; a --variant
header includes it and adds tables named after the variant (JMON_QJS_<VARIANT>_*, jmon_qjs_<variant>_*).

The facts files say where their facts come from; this script only checks and formats them.
"""
import re
import sys

# Operand formats of quickjs-opcode.h (FMT list), in its order.
FORMATS = [
    "none", "none_int", "none_loc", "none_arg", "none_var_ref", "u8", "i8", "loc8", "const8",
    "label8", "u16", "i16", "label16", "npop", "npopx", "npop_u16", "loc", "arg", "var_ref",
    "u32", "u32x2", "i32", "const", "label", "atom", "atom_u8", "atom_u16", "atom_label_u8",
    "atom_label_u16", "label_u16",
]
# Formats whose first operand (bytes 1..4) is a u32 atom: JS_ReadFunctionBytecode rewrites these.
ATOM_FORMATS = {"atom", "atom_u8", "atom_u16", "atom_label_u8", "atom_label_u16"}
LABEL_FORMATS = {"label8", "label16", "label", "atom_label_u8", "atom_label_u16", "label_u16"}
CONST_FORMATS = {"const8", "const"}


def fail(msg):
    sys.stderr.write("gen_quickjs_opcodes.py: error: %s\n" % msg)
    sys.exit(1)


def read_opcodes(path):
    directives, ops = {}, []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("@"):
                key, _, value = line[1:].partition(" ")
                directives[key] = value.strip()
                continue
            parts = line.split()
            if len(parts) != 6:
                fail("%s:%d: expected 'value name size n_pop n_push format'" % (path, lineno))
            value, name, size, npop, npush, fmt = parts
            if fmt not in FORMATS:
                fail("%s:%d: unknown format %s" % (path, lineno, fmt))
            if value == "-":
                continue  # temporary opcode: compile time only
            if int(value) != len(ops):
                fail("%s:%d: value %s out of sequence (expected %d)" % (path, lineno, value, len(ops)))
            ops.append((name, int(size), int(npop), int(npush), fmt))
    for key in ("quickjs_version", "bc_version", "atom_end"):
        if key not in directives:
            fail("%s: missing @%s" % (path, key))
    if len(ops) > 256:
        fail("%s: %d opcodes do not fit in a byte" % (path, len(ops)))
    return directives, ops


def read_atoms(path):
    atoms = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            m = re.match(r'^(\d+) ([A-Za-z_0-9]+) ("(?:[^"\\]|\\.)*")$', line)
            if not m:
                fail("%s:%d: expected 'value name \"string\"'" % (path, lineno))
            if int(m.group(1)) != len(atoms) + 1:
                fail("%s:%d: atom value out of sequence" % (path, lineno))
            atoms.append((m.group(2), m.group(3)))
    return atoms


def main():
    args = sys.argv[1:]
    variant = ""
    if len(args) == 4 and args[0] == "--variant" and re.fullmatch(r"[a-z][a-z0-9]*", args[1]):
        variant = args[1]
        args = args[2:]
    if len(args) != 2:
        fail("usage: gen_quickjs_opcodes.py [--variant NAME] OPCODES.txt ATOMS.txt > HEADER.h")
    if variant:
        return main_variant(variant, args[0], args[1])
    opcodes_path, atoms_path = args
    directives, ops = read_opcodes(opcodes_path)
    atoms = read_atoms(atoms_path)
    if len(atoms) + 1 != int(directives["atom_end"]):
        fail("%d atoms + JS_ATOM_NULL != @atom_end %s" % (len(atoms), directives["atom_end"]))

    out = []
    w = out.append
    w("/* quickjs_opcodes.h: QuickJS bytecode opcode and predefined-atom tables (machine-written). */")
    w("/* Regenerate, never edit: python3 generated/gen_quickjs_opcodes.py %s %s > generated/quickjs_opcodes.h */"
      % (opcodes_path, atoms_path))
    w("/* For %s. */" % directives["quickjs_version"])
    w("#ifndef JMON_QUICKJS_OPCODES_H")
    w("#define JMON_QUICKJS_OPCODES_H")
    w("")
    w("#include <stdint.h>")
    w("")
    w("/** The serialized bytecode version byte (BC_VERSION) these tables describe. */")
    w("#define JMON_QJS_BC_VERSION %d" % int(directives["bc_version"]))
    w("/** Human name of the QuickJS these tables come from. */")
    w('#define JMON_QJS_QUICKJS_VERSION "%s"' % directives["quickjs_version"].split(" (")[0])
    w("/** Number of opcode values that can appear in final bytecode (0 .. count-1). */")
    w("#define JMON_QJS_OPCODE_COUNT %d" % len(ops))
    w("/** JS_ATOM_END: atoms below it are predefined; serialized atom indices >= it index the file's atom table. */")
    w("#define JMON_QJS_ATOM_END %s" % directives["atom_end"])
    w("")
    w("/** Operand formats (quickjs-opcode.h FMT list, same order). */")
    w("typedef enum {")
    for fmt in FORMATS:
        w("  JMON_QJS_FMT_%s," % fmt)
    w("} jmon_qjs_format_t;")
    w("")
    w("/** Flag: bytes 1..4 of the instruction are a u32 atom (rewritten by JS_ReadObject). */")
    w("#define JMON_QJS_OP_HAS_ATOM  0x01u")
    w("/** Flag: the instruction has a branch-target operand. */")
    w("#define JMON_QJS_OP_HAS_LABEL 0x02u")
    w("/** Flag: the instruction has a constant-pool index operand. */")
    w("#define JMON_QJS_OP_HAS_CONST 0x04u")
    w("")
    w("/** One opcode: name, encoded size in bytes (opcode byte included), stack effect, format, flags. */")
    w("typedef struct jmon_qjs_opcode_s {")
    w("  const char *name;")
    w("  uint8_t size;")
    w("  uint8_t n_pop;")
    w("  uint8_t n_push;")
    w("  uint8_t format;   /**< jmon_qjs_format_t */")
    w("  uint8_t flags;    /**< JMON_QJS_OP_* */")
    w("} jmon_qjs_opcode_t;")
    w("")
    write_tables(w, ops, atoms, "")
    sys.stdout.write("\n".join(out) + "\n")


def write_tables(w, ops, atoms, variant):
    """The opcode and atom tables and the header's end; `variant` "" is the quickjs-ng header's
    unprefixed names (jmon_qjs_opcodes, JMON_QJS_OPCODE_COUNT), else jmon_qjs_<variant>_..."""
    v = variant + "_" if variant else ""
    V = v.upper()
    w("/** Indexed by the opcode byte; entries >= JMON_QJS_%sOPCODE_COUNT do not exist. */" % V)
    w("static const jmon_qjs_opcode_t jmon_qjs_%sopcodes[JMON_QJS_%sOPCODE_COUNT] = {" % (v, V))
    for value, (name, size, npop, npush, fmt) in enumerate(ops):
        w('  /* %3d */ {"%s", %d, %d, %d, JMON_QJS_FMT_%s, %s},'
          % (value, name, size, npop, npush, fmt, flags_of(fmt)))
    w("};")
    w("")
    w("/** Predefined atoms' strings, indexed by atom value; [0] is JS_ATOM_NULL (no name). */")
    w("static const char *const jmon_qjs_%satoms[JMON_QJS_%sATOM_END] = {" % (v, V))
    w("  /*   0 */ \"\",")
    for value, (name, string) in enumerate(atoms, 1):
        w("  /* %3d */ %s, /* %s */" % (value, string, name))
    w("};")
    w("")
    w("#endif")


def flags_of(fmt):
    flags = []
    if fmt in ATOM_FORMATS:
        flags.append("JMON_QJS_OP_HAS_ATOM")
    if fmt in LABEL_FORMATS:
        flags.append("JMON_QJS_OP_HAS_LABEL")
    if fmt in CONST_FORMATS:
        flags.append("JMON_QJS_OP_HAS_CONST")
    return " | ".join(flags) if flags else "0"


def main_variant(variant, opcodes_path, atoms_path):
    directives, ops = read_opcodes(opcodes_path)
    atoms = read_atoms(atoms_path)
    if len(atoms) + 1 != int(directives["atom_end"]):
        fail("%d atoms + JS_ATOM_NULL != @atom_end %s" % (len(atoms), directives["atom_end"]))
    V, v = variant.upper(), variant
    out = []
    w = out.append
    w("/* quickjs_opcodes_%s.h: QuickJS bytecode opcode and predefined-atom tables (machine-written). */" % v)
    w("/* Regenerate, never edit: python3 generated/gen_quickjs_opcodes.py --variant %s %s %s"
      " > generated/quickjs_opcodes_%s.h */" % (v, opcodes_path, atoms_path, v))
    w("/* For %s. */" % directives["quickjs_version"])
    w("#ifndef JMON_QUICKJS_OPCODES_%s_H" % V)
    w("#define JMON_QUICKJS_OPCODES_%s_H" % V)
    w("")
    w('#include "quickjs_opcodes.h"  /* jmon_qjs_opcode_t, jmon_qjs_format_t, JMON_QJS_OP_* */')
    w("")
    w("/** The serialized bytecode version byte (BC_VERSION) these tables describe. */")
    w("#define JMON_QJS_%s_BC_VERSION %d" % (V, int(directives["bc_version"])))
    w("/** Human name of the QuickJS these tables come from. */")
    w('#define JMON_QJS_%s_QUICKJS_VERSION "%s"' % (V, directives["quickjs_version"]))
    w("/** Number of opcode values that can appear in final bytecode (0 .. count-1). */")
    w("#define JMON_QJS_%s_OPCODE_COUNT %d" % (V, len(ops)))
    w("/** JS_ATOM_END of this QuickJS. */")
    w("#define JMON_QJS_%s_ATOM_END %s" % (V, directives["atom_end"]))
    w("")
    write_tables(w, ops, atoms, v)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
