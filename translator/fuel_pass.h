/* fuel_pass.h: wasmtime's fuel accounting, woven into one function body as probe calls.
 * The rules (docs/fuel-model.md, from wasmtime v39.0.1 crates/cranelift/src/func_environ.rs):
 * operators cost 0 or 1; the cost buffered since the last control operator is added to the
 * function's unsaved counter at loop/if/else/end/br/br_if/br_table ("increment"), and the
 * unsaved counter reaches the global one at call/call_indirect/return/unreachable and at the
 * function's exit ("save"). A trap between saves loses the unsaved part, exactly as wasmtime. */
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
} jmon_fuel_probes_t;

/**
 * Rewrite `fn`'s instructions with fuel probes. The function entry's cost of 1 is not woven:
 * the generated prologue starts the unsaved counter at 1 (JMON_FUNC_ENTER).
 * @return the number of probe calls inserted, or -1 when out of memory (fn unchanged).
 */
long jmon_fuel_pass(jmon_func_t *fn, const jmon_fuel_probes_t *probes);

#endif
