#!/usr/bin/env python3
"""gen_quickjs_builtins.py: the owners of QuickJS's JSCFunctionListEntry arrays, as facts and as a C header.

Usage (from the repository root):
    python3 generated/gen_quickjs_builtins.py --facts quickjs.c > generated/quickjs-ng-0.11.0-builtins.txt
    python3 generated/gen_quickjs_builtins.py --header generated/quickjs-ng-0.11.0-builtins.txt \
        > generated/quickjs_builtins.h
    python3 generated/gen_quickjs_builtins.py --facts bellard-quickjs.c \
        > generated/quickjs-2024-02-14-rquickjs-0.6.1-builtins.txt
    python3 generated/gen_quickjs_builtins.py --header --variant bellard \
        generated/quickjs-2024-02-14-rquickjs-0.6.1-builtins.txt > generated/quickjs_builtins_bellard.h

--facts reads QuickJS's quickjs.c (quickjs-ng d405777f7eefa22c17c12970317ef3d6e7658f5a, the one
rquickjs 0.11 builds; or Bellard's 3b45d155c77bbdfe9177b1e03db830d2aff0b2a8, rquickjs-sys 0.6.1's:
docs/quickjs.md) and writes one line per `static const JSCFunctionListEntry`
array: `ARRAY OWNER NAME1 NAME2 ...` (OWNER is the JS object it is installed on, `-` for the global
object, names as the C source spells them, `%20` for a space; a string property as NAME=VALUE, its value telling apart arrays with the same
names). The owner comes from the array's
`JS_SetPropertyFunctionList(ctx, OWNER, ARRAY, ...)` call: `ctx->class_proto[JS_CLASS_X]` is
`X.prototype` with X the class's name (js_std_class_def's atom, or CLASS_NAMES below), a sub-array of
`JS_OBJECT_DEF("Math", ...)` is `Math`; call sites with a local variable as the owner are resolved
by VAR_OWNERS below, read from the code around each call. Entries under #ifdef are kept (the one
in Bellard's quickjs.c is CONFIG_BIGNUM, which rquickjs-sys 0.6.1 defines); an array whose entries
differ in a build is then simply not found in its data (no names, never wrong ones). Arrays whose owner cannot be resolved are
an error, so a new QuickJS cannot silently get wrong names.

--header turns a facts file into generated/quickjs_builtins.h (jmon_qjs_builtin_arrays[]): what
translator/qjs_builtins.c matches against a module's data by the exact sequence of entry names.
Only facts are taken from QuickJS, no code.
"""
import re
import sys

# Class ids past js_std_class_def (quickjs.c initialises them elsewhere): their JS names.
CLASS_NAMES = {
    "JS_CLASS_PROMISE": "Promise", "JS_CLASS_ASYNC_FUNCTION": "AsyncFunction",
    "JS_CLASS_ASYNC_FROM_SYNC_ITERATOR": "AsyncFromSyncIterator",
    "JS_CLASS_ASYNC_GENERATOR": "AsyncGenerator", "JS_CLASS_ASYNC_GENERATOR_FUNCTION": "AsyncGeneratorFunction",
    "JS_CLASS_WEAK_REF": "WeakRef", "JS_CLASS_FINALIZATION_REGISTRY": "FinalizationRegistry",
    "JS_CLASS_CALL_SITE": "CallSite",
}
# Call sites whose owner is a local variable or a context field: read from the surrounding code
# (e.g. js_regexp_funcs: `obj = JS_NewGlobalCConstructor(ctx, "RegExp", ...)`).
VAR_OWNERS = {
    "js_regexp_funcs": "RegExp", "js_proxy_funcs": "Proxy", "js_map_funcs": "Map", "js_set_funcs": "Set",
    "js_promise_funcs": "Promise", "js_date_funcs": "Date", "js_bigint_funcs": "BigInt",
    "js_object_funcs": "Object", "js_error_funcs": "Error", "js_iterator_funcs": "Iterator",
    "js_array_funcs": "Array", "js_number_funcs": "Number", "js_string_funcs": "String",
    "js_symbol_funcs": "Symbol", "js_array_buffer_funcs": "ArrayBuffer",
    "js_shared_array_buffer_funcs": "SharedArrayBuffer",
    "js_typed_array_base_proto_funcs": "%TypedArray%.prototype", "js_typed_array_base_funcs": "%TypedArray%",
    "js_perf_proto_funcs": "performance", "js_domexception_proto_funcs": "DOMException.prototype",
    "js_async_iterator_proto_funcs": "AsyncIterator.prototype",
    "js_function_proto_funcs": "Function.prototype",
    # Bellard's QuickJS with CONFIG_BIGNUM (rquickjs-sys 0.6.1):
    "js_operators_funcs": "Operators", "js_bigfloat_funcs": "BigFloat", "js_float_env_funcs": "BigFloatEnv",
    "js_bigdecimal_funcs": "BigDecimal", "js_iterator_proto_funcs": "Iterator.prototype",
}


