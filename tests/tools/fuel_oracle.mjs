// fuel_oracle.mjs: runs a jmon-fuel-oracle output's `_start` under node:wasi and prints `fuel: N` last on stderr.
//
// Usage: node tests/tools/fuel_oracle.mjs [--plugin PLUGIN_OUT.wasm] OUT.wasm [ARGS...]
//   --plugin: OUT.wasm is a javy dynamic module linked to PLUGIN_OUT.wasm (both made by
//   jmon-fuel-oracle), as tools/node_run.mjs --plugin does; the fuel printed is the sum of
//   both counters (one wasmtime store counts both instances), the count that of the plugin.
//   OUT.wasm comes from `jmon-fuel-oracle IN.wasm -o OUT.wasm` and exports the i64 global
//   `jmon_fuel_count`. Same WASI setup and exit/trap contract as tools/node_run.mjs
//   (tools/wasi_runner.mjs)
//   (args = [basename(OUT.wasm), ARGS...], empty env, no preopens; exit 0 / proc_exit code /
//   134 with `app_mon: trap: <reason>`; env.* imports trap as `unimplemented import env.NAME`).
// Whatever the ending (return, proc_exit, trap), the very last stderr line is `fuel: N`, the
// counter's value: wasmtime 39's fuel for programs that do not trap mid-block (see
// docs/fuel-model.md for the mid-block trap difference). `fuel: unknown` when instantiation
// itself failed (a trapping start function), since the counter is then unreachable.

import {
  TRAP_EXIT, compileFile, importsFor, instantiateApp, parseArgs, trapReason, wasiFor, writeAll,
} from '../../tools/wasi_runner.mjs';

const TOOL = 'fuel_oracle';
const COUNTER_EXPORT = 'jmon_fuel_count';

let instance = null;     // the instance holding the memory and the WASI imports
let appInstance = null;  // with --plugin: the dynamic module's instance

/** Prints the counter as stderr's last line and exits. */
function finish(code) {
  const g = instance?.exports[COUNTER_EXPORT];
  let fuel = g instanceof WebAssembly.Global ? BigInt.asUintN(64, g.value) : null;
  if (fuel !== null && appInstance) fuel = BigInt.asUintN(64, fuel + appInstance.exports[COUNTER_EXPORT].value);
  fuel = fuel === null ? 'unknown' : fuel.toString();
  // jmon-fuel-oracle --count-at: executions of one instruction (e.g. the interpreter's opcode load)
  const c = instance?.exports.jmon_count_at;
  if (c instanceof WebAssembly.Global) writeAll(2, `count: ${BigInt.asUintN(64, c.value)}\n`);
  writeAll(2, `fuel: ${fuel}\n`);
  process.exit(code);
}

const { pluginPath, appPath, guestArgs } = parseArgs(process.argv.slice(2),
  'node fuel_oracle.mjs [--plugin PLUGIN_OUT.wasm] OUT.wasm [ARGS...]');

async function compileCounted(path) {
  const m = await compileFile(TOOL, path);
  if (!WebAssembly.Module.exports(m).some((e) => e.name === COUNTER_EXPORT && e.kind === 'global')) {
    writeAll(2, `${TOOL}: error: ${path}: no ${COUNTER_EXPORT} export (run jmon-fuel-oracle first)\n`);
    process.exit(1);
  }
  return m;
}
const appModule = await compileCounted(appPath);
// With --plugin the plugin gets the host imports and the app links to the plugin's exports.
const module = pluginPath ? await compileCounted(pluginPath) : appModule;

const wasi = wasiFor(appPath, guestArgs);
let wasiImport = wasi.wasiImport;
// JMON_DETERMINISTIC=1: the clocks and random bytes app_mon gives in that mode (jmon_rt.h):
// realtime starts at 1700000000 s, the other clocks at 0, every reading advances that clock by
// 1 ms; random_get writes zeros. Written here independently, so counts can be compared.
if (process.env.JMON_DETERMINISTIC === '1') {
  const fake = [1700000000000000000n, 0n, 0n, 0n];
  const mem = () => new DataView(instance.exports.memory.buffer);
  wasiImport = {
    ...wasi.wasiImport,
    clock_time_get(id, _precision, out) {
      if (id > 3) return 28;  // EINVAL
      mem().setBigUint64(out, fake[id], true);
      fake[id] += 1000000n;
      return 0;
    },
    random_get(buf, len) {
      new Uint8Array(instance.exports.memory.buffer, buf, len).fill(0);
      return 0;
    },
  };
}
const imports = importsFor(TOOL, appPath, module, wasiImport);

let code;
try {
  // Instantiate first so the counter stays readable when `_start` traps.
  instance = await WebAssembly.instantiate(module, imports);
  if (pluginPath) {
    appInstance = await instantiateApp(TOOL, appModule, appPath, pluginPath, instance);
    code = wasi.start({ exports: { memory: instance.exports.memory, _start: appInstance.exports._start } });
  } else if (instance.exports.memory instanceof WebAssembly.Memory) {
    code = wasi.start(instance);
  } else {
    // node:wasi refuses modules without an exported memory; wasmtime runs them, and such
    // modules cannot usefully call WASI anyway, so call `_start` directly.
    if (typeof instance.exports._start !== 'function') {
      writeAll(2, `${TOOL}: error: ${appPath}: no _start export\n`);
      process.exit(1);
    }
    instance.exports._start();
  }
} catch (e) {
  const reason = trapReason(e);
  if (reason === null) throw e;  // a harness bug, not a guest trap: let node print it (exit 1)
  writeAll(2, `app_mon: trap: ${reason}\n`);
  finish(TRAP_EXIT);
}
finish(code ?? 0);
