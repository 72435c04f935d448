// node_run.mjs: the node reference harness; runs a javy module's `_start` like `wasmtime run` / app_mon.
//
// Usage: node tests/tools/node_run.mjs [--plugin PLUGIN.wasm] APP.wasm [ARGS...]
// --plugin: APP.wasm is a javy dynamic module; PLUGIN.wasm is instantiated first (with the WASI and
// env.* imports below) and APP.wasm's imports are resolved against its exports by name (the
// import module is the plugin's import namespace), as a wasmtime linker would. WASI works on the
// plugin's memory, `_start` is the app's.
// WASI preview1 (node:wasi): args = [basename(APP.wasm), ARGS...], empty environment, no preopens,
// stdin/stdout/stderr are the process's own fds 0/1/2.
// Exit status and stderr follow the app_mon contract (docs/profile.md):
//   _start returns        -> 0
//   proc_exit(N)          -> N
//   a wasm trap           -> `app_mon: trap: <reason>` on stderr, exit 134
//   an `env.*` import (Chainlink host functions, never provided here) -> trap
//                            `unimplemented import env.NAME`, exit 134
// V8's trap messages are translated to wasmtime's words (the ones app_mon prints) so both
// harnesses' stderr can be compared line for line; unknown messages pass through unchanged.
import { readFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';

// node:wasi prints an ExperimentalWarning when loaded; stderr must hold only guest output.
process.removeAllListeners('warning');
const { WASI } = await import('node:wasi');

const TRAP_EXIT = 134;

/** V8 RuntimeError message -> wasmtime trap reason (as app_mon reports it). */
const V8_TO_WASMTIME = new Map([
  ['unreachable', 'wasm `unreachable` instruction executed'],
  ['memory access out of bounds', 'out of bounds memory access'],
  ['divide by zero', 'integer divide by zero'],
  ['remainder by zero', 'integer divide by zero'],
  ['divide result unrepresentable', 'integer overflow'],
  ['float unrepresentable in integer range', 'invalid conversion to integer'],
  ['null function or function signature mismatch', 'indirect call type mismatch'],
  ['function signature mismatch', 'indirect call type mismatch'],
  ['table index is out of bounds', 'undefined element: out of bounds table access'],
  ['data segment out of bounds', 'out of bounds memory access'],
  ['Maximum call stack size exceeded', 'call stack exhausted'],
]);

/** Thrown by the env.* stubs; unwinds through wasm (the module has no exception handling). */
class UnimplementedImport extends Error {}

function writeAll(fd, text) {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

function trap(reason) {
  writeAll(2, `app_mon: trap: ${reason}\n`);
  process.exit(TRAP_EXIT);
}

let argv = process.argv.slice(2);
let pluginPath = null;
if (argv[0] === '--plugin') {
  pluginPath = argv[1];
  argv = argv.slice(2);
}
const [appPath, ...guestArgs] = argv;
if (!appPath || (argv.length === 0 && pluginPath !== null)) {
  writeAll(2, 'usage: node node_run.mjs [--plugin PLUGIN.wasm] APP.wasm [ARGS...]\n');
  process.exit(2);
}

async function compileFile(path) {
  try {
    return await WebAssembly.compile(readFileSync(path));
  } catch (e) {
    writeAll(2, `node_run: error: ${path}: ${e.message}\n`);
    process.exit(1);
  }
}
const appModule = await compileFile(appPath);
// With --plugin, the plugin gets the host imports and the app links to the plugin.
const module = pluginPath ? await compileFile(pluginPath) : appModule;

const wasi = new WASI({
  version: 'preview1',
  args: [basename(appPath), ...guestArgs],
  env: {},
  preopens: {},
  returnOnExit: true,
});
const imports = { wasi_snapshot_preview1: wasi.wasiImport };
for (const imp of WebAssembly.Module.imports(module)) {
  if (imp.module === 'wasi_snapshot_preview1') continue;
  if (imp.kind !== 'function') {
    writeAll(2, `node_run: error: ${appPath}: cannot provide import ${imp.module}.${imp.name} (${imp.kind})\n`);
    process.exit(1);
  }
  imports[imp.module] ??= {};
  imports[imp.module][imp.name] = () => {
    throw new UnimplementedImport(`unimplemented import ${imp.module}.${imp.name}`);
  };
}

let code;
try {
  const instance = await WebAssembly.instantiate(module, imports);
  if (pluginPath) {
    const appImports = {};
    for (const imp of WebAssembly.Module.imports(appModule)) {
      const value = instance.exports[imp.name];
      if (value === undefined) {
        writeAll(2, `node_run: error: ${pluginPath} does not export ${imp.name} (imported by ${appPath} from ${imp.module})\n`);
        process.exit(1);
      }
      appImports[imp.module] ??= {};
      appImports[imp.module][imp.name] = value;
    }
    const app = await WebAssembly.instantiate(appModule, appImports);
    code = wasi.start({ exports: { memory: instance.exports.memory, _start: app.exports._start } });
  } else {
    code = wasi.start(instance);
  }
} catch (e) {
  if (e instanceof UnimplementedImport) trap(e.message);
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
    trap(V8_TO_WASMTIME.get(e.message) ?? e.message);
  }
  throw e;  // a harness bug, not a guest trap: let node print it (exit 1)
}
// The guest wrote through fs.writeSync, so nothing is buffered; exit with its code.
process.exit(code ?? 0);
