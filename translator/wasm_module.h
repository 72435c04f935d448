/* wasm_module.h: the decoded form of a WebAssembly module, its reader and its writer. */
#ifndef JMON_WASM_MODULE_H
#define JMON_WASM_MODULE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/** Status codes of the reader and writer; jmon_wasm_strerror() names them. */
typedef enum {
  JMON_WASM_OK = 0,
  JMON_WASM_ERR_IO,          /**< the file could not be read or written */
  JMON_WASM_ERR_NOMEM,       /**< an allocation failed */
  JMON_WASM_ERR_TRUNCATED,   /**< input ended inside a construct */
  JMON_WASM_ERR_MALFORMED,   /**< bytes that are not valid wasm */
  JMON_WASM_ERR_UNSUPPORTED  /**< valid wasm we do not handle (e.g. SIMD) */
} jmon_wasm_status_t;

/** Error detail: status, the byte offset in the input file, a human message. */
typedef struct {
  jmon_wasm_status_t status;
  size_t offset;       /**< file offset where the problem was found */
  char message[200];   /**< e.g. "truncated LEB128", "SIMD instruction 0xfd is not supported" */
} jmon_wasm_error_t;

/** @return a static string naming a status. */
const char *jmon_wasm_strerror(jmon_wasm_status_t status);

/* Value types, as their binary encoding. */
enum {
  JMON_I32 = 0x7f, JMON_I64 = 0x7e, JMON_F32 = 0x7d, JMON_F64 = 0x7c,
  JMON_V128 = 0x7b, JMON_FUNCREF = 0x70, JMON_EXTERNREF = 0x6f
};

/* External kinds, as their binary encoding. */
enum { JMON_EXT_FUNC = 0, JMON_EXT_TABLE = 1, JMON_EXT_MEMORY = 2, JMON_EXT_GLOBAL = 3 };

/* Section ids. */
enum {
  JMON_SEC_CUSTOM = 0, JMON_SEC_TYPE = 1, JMON_SEC_IMPORT = 2, JMON_SEC_FUNCTION = 3,
  JMON_SEC_TABLE = 4, JMON_SEC_MEMORY = 5, JMON_SEC_GLOBAL = 6, JMON_SEC_EXPORT = 7,
  JMON_SEC_START = 8, JMON_SEC_ELEM = 9, JMON_SEC_CODE = 10, JMON_SEC_DATA = 11,
  JMON_SEC_DATACOUNT = 12
};

typedef struct {
  uint32_t nparams, nresults;
  uint8_t *params;    /**< value types, owned */
  uint8_t *results;   /**< value types, owned */
} jmon_functype_t;

typedef struct {
  bool has_max;
  uint32_t min, max;
} jmon_limits_t;

/** One instruction. Opcodes with a 0xfc prefix are stored as 0xfc00 | subopcode. */
typedef struct {
  uint16_t opcode;
  uint32_t offset;        /**< file offset of the opcode byte (0 for instructions we created) */
  union {
    uint32_t index;       /**< local/global/func/table/label/data/elem index, ref.null type */
    int32_t i32;
    int64_t i64;
    uint32_t f32_bits;
    uint64_t f64_bits;
    struct { uint32_t align, offset; } mem;           /**< load/store memarg (memory 0) */
    struct { uint32_t a, b; } pair;                   /**< call_indirect (type, table), memory.init (data, mem),
                                                           memory.copy (dst, src), table.init (elem, table),
                                                           table.copy (dst, src) */
    struct { uint32_t count; uint32_t *labels; } table; /**< br_table: count labels + default at labels[count] (owned) */
    int64_t block_type;   /**< block/loop/if: -64 (0x40) empty, negative valtype code (e.g. -1 for i32), or type index >= 0 */
    struct { uint32_t count; uint8_t *types; } select; /**< typed select (0x1c), owned */
  } imm;
} jmon_instr_t;

typedef struct {
  uint32_t count;
  uint8_t type;
} jmon_local_group_t;

