/* wasm_opcodes.c: lookups into the opcode table of wasm_opcodes.def (name, immediates, stack
 * effect, access size). */
#include "wasm_opcodes.h"
#include "wasm_module.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
  const char *name;
  jmon_wasm_imm_t imm;
  int8_t pops, pushes;   /* -1: depends on the instruction (wasm_opcodes.def's V) */
  uint8_t access;
} opcode_info_t;

#define V (-1)
#define JMON_OPCODE(code, id, text, imm_, pops_, pushes_, access_)                                   \
  [(code) < 0x100 ? (code) : 0x100 + ((code) & 0xff)] =                                            \
      {.name = text, .imm = JMON_IMM_##imm_, .pops = pops_, .pushes = pushes_, .access = access_},
/* One-byte opcodes at [op], 0xfc-prefixed ones at [0x100 + sub]; unlisted entries have no name. */
static const opcode_info_t k_opcodes[0x100 + 0x20] = {
#include "wasm_opcodes.def"
};
#undef JMON_OPCODE
#undef V

static const opcode_info_t *lookup(uint16_t opcode) {
  size_t i = opcode < 0x100 ? opcode : (opcode & 0xff00) == 0xfc00 ? 0x100 + (opcode & 0xffu) : SIZE_MAX;
  return i < sizeof k_opcodes / sizeof k_opcodes[0] && k_opcodes[i].name ? &k_opcodes[i] : NULL;
}

const char *jmon_wasm_opcode_name(uint16_t opcode) {
  const opcode_info_t *info = lookup(opcode);
  return info ? info->name : "unknown";
}

jmon_wasm_imm_t jmon_wasm_opcode_imm(uint16_t opcode) {
  const opcode_info_t *info = lookup(opcode);
  return info ? info->imm : JMON_IMM_INVALID;
}

bool jmon_wasm_opcode_stack(uint16_t opcode, unsigned *pops, unsigned *pushes) {
  const opcode_info_t *info = lookup(opcode);
  *pops = *pushes = 0;
  if (!info || info->pops < 0 || info->pushes < 0) return false;
  *pops = (unsigned)info->pops;
  *pushes = (unsigned)info->pushes;
  return true;
}

unsigned jmon_wasm_opcode_access_size(uint16_t opcode) {
  const opcode_info_t *info = lookup(opcode);
  return info ? info->access : 0;
}
