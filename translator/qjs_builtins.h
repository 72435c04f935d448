/* qjs_builtins.h: QuickJS's run-time side in a module: the interpreter entry's parameters, the guest
 * struct layout of a QuickJS variant, and the native builtins (JSCFunctionListEntry arrays)
 * recovered from the module's data segments. */
#ifndef JMON_QJS_BUILTINS_H
#define JMON_QJS_BUILTINS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qjs_bytecode.h"
#include "wasm_module.h"

/** What an interpreter entry does with an object of a class (probes/js_monitor.h JMON_JS_CLASS_*). */
enum {
  JMON_QJS_CLASS_PASS = 0,      /**< no frame of its own (not callable, or its call runs bytecode: bound, generator/async functions) */
  JMON_QJS_CLASS_BYTECODE = 1,  /**< a bytecode function: JSFunctionBytecode at obj_func_b */
  JMON_QJS_CLASS_CFUNC = 2,     /**< JS_CLASS_C_FUNCTION: named by (c_function, magic) */
  JMON_QJS_CLASS_CFUNC_DATA = 3,/**< JS_CLASS_C_FUNCTION_DATA: its record's func */
  JMON_QJS_CLASS_NATIVE = 4     /**< another native: its class's call */
};

/** wasm32 offsets of the guest structures the JS probes read (one QuickJS variant). */
typedef struct {
  uint32_t tag_object;          /**< JS_TAG_OBJECT in the high word of a NaN-boxed JSValue */
  uint32_t flag_generator;      /**< JS_CALL_FLAG_GENERATOR: func_obj is a JSAsyncFunctionState */
  uint16_t nclasses;            /**< JS_CLASS_INIT_COUNT: higher class ids are the embedder's (native) */
  const uint8_t *class_kind;    /**< nclasses entries, JMON_QJS_CLASS_* */
  uint8_t obj_class_id;         /**< JSObject.class_id (u16) */
  uint8_t obj_func_b;           /**< JSObject.u.func.function_bytecode */
  uint8_t obj_cfunc;            /**< JSObject.u.cfunc.c_function (a table index) */
  uint8_t obj_magic;            /**< JSObject.u.cfunc.magic (i16) */
  uint8_t obj_cfunc_data;       /**< JSObject.u.c_function_data_record (its func at +0) */
  uint8_t b_buf, b_len, b_line, b_col; /**< JSFunctionBytecode byte_code_buf/len, line_num, col_num */
  uint8_t col_bias;             /**< the parsed column (jmon_qjs_function_t.col) = col_num + col_bias */
  uint8_t async_cur_func;       /**< JSAsyncFunctionState: frame.cur_func (the function object) */
  uint8_t ctx_rt, rt_class_array, class_size, class_call; /**< ctx->rt->class_array[id].call */
  uint8_t b_func_name, b_realm, b_filename; /**< JSFunctionBytecode func_name/filename atoms, realm (JSContext*) */
  uint8_t rt_atom_array, str_chars;  /**< JSRuntime.atom_array; JSString: len u32 at +4 (bit 31 wide), chars */
  uint8_t obj_shape, obj_prop;  /**< JSObject.shape, .prop (JSProperty[]: 8-byte JSValues); 0: names not read */
  uint8_t gc_type_byte, gc_type_shape; /**< JSGCObjectHeader's gc_obj_type byte (low 4 bits), JS_GC_OBJ_TYPE_SHAPE */
  uint8_t shape_prop_size, shape_prop_count, shape_props; /**< JSShape prop_size, prop_count, prop[] (8 B each) */
  uint16_t atom_name;           /**< JS_ATOM_name */
  uint32_t tag_string;          /**< JS_TAG_STRING in the high word of a JSValue */
  uint8_t str_kind_word;        /**< JSString's hash/kind/atom_type word (kind: bit 29, 1 = slice; 0: none) */
  uint8_t ctx_global;           /**< JSContext.global_obj (a JSValue); 0: embedder functions not named by holder */
  uint16_t atom_global_this;    /**< JS_ATOM_globalThis: the global object's own property that is itself */
} jmon_qjs_layout_t;

/** @return the guest layout of variant v, or NULL when we do not know it (no identification at
 *  the interpreter entry, no builtin frames). */
const jmon_qjs_layout_t *jmon_qjs_layout_for(const jmon_qjs_variant_t *v);

/**
 * The interpreter entry's parameters by wasm position, when function `interp` (absolute index) has
 * JS_CallInternal's type (i32 ctx, i64 func_obj, i64 this, i64 new_target, i32 argc, i32 argv,
 * i32 flags) -> i64: params = {0, 1, 6}. @return false (params all -1) for any other type.
 */
