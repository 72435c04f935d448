// wasi_runner.mjs: what node_run.mjs and fuel_oracle.mjs share: app_mon's run contract under
// node:wasi (args, empty environment, no preopens; `_start` returns -> 0, proc_exit(N) -> N, a
// wasm trap -> `app_mon: trap: <reason>` in wasmtime's words and exit 134; imports other than
// WASI trap as `unimplemented import MODULE.NAME`), and the --plugin linking of a javy dynamic
// module (the plugin gets the host imports, the app's imports resolve to its exports by name).
import { readFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';

// node:wasi prints an ExperimentalWarning when loaded; stderr must hold only guest output.
process.removeAllListeners('warning');
const { WASI } = await import('node:wasi');

export const TRAP_EXIT = 134;

/** V8 RuntimeError message -> wasmtime trap reason (the words app_mon prints). */
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

/** Thrown by the stubs of imports nobody provides; unwinds through wasm (no exception handling). */
class UnimplementedImport extends Error {}

export function writeAll(fd, text) {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/** `[--plugin PLUGIN.wasm] APP.wasm [ARGS...]`; prints `usage` and exits 2 when malformed. */
export function parseArgs(argv, usage) {
  let pluginPath = null;
  if (argv[0] === '--plugin') {
    pluginPath = argv[1];
    argv = argv.slice(2);
  }
  const [appPath, ...guestArgs] = argv;
  if (!appPath) {
    writeAll(2, `usage: ${usage}\n`);
    process.exit(2);
  }
  return { pluginPath, appPath, guestArgs };
}

/** Compile a .wasm file; on failure `TOOL: error: PATH: why` and exit 1. */
export async function compileFile(tool, path) {
  try {
    return await WebAssembly.compile(readFileSync(path));
  } catch (e) {
    writeAll(2, `${tool}: error: ${path}: ${e.message}\n`);
    process.exit(1);
  }
}

/** The WASI instance app_mon's contract asks for, and the import object of `module` around it
 *  (`wasiImport` may replace node's WASI functions, e.g. deterministic clocks). */
export function wasiFor(appPath, guestArgs) {
  return new WASI({ version: 'preview1', args: [basename(appPath), ...guestArgs], env: {}, preopens: {},
                    returnOnExit: true });
}

export function importsFor(tool, appPath, module, wasiImport) {
  const imports = { wasi_snapshot_preview1: wasiImport };
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === 'wasi_snapshot_preview1') continue;
    if (imp.kind !== 'function') {
      writeAll(2, `${tool}: error: ${appPath}: cannot provide import ${imp.module}.${imp.name} (${imp.kind})\n`);
      process.exit(1);
    }
    imports[imp.module] ??= {};
    imports[imp.module][imp.name] = () => {
      throw new UnimplementedImport(`unimplemented import ${imp.module}.${imp.name}`);
    };
  }
  return imports;
}

/** --plugin: instantiate the app against the plugin instance's exports, by import name. */
export async function instantiateApp(tool, appModule, appPath, pluginPath, plugin) {
  const appImports = {};
  for (const imp of WebAssembly.Module.imports(appModule)) {
    const value = plugin.exports[imp.name];
    if (value === undefined) {
      writeAll(2, `${tool}: error: ${pluginPath} does not export ${imp.name} (imported by ${appPath} from ${imp.module})\n`);
      process.exit(1);
    }
    appImports[imp.module] ??= {};
    appImports[imp.module][imp.name] = value;
  }
  return WebAssembly.instantiate(appModule, appImports);
}

/** The trap reason (wasmtime's words) of an exception a guest raised, or null for a harness bug. */
export function trapReason(e) {
  if (e instanceof UnimplementedImport) return e.message;
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) return V8_TO_WASMTIME.get(e.message) ?? e.message;
  return null;
}
