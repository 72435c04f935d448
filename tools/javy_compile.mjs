// javy_compile.mjs: compile JS to QuickJS bytecode with a javy plugin's `compile-src`, as `javy build` does.
//
// Usage: node tools/javy_compile.mjs PLUGIN.wasm IN.js OUT.bc
// Runs the plugin under node's WASI preview1 (no args, no env, no preopens), copies the UTF-8
// source into guest memory via cabi_realloc(0, 0, 1, len), calls compile-src(ptr, len) and reads
// the three u32 it points to: [0 ok | 1 err, ptr, len]. On success writes the bytes to OUT.bc;
// on a compile error prints `javy_compile: error: IN.js: <message>` and exits 1.
//
// Finding (plugin 1.7.0): the plugin is a Wizer snapshot taken after `initialize-runtime`
// (javy init-plugin uses keep_init_func), so the runtime already exists in the data segments
// and compile-src works without calling `initialize-runtime` first. We do not call it: that
// keeps the compile identical to what `javy build` sees (it compiles against the snapshot).
// The Chainlink `env.*` imports are never needed to compile; they are stubs that throw.
//
// Legacy plugins (javy <= v5 plugin API: `compile_src`, `canonical_abi_realloc`, e.g. Chainlink
// 1.1.0 pre-initialised by tools/fetch_legacy_plugin.sh): the same steps with those names;
// their compile_src returns a pointer to two u32 `[ptr, len]` (no status word: a syntax error
// panics, i.e. traps), as javy v5.0.4's crates/plugin-api/src/lib.rs writes them.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

// node:wasi prints an ExperimentalWarning when loaded; keep stderr for real messages only.
process.removeAllListeners('warning');
const { WASI } = await import('node:wasi');

function fail(msg) {
  process.stderr.write(`javy_compile: error: ${msg}\n`);
  process.exit(1);
}

const [pluginPath, inPath, outPath] = process.argv.slice(2);
if (!pluginPath || !inPath || !outPath) {
  process.stderr.write('usage: node javy_compile.mjs PLUGIN.wasm IN.js OUT.bc\n');
  process.exit(2);
}

let wasmBytes, source;
try { wasmBytes = readFileSync(pluginPath); } catch (e) { fail(`${pluginPath}: ${e.message}`); }
try { source = readFileSync(inPath); } catch (e) { fail(`${inPath}: ${e.message}`); }

const wasi = new WASI({ version: 'preview1', args: [basename(pluginPath)], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(wasmBytes);
const imports = { wasi_snapshot_preview1: wasi.wasiImport };
for (const imp of WebAssembly.Module.imports(module)) {
  if (imp.module === 'wasi_snapshot_preview1') continue;
  if (imp.kind !== 'function') fail(`${pluginPath}: unsupported import ${imp.module}.${imp.name} (${imp.kind})`);
  imports[imp.module] ??= {};
  imports[imp.module][imp.name] = () => { throw new Error(`unimplemented import ${imp.module}.${imp.name}`); };
}
const instance = await WebAssembly.instantiate(module, imports);
const ex = instance.exports;
const legacy = !('compile-src' in ex) && 'compile_src' in ex;
const reallocName = legacy ? 'canonical_abi_realloc' : 'cabi_realloc';
const compileName = legacy ? 'compile_src' : 'compile-src';
for (const name of ['memory', reallocName, compileName]) {
  if (!(name in ex)) fail(`${pluginPath}: missing export ${name} (not a javy plugin: neither cabi_realloc/compile-src nor the legacy canonical_abi_realloc/compile_src)`);
}
// The plugin has no _start/_initialize; bind WASI to its memory without calling anything.
wasi.initialize({ exports: { memory: ex.memory, _initialize: () => {} } });

let result;
try {
  const len = source.length;
  const ptr = ex[reallocName](0, 0, 1, len) >>> 0;
  new Uint8Array(ex.memory.buffer, ptr, len).set(source);
  result = ex[compileName](ptr, len) >>> 0;
} catch (e) {
  fail(`${inPath}: the plugin trapped while compiling: ${e.message}`);
}
// Re-read the buffer: compiling may have grown memory.
const view = new DataView(ex.memory.buffer);
const words = legacy ? 0 : 4;  // legacy: no status word
const tag = legacy ? 0 : view.getUint32(result, true);
const ptr = view.getUint32(result + words, true);
const len = view.getUint32(result + words + 4, true);
const bytes = Buffer.from(new Uint8Array(ex.memory.buffer, ptr, len));
if (tag === 0) {
  writeFileSync(outPath, bytes);
} else if (tag === 1) {
  fail(`${inPath}: ${bytes.toString('utf8')}`);
} else {
  fail(`${inPath}: compile-src returned an unknown tag ${tag}`);
}
