// javy_compile.mjs: compile JS to QuickJS bytecode with a javy plugin's `compile-src`, as `javy build` does.
//
// Usage: node tests/tools/javy_compile.mjs PLUGIN.wasm IN.js OUT.bc
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
for (const name of ['memory', 'cabi_realloc', 'compile-src']) {
  if (!(name in ex)) fail(`${pluginPath}: missing export ${name} (not a javy plugin of the cabi_realloc/compile-src generation)`);
}
// The plugin has no _start/_initialize; bind WASI to its memory without calling anything.
wasi.initialize({ exports: { memory: ex.memory, _initialize: () => {} } });

let result;
try {
  const len = source.length;
  const ptr = ex.cabi_realloc(0, 0, 1, len) >>> 0;
  new Uint8Array(ex.memory.buffer, ptr, len).set(source);
  result = ex['compile-src'](ptr, len) >>> 0;
} catch (e) {
  fail(`${inPath}: the plugin trapped while compiling: ${e.message}`);
}
// Re-read the buffer: compiling may have grown memory.
const view = new DataView(ex.memory.buffer);
const tag = view.getUint32(result, true);
const ptr = view.getUint32(result + 4, true);
const len = view.getUint32(result + 8, true);
const bytes = Buffer.from(new Uint8Array(ex.memory.buffer, ptr, len));
if (tag === 0) {
  writeFileSync(outPath, bytes);
} else if (tag === 1) {
  fail(`${inPath}: ${bytes.toString('utf8')}`);
} else {
  fail(`${inPath}: compile-src returned an unknown tag ${tag}`);
}