typedef struct {
  uint32_t type_index;          /**< index into the type section */
  uint32_t nlocal_groups;
  jmon_local_group_t *locals;   /**< owned */
  uint32_t ninstrs;
  jmon_instr_t *instrs;         /**< owned; ends with the function's final `end` */
  uint32_t body_offset;         /**< file offset of the body's size LEB (0 if created) */
  uint32_t code_offset;         /**< file offset of the first instruction (0 if created) */
} jmon_func_t;

/** A constant expression (global init, segment offset, element item): its instructions, without the final end. */
typedef struct {
  uint32_t ninstrs;
  jmon_instr_t *instrs;         /**< owned */
} jmon_expr_t;

typedef struct {
  char *module, *name;          /**< owned, NUL-terminated (names may not contain NUL) */
  uint32_t module_len, name_len;
  uint8_t kind;                 /**< JMON_EXT_* */
  uint32_t type_index;          /**< for functions */
  uint8_t elem_type;            /**< for tables */
  jmon_limits_t limits;         /**< for tables and memories */
  uint8_t valtype, mutable_;    /**< for globals */
} jmon_import_t;

typedef struct {
  char *name;                   /**< owned */
  uint32_t name_len;
  uint8_t kind;
  uint32_t index;
} jmon_export_t;

typedef struct { uint8_t elem_type; jmon_limits_t limits; } jmon_table_t;
typedef struct { jmon_limits_t limits; } jmon_memory_t;
typedef struct { uint8_t valtype, mutable_; jmon_expr_t init; } jmon_global_t;

typedef struct {
  uint32_t flags;               /**< the segment's binary flags 0..7, kept to re-encode exactly */
  uint32_t table_index;
  jmon_expr_t offset;           /**< active segments */
  uint8_t elem_kind;            /**< flags 1,2,3: elemkind byte (0 = funcref) */
  uint8_t ref_type;             /**< flags 5,6,7: reference type */
  uint32_t nitems;
  uint32_t *func_indices;       /**< flags 0..3: function indices (owned) */
  jmon_expr_t *exprs;           /**< flags 4..7: item expressions (owned) */
} jmon_elem_t;

typedef struct {
  uint32_t flags;               /**< 0 active mem 0, 1 passive, 2 active explicit memory */
  uint32_t memory_index;
  jmon_expr_t offset;           /**< active segments */
  uint32_t size;
  const uint8_t *bytes;         /**< points into the module's input buffer or into owned_bytes */
  uint8_t *owned_bytes;         /**< non-NULL when the segment owns its bytes */
  uint32_t file_offset;         /**< file offset of the segment's bytes (0 if created) */
} jmon_data_t;

typedef struct {
  char *name;                   /**< owned */
  uint32_t name_len;
  const uint8_t *bytes;         /**< payload after the name, into the input buffer or owned_bytes */
  uint8_t *owned_bytes;
  uint32_t size;
  uint8_t after_section;        /**< id of the last non-custom section before it (0 = at the start) */
} jmon_custom_t;

/** A decoded module. Every array is owned; jmon_wasm_free() releases it all. */
typedef struct {
  uint8_t *input;               /**< the bytes read (owned); data/custom payloads may point into it */
  size_t input_size;

  uint32_t ntypes;     jmon_functype_t *types;
  uint32_t nimports;   jmon_import_t *imports;
  uint32_t nimported_funcs, nimported_tables, nimported_memories, nimported_globals;
  uint32_t nfuncs;     jmon_func_t *funcs;      /**< defined functions; absolute index = nimported_funcs + i */
  uint32_t ntables;    jmon_table_t *tables;
  uint32_t nmemories;  jmon_memory_t *memories;
  uint32_t nglobals;   jmon_global_t *globals;
  uint32_t nexports;   jmon_export_t *exports;
  bool has_start;      uint32_t start_func;
  uint32_t nelems;     jmon_elem_t *elems;
  bool has_datacount;  uint32_t datacount;
  uint32_t ndatas;     jmon_data_t *datas;
  uint32_t ncustoms;   jmon_custom_t *customs;

  /** Order in which non-custom sections appeared (ids), so the writer can keep it. */
  uint32_t nsection_order; uint8_t section_order[16];
  /** True when a section was present in the input even if empty. */
  bool present[13];
} jmon_wasm_module_t;