def fail(msg):
    sys.stderr.write("gen_quickjs_builtins.py: error: %s\n" % msg)
    sys.exit(1)


def strip_comments(s):
    s = re.sub(r"/\*.*?\*/", lambda m: " " * len(m.group(0)), s, flags=re.S)
    return re.sub(r"//[^\n]*", "", s)


def class_names(src):
    """JS_CLASS_X -> JS name: the enum order paired with js_std_class_def's atoms."""
    enum = re.search(r"enum\s*{\s*JS_CLASS_OBJECT = 1.*?JS_CLASS_INIT_COUNT", src, re.S)
    if not enum:
        fail("class id enum not found")
    ids = re.findall(r"\b(JS_CLASS_[A-Z0-9_]+)", enum.group(0))[:-1]
    std = re.search(r"js_std_class_def\[\]\s*=\s*{(.*?)};", src, re.S)
    if not std:
        fail("js_std_class_def not found")
    atoms = re.findall(r"{\s*JS_ATOM_(\w+)\s*,", std.group(1))
    names = {cid: atom.replace("_", " ") for cid, atom in zip(ids, atoms)}
    names.update(CLASS_NAMES)
    return names


def arrays(src):
    out = {}
    for m in re.finditer(r"static const JSCFunctionListEntry\s+(\w+)\[\]\s*=\s*{(.*?)\n};", src, re.S):
        body, names = m.group(2), []
        for e in re.finditer(r"\b(JS_\w+_DEF\d?)\s*\(\s*\"((?:[^\"\\]|\\.)*)\"(\s*,\s*\"((?:[^\"\\]|\\.)*)\")?", body):
            # A string property's value tells apart arrays with the same names (the iterator
            # prototypes' {next, [Symbol.toStringTag]}): NAME=VALUE.
            value = e.group(4) if e.group(1) == "JS_PROP_STRING_DEF" else None
            names.append(e.group(2) + ("=" + value if value is not None else ""))
        if not names:
            fail("%s: no entries" % m.group(1))
        out[m.group(1)] = names
    return out


def owners(src, arrs, cls):
    own = {}
    # JS_OBJECT_DEF("Math", js_math_funcs, ...): the sub-array's owner is the object's name.
    for m in re.finditer(r"JS_OBJECT_DEF\(\s*\"(\w+)\"\s*,\s*(\w+)", src):
        own[m.group(2)] = m.group(1)
    ptr = re.search(r"js_map_proto_funcs_ptr\[\d*\]\s*=\s*{(.*?)};", src, re.S)
    ptr_names = re.findall(r"(\w+)", ptr.group(1)) if ptr else []
    for m in re.finditer(r"JS_SetPropertyFunctionList\(\s*ctx\s*,\s*([^,]+?)\s*,\s*([\w\[\] +]+?)\s*,", src):
        expr, arr = m.group(1).strip(), m.group(2).strip()
        if arr.startswith("e->"):
            continue
        if arr.startswith("js_map_proto_funcs_ptr"):
            # Map, Set, WeakMap, WeakSet prototypes, then Map/Set Iterator prototypes (JS_CLASS_MAP + i).
            ids = ["JS_CLASS_MAP", "JS_CLASS_SET", "JS_CLASS_WEAKMAP", "JS_CLASS_WEAKSET",
                   "JS_CLASS_MAP_ITERATOR", "JS_CLASS_SET_ITERATOR"]
            for i, a in enumerate(ptr_names[:6]):
                own[a] = cls[ids[i]] + ".prototype"
            continue
        cm = re.fullmatch(r"ctx->class_proto\[(JS_CLASS_\w+)\]", expr)
        if cm:
            if cm.group(1) not in cls:
                fail("%s: class %s has no name" % (arr, cm.group(1)))
            own[arr] = cls[cm.group(1)] + ".prototype"
        elif expr == "ctx->global_obj":
            own[arr] = "-"
        elif arr in VAR_OWNERS:
            own[arr] = VAR_OWNERS[arr]
        else:
            fail("%s: owner %r not resolved (add it to VAR_OWNERS after reading the call site)" % (arr, expr))
    return own


