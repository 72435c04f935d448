#!/usr/bin/env bash
# corpus.sh: build the real-world corpus: esbuild bundles of npm libraries driven by our programs, as javy modules.
#
# Usage: perf/corpus.sh [OUT_DIR]        (default build/perf/corpus; `make corpus` runs it)
# Environment: JMON_PLUGIN (see tools/fetch_plugin.sh), XDG_CACHE_HOME, CORPUS_ONLY="NAME ..."
#
# 1. npm packages: perf/corpus/package.json + package-lock.json (exact versions, sha512 integrity
#    of every tarball) are installed with `npm ci --ignore-scripts` into
#    ${XDG_CACHE_HOME:-~/.cache}/jmon-aot/corpus/<sha256 of the lockfile>/ (npm checks each
#    tarball's integrity; nothing fetched is committed). Done once per lockfile.
# 2. For each line `NAME DRIVER PROJECT` of perf/corpus/bundles: perf/corpus/drivers/ is copied
#    into the cache as a `bare` project (no package.json of its own) or an `npm` one (the
#    package.json `npm init -y` writes), and esbuild bundles drivers/DRIVER.js with a source map.
# 3. The bundle becomes a javy module (tools/javy_compile.mjs + jmon-javy-build, as
#    perf/bench.sh does for perf/workloads), and node runs it once for the expected output.
#
# Output, for each NAME, in OUT_DIR (what perf/bench.sh and the source-map work read):
#   NAME.js        the bundle (esbuild, IIFE), NAME.js.map its source map (v3, sources relative
#                  to the cache's bundle directory: ../node_modules/PKG/..., ../src-PROJECT/DRIVER.js;
#                  sourcesContent included)
#   NAME.wasm      the javy module (the plugin linked in: runs under app_mon, wasmtime or node)
#   NAME.args      its WASI argument 1 for timed runs (JSON, from the driver's `// bench-args:`)
#   NAME.cg.args   the smaller one for callgrind (`// callgrind-args:`)
#   NAME.expected  node's stdout for NAME.args (the driver's checksum line)
# A step is skipped when its output is newer than its inputs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SRC=perf/corpus
OUT="${1:-build/perf/corpus}"
JAVY_BUILD=build/bin/jmon-javy-build

die() { echo "corpus.sh: error: $*" >&2; exit 1; }
say() { echo "corpus: $*" >&2; }

