#!/usr/bin/env bash
# demo.sh: the README's first command after `make deps all`: build the bundled discount
# function as a real javy module, translate it with jmon-aot, run it on the bundled cart, and
# print what it measured.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=build/demo
mkdir -p "$out"

plugin=$(tools/fetch_plugin.sh)
echo "== javy module: examples/discount.js compiled by the javy plugin ($(basename "$plugin"))"
node tools/javy_compile.mjs "$plugin" examples/discount.js "$out/discount.bc"
build/bin/jmon-javy-build "$plugin" "$out/discount.bc" -o "$out/discount.wasm"

echo "== jmon-aot $out/discount.wasm -o $out/discount_mon"
start=$(date +%s.%N)
build/bin/jmon-aot "$out/discount.wasm" -o "$out/discount_mon"
end=$(date +%s.%N)
printf 'built in %.1f s (a second app on the same plugin reuses the compile cache)\n' "$(echo "$end - $start" | bc)"

echo "== ./discount_mon \"\$(cat examples/cart.json)\""
JMON_PROFILE="$out/profile.json" JMON_SUMMARY=1 "$out/discount_mon" "$(cat examples/cart.json)"

echo "== what it measured: build/bin/jmon-report $out/profile.json"
build/bin/jmon-report "$out/profile.json" --format text
build/bin/jmon-report "$out/profile.json" --format svg -o "$out/flamegraph.svg"
echo "flame graph: $out/flamegraph.svg (open it in a browser); also --format folded|speedscope|pprof"
