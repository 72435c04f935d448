#!/usr/bin/env bash
# demo.sh: the README's first command after `make deps all`: build the bundled discount
# function as a real javy module, translate it with jmon-aot, run it on the bundled cart, and
# print what it measured.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=build/demo
mkdir -p "$out"

plugin=$(tests/tools/fetch_plugin.sh)
echo "== javy module: examples/discount.js compiled by the javy plugin ($(basename "$plugin"))"
node tests/tools/javy_compile.mjs "$plugin" examples/discount.js "$out/discount.bc"
build/bin/jmon-javy-build "$plugin" "$out/discount.bc" -o "$out/discount.wasm"

echo "== jmon-aot $out/discount.wasm -o $out/discount_mon"
start=$(date +%s.%N)
build/bin/jmon-aot "$out/discount.wasm" -o "$out/discount_mon"
end=$(date +%s.%N)
printf 'built in %.1f s (a second app on the same plugin reuses the compile cache)\n' "$(echo "$end - $start" | bc)"

echo "== ./discount_mon \"\$(cat examples/cart.json)\""
JMON_PROFILE="$out/profile.json" JMON_SUMMARY=1 "$out/discount_mon" "$(cat examples/cart.json)"

echo "== what it measured ($out/profile.json)"
python3 - "$out/profile.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
total = p["total_fuel"]
print(f"total fuel {total:,} (wasmtime 39 count) = {100 * total / 11_000_000:.2f}% of Shopify's 11M budget")
print("top wasm functions by self fuel:")
for f in sorted(p["wasm_functions"], key=lambda f: -f["self_fuel"])[:8]:
    print(f"  {f['self_fuel']:>10,}  {100 * f['self_fuel'] / total:5.1f}%  {f['name']} (calls {f['calls']:,})")
PY
