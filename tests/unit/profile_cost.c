/* profile_cost.c: synthetic runs of chosen shapes and sizes for the profile writer's cost test (run_profile_cost.sh).
 *
 * Usage: profile_cost SHAPE SCALE OUT.json      SHAPE: stacks | functions | big; SCALE 1..8
 * Builds, through the monitors' own entry points, what a run leaves behind (a wasm calling-
 * context tree; JS functions found in a fake guest heap by their bytecode, their per-position
 * stats, JS stacks), then writes the profile with jmon_profile_write(), the function
 * run_profile_cost.sh measures under callgrind. Each SHAPE grows one dimension with SCALE, so
 * the profile grows about linearly with SCALE and a writer that is super-linear in that
 * dimension shows a growing cost per output byte:
 *   stacks     wasm and JS stacks SCALE times as deep (and as many)   e.g. a stack walk per frame
 *   functions  SCALE times as many JS functions                       e.g. a lookup per function
 *   big        JS functions SCALE times as long, with as many more
 *              pc2line rows and positions run                         e.g. a row scan per position
 * Deterministic (a fixed PRNG): the same arguments write the same profile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jmon_rt.h"
#include "js_monitor.h"
#include "monitor.h"

#define MAX_SCALE 8
#define NWASM 2048                     /* wasm functions of the "module" */
#define NJS 1024                       /* JS functions of its "bytecode" */
#define JS_MAX_LEN 2048                /* bytecode bytes of the longest JS function */
#define ROW_EVERY 3                    /* a pc2line row every 3 bytecode bytes */

static const char *g_wasm_names[NWASM];
static char g_wasm_name_buf[NWASM][8];
/* With wasm stacks: the runs below build a calling-context tree (jmon_funcs stays unused). */
const jmon_probe_info_t jmon_probe_info = {NWASM, 0, g_wasm_names, "wasmtime39", true};
jmon_func_stat_t jmon_funcs[NWASM];

static jmon_js_func_info_t g_funcs[NJS];
static char g_js_names[NJS][12];
static uint8_t g_code[NJS * JS_MAX_LEN];
static uint8_t g_mask[NJS * JS_MAX_LEN / 8];
static jmon_js_line_t g_lines[NJS * (JS_MAX_LEN / ROW_EVERY + 1)];
static const char *const g_files[] = {"src/b.js", "src/a.js"}; /* file index = f % 2 */
static const char *const g_packages[] = {"", ""};                /* no source map */
const jmon_js_info_t jmon_js_info = {
    .interp_func = 7, .pc_load_offset = 1234, .quickjs = "synthetic", .nfuncs = NJS, .funcs = g_funcs,
    .code = g_code, .mask = g_mask, .lines = g_lines, .warning = NULL, .nopcodes = 0, .opcode_names = NULL,
    .nfiles = 2, .files = g_files, .packages = g_packages};

const jmon_module_desc_t jmon_module = {"profile_cost.wasm", "0000", "js", NULL, NULL, NULL, NULL};

/* What runtime/main.c and trap.c provide in an app_mon; this program runs no guest. */
void (*jmon_rt_stop_guest)(void);
void jmon_trap_with_reason(const char *reason) {
  fprintf(stderr, "profile_cost: unexpected trap: %s\n", reason);
  abort();
}

static uint32_t g_seed = 12345;
static uint32_t rnd(uint32_t n) {
  g_seed = g_seed * 1103515245u + 12345u;
  return (g_seed >> 8) % n;
}

/* Where JS function f's bytecode sits in the fake heap. */
#define HEAP_BASE 0x10000u
static uint32_t heap_addr(uint32_t f) { return HEAP_BASE + f * JS_MAX_LEN; }

static uint8_t g_heap[HEAP_BASE + NJS * JS_MAX_LEN];
static wasm_rt_memory_t g_memory = {g_heap, 0, 0, sizeof g_heap};

static uint64_t g_now;     /* the fuel counter the JS probes are given */
static uint32_t g_nfuncs_called, g_len, g_ops, g_depth;

/* One JS call of function f at depth d: g_ops opcodes, up to g_depth levels of calls below. */
static void js_call(uint32_t f, uint32_t d) {
  uint32_t base = heap_addr(f);
  jmon_js_enter(g_now, 0, 0, 0);   /* no layout: the frame is identified by its first opcode */
  jmon_js_view_t v = {0, 0, NULL};
  jmon_js_pc(base, g_now, &v);
  for (uint32_t k = 0; k < g_ops; k++) {
    g_now += 1 + rnd(20);
    jmon_js_pc(base + rnd(g_len), g_now, &v);
  }
  if (d + 1 < g_depth) js_call(rnd(g_nfuncs_called), d + 1);
  g_now += 1 + rnd(20);
  jmon_js_pc(base + rnd(g_len), g_now, &v);
  g_now += 3;
  jmon_js_exit(g_now);
}

