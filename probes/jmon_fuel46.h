/* jmon_fuel46.h: the bulk-operator probes of --fuel-model wasmtime46, included after jmon_probes.h
 * by the generated units of such builds only (wasmtime39 builds compile exactly what they did).
 * wasmtime 46 charges memory.copy/fill/init and table.copy/fill/init/grow 1 + n, n their length
 * (docs/fuel-model.md §7). The pass weaves bulk_len(n) right before the operator and one of the
 * others right after it, so an operator that traps (out of bounds: wasmtime checks bounds before
 * it adds n) adds nothing more, and the out-of-fuel check runs where wasmtime's does. Built on
 * JMON_P_fuel and JMON_P_loop_check: the unsaved counter stays jmon_probes.h's business. */
#ifndef JMON_FUEL46_H
#define JMON_FUEL46_H

#include <stdint.h>
#include "jmon_probes.h"

/** The length of the bulk operator running now (one per unit: its two probes share a function,
 *  and no guest code runs between them). */
static uint32_t jmon_bulk_n;

/** jmon.bulk_len(n) -> n: remember the operator's length. */
#define JMON_P_bulk_len(inst, n) ((void)(inst), jmon_bulk_n = (uint32_t)(n))

/** jmon.bulk_bytes(): after memory.copy/fill/init: add n, then wasmtime's manual_fuel_check
 *  (checked even when n = 0). */
#define JMON_P_bulk_bytes(inst) (JMON_P_fuel(inst, jmon_bulk_n), JMON_P_loop_check(inst))

/** jmon.bulk_elems(): after table.copy/fill/init, a loop of n elements that checks at each one:
 *  add n, and check unless n = 0 (the same verdict as n checks, as fuel only grows). */
#define JMON_P_bulk_elems(inst) (jmon_bulk_n ? JMON_P_bulk_bytes(inst) : (void)0)

/** jmon.bulk_grown(result, k) -> result: after table.grow. The grown slots are filled like
 *  table.fill, only when the grow succeeded (result != -1); the k units buffered since the last
 *  increment (the grow's own 1 included) are added on that path only, as wasmtime 46 does. */
#define JMON_P_bulk_grown(inst, r, k)                  \
  __extension__({                                      \
    uint32_t jmon_grown = (uint32_t)(r);               \
    if (jmon_grown != UINT32_MAX) {                    \
      JMON_P_fuel(inst, (k));                          \
      JMON_P_bulk_elems(inst);                         \
    }                                                  \
    jmon_grown;                                        \
  })

#endif
