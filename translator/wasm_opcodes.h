/* wasm_opcodes.h: the opcodes jmon-aot decodes (JMON_OP_*), with their names, immediates, stack
 * effects and access sizes, all generated from wasm_opcodes.def. */
#ifndef JMON_WASM_OPCODES_H
#define JMON_WASM_OPCODES_H

#include <stdbool.h>
#include <stdint.h>

/** Immediate layout of an opcode (0xfc-prefixed opcodes as 0xfc00 | subopcode). */
typedef enum {
  JMON_IMM_INVALID = 0,   /**< not an opcode we decode (unknown or unsupported proposal) */
  JMON_IMM_NONE,
  JMON_IMM_BLOCK,         /**< block type (s33) */
  JMON_IMM_LABEL,         /**< label depth */
  JMON_IMM_BR_TABLE,      /**< vec(label) + default */
  JMON_IMM_FUNC,          /**< function index */
  JMON_IMM_CALL_INDIRECT, /**< type index, table index */
  JMON_IMM_LOCAL,
  JMON_IMM_GLOBAL,
  JMON_IMM_TABLE,         /**< table index */
  JMON_IMM_MEMARG,        /**< align, offset */
  JMON_IMM_MEMORY,        /**< memory index (a 0x00 byte in the MVP) */
  JMON_IMM_I32,
  JMON_IMM_I64,
  JMON_IMM_F32,
  JMON_IMM_F64,
  JMON_IMM_SELECT_TYPES,  /**< vec(valtype) */
  JMON_IMM_REF_TYPE,      /**< one reftype byte */
  JMON_IMM_DATA,          /**< data segment index */
  JMON_IMM_ELEM,          /**< element segment index */
  JMON_IMM_MEMORY_INIT,   /**< data index, memory index */
  JMON_IMM_MEMORY_COPY,   /**< destination memory, source memory */
  JMON_IMM_TABLE_INIT,    /**< element index, table index */
  JMON_IMM_TABLE_COPY     /**< destination table, source table */
} jmon_wasm_imm_t;

/** Every decoded opcode by name: JMON_OP_I32_LOAD8_U = 0x2d, JMON_OP_MEMORY_COPY = 0xfc0a, ... */
enum {
#define JMON_OPCODE(code, id, name, imm, pops, pushes, access) JMON_OP_##id = code,
#include "wasm_opcodes.def"
#undef JMON_OPCODE
  JMON_OP_PREFIX_FC = 0xfc   /**< the prefix byte of the 0xfc00 | sub opcodes */
};

/** @return the immediate layout of `opcode`, JMON_IMM_INVALID for opcodes we do not decode. */
jmon_wasm_imm_t jmon_wasm_opcode_imm(uint16_t opcode);

/**
 * Values `opcode` pops from and pushes onto the operand stack.
 * @return false (and 0, 0) when that depends on the instruction (blocks, calls) or it transfers
 * control, and for opcodes we do not decode.
 */
bool jmon_wasm_opcode_stack(uint16_t opcode, unsigned *pops, unsigned *pushes);

/** @return bytes a load or store touches; 0 for every other opcode. */
unsigned jmon_wasm_opcode_access_size(uint16_t opcode);

#endif
