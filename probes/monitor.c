/* monitor.c: fuel counters and the calling-context tree behind the probes. */
#include "monitor.h"

#include <errno.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cct.h"
#include "js_monitor.h"
#include "trace_writer.h"
#include "jmon_rt.h"

uint64_t jmon_fuel_saved;
volatile uint64_t jmon_fuel_limit = UINT64_MAX;
volatile uint8_t jmon_checks_on;

/* Stopping the guest for a signal: the watcher sets g_stop and drops the limit to 0; the guest's
 * next check (function entry or loop header) saves its fuel and parks. */
static atomic_int g_stop, g_parked;

static void stop_guest(void) {
  atomic_store(&g_stop, 1);
  jmon_fuel_limit = 0;
  jmon_checks_on = 1;
  for (int i = 0; i < 500 && !atomic_load(&g_parked); i++) {
    struct timespec ts = {0, 1000000};   /* 1 ms, up to 0.5 s: a guest in a host call never parks */
    nanosleep(&ts, NULL);
  }
}
jmon_node_t *jmon_cur;

static jmon_cct_t g_tree;

jmon_node_t *jmon_enter_slow(jmon_node_t *parent, uint32_t func) { return jmon_cct_child(&g_tree, parent, func); }

/* JMON_FUEL_LIMIT, or UINT64_MAX; jmon_fuel_limit is this unless tracing or stopping lower it. */
static uint64_t g_budget = UINT64_MAX;

/* The part of a check shared by both kinds of build: false when it did not fire for fuel or a
 * stop (it traced the entry or restored the threshold). */
static bool check_fires(uint64_t unsaved, uint32_t entered) {
  if (!atomic_load(&g_stop) && jmon_fuel_saved + unsaved < g_budget) {
    /* Not out of fuel: the threshold is 0 for the trace's sake (or the trace just ended). */
    if (!jmon_trace_wasm_on) jmon_fuel_limit = g_budget;
    else if (entered != JMON_NO_FUNC) jmon_trace_wasm_enter(entered, jmon_fuel_saved + unsaved);
    return false;
  }
  return true;
}

/* A stop signal, not fuel: wait here for the watcher to write the profile and exit. */
static void park_if_stopped(void) {
  if (!atomic_load(&g_stop)) return;
  atomic_store(&g_parked, 1);
  for (;;) pause();
}

/* Take `excess` back from `self` (a node's or a function's self fuel): @return what remains. */
static uint64_t take_back(uint64_t *self, uint64_t excess) {
  uint64_t take = *self < excess ? *self : excess;
  *self -= take;
  return excess - take;
}

void jmon_check_slow(jmon_node_t *me, uint64_t unsaved, uint32_t entered) {
  if (!check_fires(unsaved, entered)) return;
  /* The frame that checked is the innermost, leaf or not. */
  jmon_cur = me;
  jmon_save(unsaved);
  park_if_stopped();
  /* wasmtime reports the budget after running out (get_fuel() clamps at 0): take the overshoot
   * back from the most recent stacks, so every sum still adds up to the reported total. */
  if (jmon_fuel_saved > g_budget) {
    uint64_t excess = jmon_fuel_saved - g_budget;
    jmon_fuel_saved = g_budget;
    for (jmon_node_t *n = jmon_cur; n && excess; n = n->parent) excess = take_back(&n->self_fuel, excess);
    for (size_t i = g_tree.nnodes; i-- > 0 && excess;) excess = take_back(&jmon_monitor_node(i)->self_fuel, excess);
  }
  jmon_trap_with_reason("all fuel consumed by WebAssembly");
}

void jmon_check_slow_flat(jmon_func_stat_t *me, uint64_t unsaved, uint32_t entered) {
  if (!check_fires(unsaved, entered)) return;
  jmon_save_at(me, unsaved);
  park_if_stopped();
  /* The overshoot comes back from the checking function, then from the others on the stack:
   * their inclusive fuel closes at the clamped counter, so every sum still adds up. */
  if (jmon_fuel_saved > g_budget) {
    uint64_t excess = jmon_fuel_saved - g_budget;
    jmon_fuel_saved = g_budget;
    excess = take_back(&me->self_fuel, excess);
    for (uint32_t f = 0; f < jmon_probe_info.nfuncs && excess; f++)
      if (jmon_funcs[f].neg_active) excess = take_back(&jmon_funcs[f].self_fuel, excess);
  }
  jmon_trap_with_reason("all fuel consumed by WebAssembly");
}

