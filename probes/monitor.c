/* monitor.c: fuel counters and the calling-context tree behind the probes. */
#include "monitor.h"

#include <errno.h>
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

void jmon_check_slow(jmon_node_t *me, uint64_t unsaved, uint32_t entered) {
  if (!atomic_load(&g_stop) && jmon_fuel_saved + unsaved < g_budget) {
    /* Not out of fuel: the threshold is 0 for the trace's sake (or the trace just ended). */
    if (!jmon_trace_wasm_on) jmon_fuel_limit = g_budget;
    else if (entered != JMON_NO_FUNC) jmon_trace_wasm_enter(entered, jmon_fuel_saved + unsaved);
    return;
  }
  /* The frame that checked is the innermost, leaf or not. */
  jmon_cur = me;
  jmon_save(unsaved);
  if (atomic_load(&g_stop)) {
    /* A stop signal, not fuel: wait here for the watcher to write the profile and exit. */
    atomic_store(&g_parked, 1);
    for (;;) pause();
  }
  /* wasmtime reports the budget after running out (get_fuel() clamps at 0): take the overshoot
   * back from the most recent stacks, so every sum still adds up to the reported total. */
  if (jmon_fuel_saved > g_budget) {
    uint64_t excess = jmon_fuel_saved - g_budget;
    jmon_fuel_saved = g_budget;
    for (jmon_node_t *n = jmon_cur; n && excess; n = n->parent) {
      uint64_t take = n->self_fuel < excess ? n->self_fuel : excess;
      n->self_fuel -= take;
      excess -= take;
    }
    for (size_t i = g_tree.nnodes; i-- > 0 && excess;) {
      jmon_node_t *n = jmon_monitor_node(i);
      uint64_t take = n->self_fuel < excess ? n->self_fuel : excess;
      n->self_fuel -= take;
      excess -= take;
    }
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
