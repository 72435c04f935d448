// node_run.mjs: the node reference harness; runs a javy module's `_start` like `wasmtime run` / app_mon.
//
// Usage: node tools/node_run.mjs [--plugin PLUGIN.wasm] APP.wasm [ARGS...]
// --plugin: APP.wasm is a javy dynamic module; PLUGIN.wasm is instantiated first (with the WASI and
// env.* imports) and APP.wasm's imports are resolved against its exports by name, as a wasmtime
// linker would. WASI works on the plugin's memory, `_start` is the app's.
// The run contract (args, exit status, trap lines in wasmtime's words, so both harnesses' stderr
// compare line for line) is tools/wasi_runner.mjs's, as docs/profile.md states it.
import {
  TRAP_EXIT, compileFile, importsFor, instantiateApp, parseArgs, trapReason, wasiFor, writeAll,
} from './wasi_runner.mjs';

const TOOL = 'node_run';
const { pluginPath, appPath, guestArgs } = parseArgs(process.argv.slice(2),
  'node node_run.mjs [--plugin PLUGIN.wasm] APP.wasm [ARGS...]');
const appModule = await compileFile(TOOL, appPath);
// With --plugin, the plugin gets the host imports and the app links to the plugin.
const module = pluginPath ? await compileFile(TOOL, pluginPath) : appModule;
const wasi = wasiFor(appPath, guestArgs);
const imports = importsFor(TOOL, appPath, module, wasi.wasiImport);

let code;
try {
  const instance = await WebAssembly.instantiate(module, imports);
  if (pluginPath) {
    const app = await instantiateApp(TOOL, appModule, appPath, pluginPath, instance);
    code = wasi.start({ exports: { memory: instance.exports.memory, _start: app.exports._start } });
  } else {
    code = wasi.start(instance);
  }
} catch (e) {
  const reason = trapReason(e);
  if (reason === null) throw e;  // a harness bug, not a guest trap: let node print it (exit 1)
  writeAll(2, `app_mon: trap: ${reason}\n`);
  process.exit(TRAP_EXIT);
}
// The guest wrote through fs.writeSync, so nothing is buffered; exit with its code.
process.exit(code ?? 0);