void jmon_probes_init(void) {
  const char *lim = getenv("JMON_FUEL_LIMIT");
  if (lim && *lim) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(lim, &end, 10);
    if (errno || *end || lim[0] == '-') jmon_warn("JMON_FUEL_LIMIT=%s is not a number: ignored", lim);
    else {
      jmon_fuel_limit = g_budget = v;
      jmon_checks_on = 1;
    }
  }
  jmon_cct_init(&g_tree);
  jmon_cur = g_tree.root;
  jmon_rt_stop_guest = stop_guest;
  const char *trace = getenv("JMON_TRACE");
  if (trace && *trace) {
    const char *wasm = getenv("JMON_TRACE_WASM");
    if (jmon_trace_open(trace, wasm && strcmp(wasm, "1") == 0, jmon_module.module_name) != 0)
      jmon_warn("JMON_TRACE=%s: cannot write the trace: %s", trace, strerror(errno));
    else if (jmon_trace_wasm_on) {
      jmon_fuel_limit = 0;   /* every entry takes jmon_check_slow, which traces it */
      jmon_checks_on = 1;
    }
  }
}

void jmon_probes_startup(uint32_t func, uint32_t fuel) {
  if (!jmon_probe_info.wasm_stacks) {
    /* The same on the function's counters. The start-up runs outside any activation of `func`,
     * so its fuel goes into the inclusive fuel too (the entry/exit bracket does not see it). */
    jmon_func_stat_t *s = &jmon_funcs[func];
    s->calls++;
    if (JMON_CHECK_FIRES(1)) jmon_check_slow_flat(s, 1, JMON_NO_FUNC);
    s->calls--;
    jmon_save_at(s, fuel);
    s->total_fuel += fuel;
    return;
  }
  jmon_node_t *n = jmon_enter_slow(jmon_cur, func);
  /* The entry check: if it runs out of fuel, the row shows a call so that the budget it holds
   * is in the profile's function sums. */
  n->calls++;
  if (JMON_CHECK_FIRES(1)) jmon_check_slow(n, 1, JMON_NO_FUNC);
  n->calls--;
  jmon_save_at(n, fuel);
}

static int g_returned;
void jmon_probes_returned(void) { g_returned = 1; }
int jmon_monitor_returned(void) { return g_returned; }

const jmon_cct_t *jmon_monitor_tree(void) { return &g_tree; }
jmon_node_t *jmon_monitor_node(size_t id) { return jmon_cct_node(&g_tree, id); }
uint64_t jmon_monitor_total_fuel(void) { return jmon_fuel_saved; }

void jmon_monitor_function_stats(uint32_t f, uint64_t *calls, uint64_t *self_fuel, uint64_t *total_fuel) {
  const jmon_func_stat_t *s = &jmon_funcs[f];
  *calls = s->calls;
  *self_fuel = s->self_fuel;
  /* Still on the stack (a trap, a stop or proc_exit): its inclusive fuel runs to the end. A
   * leaf keeps no bracket (total 0): its inclusive fuel is its self fuel, and for any other
   * function inclusive >= self, so the larger of the two is right for both. */
  uint64_t total = s->total_fuel + (s->neg_active ? jmon_fuel_saved : 0);
  *total_fuel = total > s->self_fuel ? total : s->self_fuel;
}

void jmon_probes_at_exit(int exit_code, const char *trap) {
  jmon_trace_close();
  /* A trap inside JS: the JS stack follows the runtime's trap line. */
  if (trap && exit_code == 134 && jmon_js_enabled()) jmon_js_print_stack(stderr);
  const char *path = getenv("JMON_PROFILE");
  if (!path || !*path) path = "jmon-profile.json";
  int rc = jmon_profile_write(path, exit_code, trap);
  if (rc != 0) fprintf(stderr, "app_mon: cannot write the profile %s: %s\n", path, strerror(errno));
  const char *summary = getenv("JMON_SUMMARY");
  if (summary && strcmp(summary, "1") == 0) {
    fprintf(stderr, "jmon: total_fuel=%llu exit=%d%s%s profile=%s\n",
            (unsigned long long)jmon_fuel_saved, exit_code, trap ? " trap=" : "", trap ? trap : "",
            rc == 0 ? path : "(not written)");
  }
}
