"""make_source_map_seeds.py: seeds for fuzz_source_map: hand-made maps (plain, index map, inline in JS) and text before functions."""
import base64, json, sys
d = sys.argv[1]
plain = {"version": 3, "sourceRoot": "src", "sources": ["a.ts", None], "sourcesContent": ["let a = 1;\n", None],
         "names": ["foo", "bar"], "mappings": "AAAA,IAAI,GCCCA;EAAE;;gBAQA,DADA,C"}
index = {"version": 3, "sections": [{"offset": {"line": 0, "column": 0}, "map": plain},
                                     {"offset": {"line": 9, "column": 4}, "map": {"version": 3, "sources": ["b.js"],
                                      "names": ["n"], "mappings": "EAAAA;AACA"}}]}
open(f"{d}/seed-plain", "w").write(json.dumps(plain))
open(f"{d}/seed-index", "w").write(json.dumps(index))
js = "pp.parseStatement = function (a) { return a; };\n//# sourceMappingURL=data:application/json;base64,"
open(f"{d}/seed-inline", "w").write(js + base64.b64encode(json.dumps(plain).encode()).decode() + "\n")
open(f"{d}/seed-infer", "w").write("// a comment.\nX.prototype['m'] = /* c */ async ")