/* A wasm stack `depth` frames deep under the root, random functions (so distinct): calls and
 * fuel on every node. @return its fuel. */
static uint64_t wasm_stack(uint32_t depth) {
  uint64_t fuel = 0;
  jmon_node_t *n = jmon_monitor_node(0);
  for (uint32_t d = 0; d < depth; d++) {
    n = jmon_enter_slow(n, rnd(NWASM));
    n->calls += 1 + rnd(5);
    uint64_t x = 1 + rnd(1000);
    n->self_fuel += x;
    fuel += x;
  }
  return fuel;
}

int main(int argc, char **argv) {
  int scale = argc == 4 ? atoi(argv[2]) : 0;
  const char *shape = argc == 4 ? argv[1] : "";
  uint32_t k = (uint32_t)scale, stacks = 64, depth = 8;
  g_nfuncs_called = 32;
  g_len = 96;
  g_ops = 6;
  if (scale < 1 || scale > MAX_SCALE) shape = "";
  if (strcmp(shape, "stacks") == 0) {
    depth *= k;
  } else if (strcmp(shape, "functions") == 0) {
    g_nfuncs_called *= k;
    stacks *= k;
  } else if (strcmp(shape, "big") == 0) {
    g_len *= 2 * k;
    g_ops *= 2 * k;
  } else {
    fprintf(stderr, "usage: profile_cost stacks|functions|big SCALE(1..%d) OUT.json\n", MAX_SCALE);
    return 2;
  }
  g_depth = depth;
  for (uint32_t i = 0; i < NWASM; i++) {
    snprintf(g_wasm_name_buf[i], sizeof g_wasm_name_buf[i], "f%u", i);
    g_wasm_names[i] = g_wasm_name_buf[i];
  }
  /* The module's JS functions: distinct bytecode (its first four bytes are the function's
   * number), copied into the heap where the guest would have loaded it. */
  uint32_t nrows = 0;
  for (uint32_t f = 0; f < NJS; f++) {
    snprintf(g_js_names[f], sizeof g_js_names[f], "fn%u", f);
    uint32_t off = f * JS_MAX_LEN;
    g_funcs[f] = (jmon_js_func_info_t){.name = g_js_names[f], .file = g_files[f % 2],
                                       .line = (int32_t)(10000 * f + 1), .col = 1, .code_off = off,
                                       .code_len = g_len, .lines_off = nrows, .nlines = 0, .package = "",
                                       .file_idx = (int32_t)(f % 2), .bc_line = (int32_t)(10000 * f + 1),
                                       .bc_col = 1};
    for (uint32_t i = 0; i < g_len; i++) g_code[off + i] = i < 4 ? (uint8_t)(f >> (8 * i)) : (uint8_t)rnd(256);
    memcpy(g_heap + heap_addr(f), g_code + off, g_len);
    for (uint32_t pc = ROW_EVERY; pc < g_len; pc += ROW_EVERY)
      g_lines[nrows++] = (jmon_js_line_t){pc, (int32_t)(10000 * f + 1 + pc / ROW_EVERY), 1, (int32_t)(f % 2)};
    g_funcs[f].nlines = nrows - g_funcs[f].lines_off;
  }

  jmon_probes_init();
  jmon_js_init(&g_memory);
  for (uint32_t r = 0; r < stacks; r++) js_call(rnd(g_nfuncs_called), 0);
  uint64_t wasm_fuel = 0;
  /* (big: few, so that its profile is mostly the functions' own part) */
  for (uint32_t r = 0, n = strcmp(shape, "big") == 0 ? 16 : 4 * stacks; r < n; r++) wasm_fuel += wasm_stack(depth * 2);
  jmon_node_t *interp = jmon_enter_slow(jmon_monitor_node(0), 0);   /* where the JS ran */
  interp->calls++;
  interp->self_fuel += g_now;
  jmon_fuel_saved = wasm_fuel + g_now;
  jmon_probes_returned();
  if (jmon_profile_write(argv[3], 0, NULL) != 0) {
    perror(argv[3]);
    return 1;
  }
  return 0;
}