/**
 * Decode a module from memory. The module takes ownership of `bytes` (malloc'd) in all cases.
 * @return JMON_WASM_OK, or a status with err->offset/err->message set; on failure *out is freed and zeroed.
 */
jmon_wasm_status_t jmon_wasm_read(uint8_t *bytes, size_t size, jmon_wasm_module_t *out,
                                  jmon_wasm_error_t *err);

/** Read a file and decode it (see jmon_wasm_read). I/O failures give JMON_WASM_ERR_IO. */
jmon_wasm_status_t jmon_wasm_read_file(const char *path, jmon_wasm_module_t *out,
                                       jmon_wasm_error_t *err);

/**
 * Encode a module. Unchanged decoded modules encode byte-exactly as read (canonical LEBs).
 * @return JMON_WASM_OK with *out_bytes (malloc'd, caller frees) and *out_size set.
 */
jmon_wasm_status_t jmon_wasm_write(const jmon_wasm_module_t *m, uint8_t **out_bytes,
                                   size_t *out_size, jmon_wasm_error_t *err);

/** Encode and write to a file. */
jmon_wasm_status_t jmon_wasm_write_file(const jmon_wasm_module_t *m, const char *path,
                                        jmon_wasm_error_t *err);

/** Release everything the module owns and zero it. Safe on a zeroed module. */
void jmon_wasm_free(jmon_wasm_module_t *m);

/** @return the type of absolute function index `func` (imported or defined), or NULL if out of range. */
const jmon_functype_t *jmon_wasm_func_type(const jmon_wasm_module_t *m, uint32_t func);

/** @return the export of `kind` named `name`, or NULL. */
const jmon_export_t *jmon_wasm_find_export(const jmon_wasm_module_t *m, uint8_t kind, const char *name);

/** @return the custom section named `name`, or NULL. */
const jmon_custom_t *jmon_wasm_find_custom(const jmon_wasm_module_t *m, const char *name);

/**
 * @return the index of the function type (params) -> (results), appending it when the module
 * has none (existing type indices never change), or -1 when out of memory.
 */
long jmon_wasm_ensure_type(jmon_wasm_module_t *m, const uint8_t *params, uint32_t np,
                           const uint8_t *results, uint32_t nr);

/**
 * Function names of the "name" custom section (its function-names subsection), by absolute
 * function index: an array of imported + defined entries, NULL where a function has no name.
 * @return NULL when the module has no name section (or out of memory); free with
 * jmon_wasm_free_names(names, nimported_funcs + nfuncs).
 */
char **jmon_wasm_function_names(const jmon_wasm_module_t *m);
void jmon_wasm_free_names(char **names, uint32_t n);

/**
 * Replace the module's name section by one naming functions first .. first+count-1 names[0..].
 * wasm2c then names their C functions after them. @return 0, or -1 when out of memory.
 */
int jmon_wasm_set_function_names(jmon_wasm_module_t *m, const char *const *names, uint32_t first,
                                 uint32_t count);

/**
 * Append the data segment *d (its owned_bytes, if any, now belong to m) and keep the data count
 * in step, creating a datacount section (memory.init needs one) when the module had none.
 * @return the new segment's index, or -1 when out of memory (d's bytes are then still the caller's).
 */
long jmon_wasm_append_data(jmon_wasm_module_t *m, const jmon_data_t *d);

/** @return the mnemonic of an opcode as in the text format ("i32.load8_u", "memory.init"), or "unknown". */
const char *jmon_wasm_opcode_name(uint16_t opcode);

#endif
