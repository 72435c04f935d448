/* qjs_bytecode.h: parses serialized QuickJS bytecode (JS_WriteObject output) into a table of JS functions. */
#ifndef JMON_QJS_BYTECODE_H
#define JMON_QJS_BYTECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Outcome of jmon_qjs_parse() (its error text says what and where). */
typedef enum {
  JMON_QJS_OK = 0,
  JMON_QJS_ERR_NOMEM,        /**< an allocation failed */
  JMON_QJS_ERR_TRUNCATED,    /**< the buffer ended inside a construct */
  JMON_QJS_ERR_MALFORMED,    /**< bytes that QuickJS would reject or that contradict each other */
  JMON_QJS_ERR_UNSUPPORTED   /**< a bytecode version we have no tables for */
} jmon_qjs_status_t;

/** One decoded pc2line row: from byte offset `pc` of the bytecode on, the source is at line:col. */
typedef struct {
  uint32_t pc;
  int32_t line;
  int32_t col;
} jmon_qjs_pc2line_t;

/** One JS function (JSFunctionBytecode) as serialized. */
typedef struct {
  char *name;                 /**< UTF-8, owned; "" for anonymous functions (callers pick a label) */
  char *filename;             /**< UTF-8, owned; "" when the function has no debug info */
  int32_t line, col;          /**< where the function starts (1-based); 0 without debug info */
  bool has_debug;             /**< filename/line/col/pc2line present */
  uint8_t func_kind;          /**< 0 normal, 1 generator, 2 async, 3 async generator */
  bool is_strict;
  uint16_t arg_count, var_count, stack_size;
  uint32_t closure_var_count, cpool_count;
  const uint8_t *bytecode;    /**< points into the parsed buffer (not owned); atom operands hold serialized indices */
  uint32_t bytecode_len;
  size_t bytecode_offset;     /**< offset of `bytecode` in the parsed buffer */
  uint8_t *atom_mask;         /**< owned, (bytecode_len + 7) / 8 bytes; bit i (byte i/8, bit i%8) set when
                                   bytecode byte i belongs to an atom operand, i.e. may differ in the heap copy */
  uint32_t npc2line;
  jmon_qjs_pc2line_t *pc2line; /**< owned, rows in increasing pc order */
  const uint8_t *source;      /**< function source text if serialized (not owned, not NUL-terminated), else NULL */
  uint32_t source_len;
  int32_t parent;             /**< index of the function whose constant pool holds this one; -1 at top level */
  int32_t cpool_index;        /**< this function's slot in the parent's constant pool; -1 at top level */
  bool name_inferred;         /**< `name` was empty in the bytecode and comes from the instruction that names the
                                   closure at run time in the parent (set_name, define_method ("get "/"set "
                                   prefixed for accessors) or define_class right after fclosure/push_const) */
} jmon_qjs_function_t;

/** The opcode table entry type (generated/quickjs_opcodes.h). */
struct jmon_qjs_opcode_s;

/**
 * A QuickJS whose serialized bytecode we can read: its version byte, its tables (generated/
 * quickjs_opcodes*.h) and which writer's layout it uses. Several QuickJS builds could share a
 * version byte; we know exactly one per byte (see docs/quickjs.md).
 */
typedef struct {
  const char *description;    /**< e.g. "quickjs-ng v0.11.0-36-gd405777 (bytecode v21)", for the profile */
  uint8_t bc_version;         /**< BC_VERSION, the first byte of the serialized object */
  bool bellard;               /**< Bellard's layout (0x43: rquickjs-sys 0.6.1) rather than quickjs-ng's */
  uint32_t opcode_count;
  const struct jmon_qjs_opcode_s *opcodes; /**< opcode_count entries */
  uint32_t atom_end;          /**< JS_ATOM_END */
  const char *const *atoms;   /**< atom_end predefined atom strings ([0] = "") */
} jmon_qjs_variant_t;

/** @return the variant whose bytecode starts with `version`, or NULL (not one we can read). */
const jmon_qjs_variant_t *jmon_qjs_variant_for(uint8_t version);

/** A parsed buffer. Everything it owns is released by jmon_qjs_free(). */
typedef struct {
  uint8_t version;            /**< the version byte (BC_VERSION) */
  const jmon_qjs_variant_t *variant; /**< the QuickJS the bytecode was read as */
  bool is_module;             /**< the top-level object is a module record */
  char *module_name;          /**< UTF-8, owned; "" if not a module */
  uint32_t nfunctions;
  jmon_qjs_function_t *functions; /**< owned; pre-order: a function comes before those in its constant pool */
} jmon_qjs_module_t;

/**
 * Parse a serialized QuickJS object (version byte, atom table, one object; no checksum) as written
 * by one of the QuickJS variants above (chosen by the version byte: quickjs-ng v21 = 0x15,
 * generated/quickjs_opcodes.h; Bellard 2024-02-14 with CONFIG_BIGNUM = 0x43,
 * generated/quickjs_opcodes_bellard.h). Every inconsistency is an error; nothing is guessed.
 * `buf` must outlive `out` (bytecode and source point into it).
 * @return JMON_QJS_OK with *out filled; otherwise a status, *out zeroed, and a message in err
 *         (NUL-terminated, truncated to errlen; err may be NULL) naming the byte offset, e.g.
 *         "offset 0x0: unsupported QuickJS bytecode version 0x1a".
 */
jmon_qjs_status_t jmon_qjs_parse(const uint8_t *buf, size_t len, jmon_qjs_module_t *out,
                                 char *err, size_t errlen);

/**
 * jmon_qjs_parse() with another opcode table (the version's variant's opcode_count entries;
 * NULL = the variant's own). For tests: a wrong table must make the parse fail, never name wrongly.
 */
jmon_qjs_status_t jmon_qjs_parse_with(const uint8_t *buf, size_t len, const struct jmon_qjs_opcode_s *ops,
                                      jmon_qjs_module_t *out, char *err, size_t errlen);

/** Release what a module owns and zero it. Safe on a zeroed module. */
void jmon_qjs_free(jmon_qjs_module_t *m);

/**
 * Source position of bytecode offset `pc` (QuickJS find_line_num semantics: the last row with
 * row.pc <= pc, else the function's own line:col). Returns false (and 0:0) without debug info.
 */
bool jmon_qjs_line_at(const jmon_qjs_function_t *f, uint32_t pc, int32_t *line, int32_t *col);

/**
 * @return true when the `avail` bytes at `heap` start with f's bytecode, comparing every byte
 *         except those in f's atom mask (the run-time copy holds run-time atoms there).
 */
bool jmon_qjs_bytecode_matches(const jmon_qjs_function_t *f, const uint8_t *heap, size_t avail);

#endif