command -v node >/dev/null || die "node is required"
command -v npm >/dev/null || die "npm is required (it comes with node)"
[ -x "$JAVY_BUILD" ] || die "$JAVY_BUILD missing (make $JAVY_BUILD)"
PLUGIN="$(tools/fetch_plugin.sh)" || die "cannot fetch the javy plugin"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# 1. npm ci into the cache, keyed by the lockfile.
LOCK_SHA="$(cat "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -c1-16)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/jmon-aot/corpus/$LOCK_SHA"
if [ ! -f "$CACHE/.installed" ]; then
  say "npm ci into $CACHE"
  rm -rf "$CACHE"
  mkdir -p "$CACHE"
  cp "$SRC/package.json" "$SRC/package-lock.json" "$CACHE/"
  # --ignore-scripts: esbuild needs no install script (its platform binary is an optional
  # dependency npm installs like any other package).
  (cd "$CACHE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed"
  touch "$CACHE/.installed"
fi
ESBUILD="$CACHE/node_modules/.bin/esbuild"
[ -x "$ESBUILD" ] || die "$ESBUILD missing"

# 2. The two project shapes, next to node_modules so package resolution finds it.
rm -rf "$CACHE/src-bare" "$CACHE/src-npm"
mkdir -p "$CACHE/src-bare" "$CACHE/src-npm" "$CACHE/out"
cp "$SRC"/drivers/*.js "$CACHE/src-bare/"
cp "$SRC"/drivers/*.js "$CACHE/src-npm/"
# What `npm init -y` writes (npm 10): the "type" field is what changes esbuild's output.
cat > "$CACHE/src-npm/package.json" <<'EOF'
{
  "name": "src-npm",
  "version": "1.0.0",
  "description": "",
  "main": "index.js",
  "scripts": {
    "test": "echo \"Error: no test specified\" && exit 1"
  },
  "keywords": [],
  "author": "",
  "license": "ISC",
  "type": "commonjs"
}
EOF

header_of() { sed -n "s|^// *$2: *||p" "$1" | head -n 1; }

# $1 is newer than every other argument (and exists).
up_to_date() {
  local target="$1" dep; shift
  [ -f "$target" ] || return 1
  for dep in "$@"; do [ "$dep" -nt "$target" ] && return 1; done
  return 0
}

n=0
while read -r name driver project; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ -n "${CORPUS_ONLY:-}" ]; then case " $CORPUS_ONLY " in *" $name "*) ;; *) continue ;; esac; fi
  drv="$SRC/drivers/$driver.js"
  [ -f "$drv" ] || die "$SRC/bundles: $name: no $drv"
  case "$project" in bare|npm) ;; *) die "$SRC/bundles: $name: project must be bare or npm, not '$project'" ;; esac
  bench_args="$(header_of "$drv" bench-args)"
  cg_args="$(header_of "$drv" callgrind-args)"
  [ -n "$bench_args" ] || die "$drv has no \`// bench-args:\` line"
  printf '%s\n' "$bench_args" > "$OUT/$name.args.new"
  printf '%s\n' "${cg_args:-$bench_args}" > "$OUT/$name.cg.args.new"
  for f in args cg.args; do cmp -s "$OUT/$name.$f.new" "$OUT/$name.$f" 2>/dev/null && rm "$OUT/$name.$f.new" || mv "$OUT/$name.$f.new" "$OUT/$name.$f"; done

  # esbuild writes into the cache (so the map's sources are short relative paths), then copies.
  if ! up_to_date "$OUT/$name.js" "$SRC"/drivers/*.js "$SRC/package-lock.json" "$SRC/bundles"; then
    say "esbuild $name ($project project)"
    (cd "$CACHE/src-$project" && "$ESBUILD" "$driver.js" --bundle --sourcemap --log-level=warning \
        --outfile="$CACHE/out/$name.js") || die "esbuild $name failed"
    cp "$CACHE/out/$name.js.map" "$OUT/$name.js.map"
    cp "$CACHE/out/$name.js" "$OUT/$name.js"
  fi
  if ! up_to_date "$OUT/$name.wasm" "$OUT/$name.js" "$PLUGIN" "$JAVY_BUILD" tools/javy_compile.mjs; then
    say "javy module $name"
    { node tools/javy_compile.mjs "$PLUGIN" "$OUT/$name.js" "$OUT/$name.bc" &&
      "$JAVY_BUILD" "$PLUGIN" "$OUT/$name.bc" -o "$OUT/$name.wasm.tmp" && mv "$OUT/$name.wasm.tmp" "$OUT/$name.wasm"; } \
      > "$OUT/$name.javy.log" 2>&1 || die "javy module $name failed: $(tail -n 3 "$OUT/$name.javy.log" | tr '\n' ' ')"
    rm -f "$OUT/$name.bc"
  fi
  if ! up_to_date "$OUT/$name.expected" "$OUT/$name.wasm" "$OUT/$name.args"; then
    node tools/node_run.mjs "$OUT/$name.wasm" "$bench_args" > "$OUT/$name.expected.tmp" 2> "$OUT/$name.node.err" ||
      die "node run of $name failed: $(tail -n 3 "$OUT/$name.node.err" | tr '\n' ' ')"
    mv "$OUT/$name.expected.tmp" "$OUT/$name.expected"
  fi
  n=$((n + 1))
done < "$SRC/bundles"
say "$n bundles in $OUT"