bool jmon_qjs_entry_params(const jmon_wasm_module_t *m, uint32_t interp, int params[3]);

/** One native function of a JSCFunctionListEntry array (a C function, getter or setter). */
typedef struct {
  char *name;                   /**< owned: "JSON.parse", "get RegExp.prototype.flags", "Array.prototype[Symbol.iterator]" */
  uint32_t table_index;         /**< the C function as a funcref table index */
  uint32_t wasm_func;           /**< absolute function index through the element segments, UINT32_MAX if none */
  int16_t magic;
  uint8_t def_type;             /**< JS_DEF_CFUNC 0, CGETSET 1, CGETSET_MAGIC 2 */
  uint8_t length, cproto;       /**< for functions */
  uint32_t array;               /**< index of its array in the owner table (generated/) */
} jmon_qjs_builtin_t;

/** The builtins found in a module. */
typedef struct {
  jmon_qjs_builtin_t *entries;  /**< owned, in array order */
  size_t nentries;
  size_t narrays;               /**< arrays of the owner table found in the data */
  size_t nlist_entries;         /**< their JSCFunctionListEntry entries (functions, accessors, values, ...) */
  size_t nfuncs;                /**< entries that are functions (def type 0) */
  size_t nambiguous;            /**< arrays found at several places (same names): left unnamed */
  char warning[240];            /**< non-empty when something was inconsistent (then no entries) */
} jmon_qjs_builtins_t;

/**
 * Recover the builtins of module m (QuickJS variant v): find each JSCFunctionListEntry array of the
 * variant's owner table (generated/quickjs_builtins.h) in the active data segments by its exact
 * sequence of entry names, decode its entries and map their C functions through the element
 * segments. Never fails on bad data: a hostile or truncated segment gives a warning and no entries.
 * @return 0, or -1 when out of memory. Free with jmon_qjs_builtins_free().
 */
int jmon_qjs_builtins_find(const jmon_wasm_module_t *m, const jmon_qjs_variant_t *v, jmon_qjs_builtins_t *out);

/** The same over a flat memory image (mem[0..size) = guest addresses base..), a function table
 *  (table[i] = absolute function index, UINT32_MAX empty) and the sorted values that may refer to an
 *  array (i32.const immediates, data words; NULL: any place counts): what the fuzz target drives. */
int jmon_qjs_builtins_decode(const uint8_t *mem, size_t size, uint32_t base, const uint32_t *table, size_t ntable,
                             const uint32_t *refs, size_t nrefs, const jmon_qjs_variant_t *v, jmon_qjs_builtins_t *out);

/** Table 0 as its active element segments fill it: (*table)[i] = absolute function index, UINT32_MAX
 *  empty; *n entries (malloc'd). @return 0, or -1 when out of memory. */
int jmon_qjs_table0(const jmon_wasm_module_t *m, uint32_t **table, size_t *n);

void jmon_qjs_builtins_free(jmon_qjs_builtins_t *b);

/** Everything the JS probes need of the interpreter entry, taken from the input module (before
 *  the rewriter renumbers anything). */
typedef struct {
  int params[3];                    /**< ctx, func_obj, flags by wasm parameter position, -1 unknown */
  const jmon_qjs_layout_t *layout;  /**< NULL when the entry cannot be decoded */
  jmon_qjs_builtins_t builtins;
  uint32_t *table;                  /**< funcref table 0 */
  size_t ntable;
} jmon_qjs_runtime_t;

/** Fill *rt for interpreter `interp` of module m whose bytecode is variant v (NULL: unknown).
 *  @return 0, or -1 when out of memory. Free with jmon_qjs_runtime_free(). */
int jmon_qjs_runtime_prepare(const jmon_wasm_module_t *m, uint32_t interp, const jmon_qjs_variant_t *v,
                             jmon_qjs_runtime_t *rt);
void jmon_qjs_runtime_free(jmon_qjs_runtime_t *rt);

/** C identifiers for the wasm functions of the builtins, by absolute function index (n entries;
 *  NULL where none): `JSON_parse`, `get_RegExp_prototype_flags`; a function serving several builtins
 *  (Array.prototype.every/some/forEach/map/filter by magic) `Array_prototype_every_and_4_more`.
 *  Unique: a repeated identifier gets `_f<index>`. @return the array (free with
 *  jmon_wasm_free_names(names, n)), or NULL (no builtins, or out of memory). */
char **jmon_qjs_builtin_func_names(const jmon_qjs_runtime_t *rt, uint32_t n);

#endif
