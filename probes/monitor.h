/* monitor.h: the monitor's state between the generated glue, the probes and the profile writer. */
#ifndef JMON_MONITOR_H
#define JMON_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cct.h"
#include "jmon_probes.h"

/** What the glue tells the monitor about the module (defined in jmon_glue.c). */
typedef struct {
  uint32_t nfuncs;                  /**< functions of the input module, imports included */
  uint32_t nimported_funcs;         /**< of the input module */
  const char *const *func_names;    /**< [nfuncs]: export/name-section name or "f<N>" */
  const char *fuel_model;           /**< "wasmtime39" or "wasmtime46" */
  bool wasm_stacks;                 /**< the calling-context tree is kept (else only jmon_funcs) */
} jmon_probe_info_t;

/** Defined by the generated glue when the module has probes. */
extern const jmon_probe_info_t jmon_probe_info;

/** Before instantiation: read JMON_FUEL_LIMIT, make the root node. Called by the glue. */
void jmon_probes_init(void);

/**
 * wasmtime 46's start-up function (docs/fuel-model.md §7), run by the glue after
 * jmon_probes_init() and before instantiation when the module needs one: `fuel` units, of which
 * the first is its entry, checked for fuel as any function entry is. They are the self fuel of
 * input function `func` (the start function, else `_start`): the start-up function is none of
 * the module's own.
 */
void jmon_probes_startup(uint32_t func, uint32_t fuel);

/** Called by the glue when `_start` returned (not proc_exit, trap or signal). */
void jmon_probes_returned(void);
/** True after jmon_probes_returned(). */
int jmon_monitor_returned(void);

/** jmon_module.at_exit for probed modules: write the profile (JMON_PROFILE) and the summary. */
void jmon_probes_at_exit(int exit_code, const char *trap);

/** The wasm calling-context tree. */
const jmon_cct_t *jmon_monitor_tree(void);

/** A node by id, in creation order (parents first). */
jmon_node_t *jmon_monitor_node(size_t id);

/** Function `f`'s counters in a build without wasm stacks (jmon_funcs), its inclusive fuel closed
 *  at the current counter when it is still on the stack. */
void jmon_monitor_function_stats(uint32_t f, uint64_t *calls, uint64_t *self_fuel, uint64_t *total_fuel);

/** Fuel the run consumed, as wasmtime reports it (capped at the limit after out of fuel). */
uint64_t jmon_monitor_total_fuel(void);

/**
 * Write the profile JSON to `path`. @return 0, or -1 with errno set.
 * exit_code/trap as given to at_exit.
 */
int jmon_profile_write(const char *path, int exit_code, const char *trap);

#endif
