/* wasm_opcodes.h: what immediates each supported opcode carries; shared by the reader and writer. */
#ifndef JMON_WASM_OPCODES_H
#define JMON_WASM_OPCODES_H

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

/** @return the immediate layout of `opcode`, JMON_IMM_INVALID for opcodes we do not decode. */
jmon_wasm_imm_t jmon_wasm_opcode_imm(uint16_t opcode);

/* Opcodes the reader and writer treat specially. */
enum {
  JMON_OP_BLOCK = 0x02, JMON_OP_LOOP = 0x03, JMON_OP_IF = 0x04, JMON_OP_ELSE = 0x05,
  JMON_OP_END = 0x0b, JMON_OP_BR_TABLE = 0x0e, JMON_OP_PREFIX_FC = 0xfc
};

#endif
