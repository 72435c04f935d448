/* fuel_pass.h: wasmtime's fuel accounting, woven into one function body as probe calls.
 * The rules (docs/fuel-model.md, from wasmtime v39.0.1 crates/cranelift/src/func_environ.rs):
 * operators cost 0 or 1; the cost buffered since the last control operator is added to the
 * function's unsaved counter at loop/if/else/end/br/br_if/br_table ("increment"), and the
 * unsaved counter reaches the global one at call/call_indirect/return/unreachable and at the
 * function's exit ("save"). A trap between saves loses the unsaved part, exactly as wasmtime.
 * With `wasmtime46` the bulk operators also cost their run-time length (docs/fuel-model.md §7). */
#ifndef JMON_FUEL_PASS_H
#define JMON_FUEL_PASS_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm_module.h"

/** What an operator does to the fuel buffer under wasmtime 39's rules. */
typedef enum {
  JMON_FUEL_BUFFER = 0,   /**< add its cost to the buffer, nothing else */
  JMON_FUEL_INCREMENT,    /**< add its cost, then move the buffer into the unsaved counter */
  JMON_FUEL_SAVE          /**< add its cost, move the buffer, save the counter globally */
} jmon_fuel_action_t;

/** @return the fuel cost (0 or 1) of `opcode` under wasmtime 39. */
uint32_t jmon_fuel_cost(uint16_t opcode);

/** @return what `opcode` does to the buffer (see jmon_fuel_action_t). */
jmon_fuel_action_t jmon_fuel_action(uint16_t opcode);

/** Probe function indices the pass calls. */
typedef struct {
  uint32_t fuel, fuel_save, loop_check;
  /** Byte size of memory 0 at its maximum (0 = no maximum): accesses whose static offset
   *  reaches past it trap unconditionally, and wasmtime saves before them. */
  uint64_t memory_max_bytes;
  /** Index of the interpreter's opcode load in this function, or -1: the buffer is flushed and
   *  `pc` (addr) -> addr called right before it, so the probe sees the exact fuel so far; the
   *  load itself is the new opcode's first unit. */
  long pc_instr;
  uint32_t pc;
  /** wasmtime 46's rules (docs/fuel-model.md §7): memory.copy/fill/init and table.copy/fill/init/
   *  grow also cost n, their length operand. false = wasmtime 39; the probes below are unused. */
  bool wasmtime46;
  uint32_t bulk_len;    /**< (n) -> n, right before the operator: remember its length */
  uint32_t bulk_bytes;  /**< () after memory.copy/fill/init: add the length, check for fuel */
  uint32_t bulk_elems;  /**< () after table.copy/fill/init: add the length, check when it is > 0 */
  uint32_t bulk_grown;  /**< (result, k) -> result after table.grow: when it grew, add k and the
                             length, check when the length is > 0; when it failed, k is lost */
} jmon_fuel_probes_t;

/**
 * Rewrite `fn`'s instructions with fuel probes. The function entry's cost of 1 is not woven:
 * the generated prologue starts the unsaved counter at 1 (JMON_FUNC_ENTER).
 * @return the number of probe calls inserted, or -1 when out of memory (fn unchanged).
 */
long jmon_fuel_pass(jmon_func_t *fn, const jmon_fuel_probes_t *probes);

/**
 * wasmtime 46's fuel for instantiating `m`: what its compiled start-up function costs
 * (docs/fuel-model.md §7). 0 when the module needs none (or only memory images, which
 * copy-on-write initialises); else 1 (its entry) + 1 per operator of passive element item
 * expressions + 1 for the call of the `start` function when there is one.
 * @return 0 with *fuel set, or -1 with `why` set when the module needs start-up work this model
 * leaves out (non-constant global initialisers, active element or data segments wasmtime cannot
 * apply ahead of time).
 */
int jmon_fuel46_startup(const jmon_wasm_module_t *m, uint32_t *fuel, char *why, size_t whylen);

#endif