def write_facts(path):
    src = strip_comments(open(path, encoding="utf-8").read())
    cls = class_names(src)
    arrs = arrays(src)
    own = owners(src, arrs, cls)
    print("# JSCFunctionListEntry arrays of quickjs.c: ARRAY OWNER NAMES... (gen_quickjs_builtins.py --facts)")
    for name, names in arrs.items():
        if name not in own:
            if any(name in v for v in []):
                continue
            sys.stderr.write("gen_quickjs_builtins.py: note: %s is never installed; skipped\n" % name)
            continue
        print(" ".join([name, own[name].replace(" ", "%20")] + [n.replace(" ", "%20") for n in names]))


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_header(path, variant=None):
    rows = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        f = line.split(" ")
        if len(f) < 3:
            fail("bad facts line: %r" % line)
        rows.append((f[0], f[1].replace("%20", " "), [n.replace("%20", " ") for n in f[2:]]))
    pre = "jmon_qjs_%s_" % variant if variant else "jmon_qjs_"
    PRE = "JMON_QJS_%s_" % variant.upper() if variant else "JMON_QJS_"
    guard = "JMON_QUICKJS_BUILTINS_%sH" % (variant.upper() + "_" if variant else "")
    print("/* quickjs_builtins%s.h: generated by generated/gen_quickjs_builtins.py --header%s; do not edit. */"
          % ("_" + variant if variant else "", " --variant " + variant if variant else ""))
    print("#ifndef %s\n#define %s\n" % (guard, guard))
    if variant:
        print('#include "quickjs_builtins.h"\n')
    else:
        print("/** One JSCFunctionListEntry array of quickjs.c: the object it is installed on (\"\" = the global")
        print(" *  object), its entry names in order and, for string properties, their values (else NULL). */")
        print("typedef struct {\n  const char *array, *owner;\n  unsigned nnames;\n  const char *const *names, *const *values;\n} jmon_qjs_builtin_array_t;\n")
    for i, (arr, owner, names) in enumerate(rows):
        print("static const char *const %sba_%d[] = {%s};" % (pre, i, ", ".join(c_str(n.split("=")[0]) for n in names)))
        print("static const char *const %sbv_%d[] = {%s};" % (pre, i, ", ".join(c_str(n.split("=", 1)[1]) if "=" in n else "0" for n in names)))
    print("\nstatic const jmon_qjs_builtin_array_t %sbuiltin_arrays[] = {" % pre)
    for i, (arr, owner, names) in enumerate(rows):
        print("  {%s, %s, %d, %sba_%d, %sbv_%d}," % (c_str(arr), c_str("" if owner == "-" else owner), len(names), pre, i, pre, i))
    print("};\n#define %sBUILTIN_ARRAY_COUNT %d\n\n#endif" % (PRE, len(rows)))


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) == 2 and a[0] == "--facts":
        write_facts(a[1])
    elif len(a) == 2 and a[0] == "--header":
        write_header(a[1])
    elif len(a) == 4 and a[0] == "--header" and a[1] == "--variant":
        write_header(a[3], a[2])
    else:
        fail("usage: gen_quickjs_builtins.py --facts quickjs.c | --header [--variant NAME] FACTS.txt")
