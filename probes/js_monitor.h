/* js_monitor.h: what the glue tells the JS monitor (the module's QuickJS functions, parsed at
 * build time from its bytecode), and what the profile writer reads back. */
#ifndef JMON_JS_MONITOR_H
#define JMON_JS_MONITOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cct.h"
#include "jmon_probes.h"

/** One pc2line row: from bytecode offset `pc` on, the source is at line (in files[file]):col
 *  (col is the bundle's: source maps give lines and files only). */
typedef struct { uint32_t pc; int32_t line, col, file; } jmon_js_line_t;

/** One JS function of the module's serialized bytecode. */
typedef struct {
  const char *name;        /**< "" for anonymous */
  const char *file;
  int32_t line, col;
  uint32_t code_off, code_len;   /**< its bytecode: jmon_js_info.code[code_off ..] */
  uint32_t lines_off, nlines;    /**< its pc2line rows in jmon_js_info.lines */
  const char *package;           /**< "" without a source map; else the npm package or "your code" */
  int32_t gen_line, gen_col;     /**< bundle position when a source map gave file/line/col, else 0 */
  int32_t inferred;              /**< 1 when the name was inferred from the text before the function */
  int32_t file_idx;              /**< `file` as an index into jmon_js_info.files */
  int32_t bc_line, bc_col;       /**< the bytecode's own line:col (what JSFunctionBytecode holds at run
                                      time: identify functions by these); line/col may be a source map's */
} jmon_js_func_info_t;

/** What the interpreter entry does with a function object of a class (translator/qjs_builtins.h). */
enum {
  JMON_JS_CLASS_PASS = 0,        /**< no frame of its own: bound, generator/async functions, not callable */
  JMON_JS_CLASS_BYTECODE = 1,    /**< a JS function */
  JMON_JS_CLASS_CFUNC = 2,       /**< a C function: named by (c_function, magic) */
  JMON_JS_CLASS_CFUNC_DATA = 3,  /**< a C function with data: its record's func */
  JMON_JS_CLASS_NATIVE = 4       /**< another native (promise functions, the embedder's classes) */
};

/** wasm32 offsets of the QuickJS structures the interpreter entry reads (one QuickJS variant). */
typedef struct {
  uint32_t tag_object, flag_generator;
  uint16_t nclasses;             /**< class ids from here on are the embedder's: NATIVE */
  const uint8_t *class_kind;     /**< [nclasses] JMON_JS_CLASS_* */
  uint8_t obj_class_id, obj_func_b, obj_cfunc, obj_magic, obj_cfunc_data;
  uint8_t b_buf, b_len, b_line, b_col, col_bias, async_cur_func;
  uint8_t ctx_rt, rt_class_array, class_size, class_call;
  uint8_t b_func_name, b_realm, b_filename, rt_atom_array, str_chars;
  /* A native's own `name` property (obj_shape 0: not read): JSObject shape/prop, the GC header's
   * type byte (low 4 bits) and its value for a JSShape, JSShape prop_size/prop_count/prop[] (8 B:
   * hash_next:26 flags:6, atom), JS_ATOM_name, JS_TAG_STRING (high word), JSString kind word (0: no slices). */
  uint8_t obj_shape, obj_prop, gc_type_byte, gc_type_shape, shape_prop_size, shape_prop_count, shape_props;
  uint16_t atom_name;
  uint32_t tag_string;
  uint8_t str_kind_word;
  uint8_t ctx_global;            /**< JSContext.global_obj (a JSValue; 0: not read) */
  uint16_t atom_global_this;     /**< JS_ATOM_globalThis (the global object's check) */
} jmon_js_layout_t;

/** A native builtin recovered from the module's data; aliases (one key) share one entry. */
typedef struct {
  uint32_t table_index;          /**< the C function as a funcref table index */
  int32_t magic;
  uint32_t wasm_func;            /**< absolute wasm function, UINT32_MAX if unknown */
  const char *name;              /**< "JSON.parse"; aliases "A / B" */
} jmon_js_builtin_t;

/** Everything the build knows about the JS side (defined in jmon_glue.c with --probes js). */
typedef struct {
  uint32_t interp_func;          /**< the interpreter's function index */
  uint32_t pc_load_offset;       /**< file offset of its opcode load */
  const char *quickjs;           /**< e.g. "quickjs-ng v0.11.0-36-gd405777 (bytecode v21)" */
  uint32_t nfuncs;
  const jmon_js_func_info_t *funcs;
  const uint8_t *code;           /**< bytecodes as serialized */
  const uint8_t *mask;           /**< bit per code byte: 1 = atom operand, differs in the heap copy */
  const jmon_js_line_t *lines;
  const char *warning;           /**< a build-time warning for the profile, or NULL */
  uint32_t nopcodes;             /**< entries of opcode_names */
  const char *const *opcode_names; /**< the QuickJS variant's opcode names by value; NULL when its
                                      bytecode was not read (the profile then says op_<value>) */
  const jmon_js_layout_t *layout;  /**< NULL: the interpreter entry is not decoded (functions are then
                                      told by their bytecode only, natives are not frames) */
  uint32_t nbuiltins;
  const jmon_js_builtin_t *builtins; /**< sorted by (table_index, magic) */
  uint32_t ntable;
  const uint32_t *table;           /**< funcref table 0: wasm function of a table index (UINT32_MAX none) */
  uint32_t nfiles;
  const char *const *files;      /**< source files (a source map's, else the bytecode's filenames) */
  const char *const *packages;   /**< per file: its npm package, "your code", or "" (no map named it) */
} jmon_js_info_t;

extern const jmon_js_info_t jmon_js_info;

/** The interpreter's linear memory (set by jmon_js_init). */
extern wasm_rt_memory_t *jmon_js_memory;

/** Set up the JS monitor (frames, tree) for the interpreter's linear memory. Called by the
 *  glue after instantiation, only with --probes js. */
void jmon_js_init(wasm_rt_memory_t *memory);

/** Close the books at exit: attribute the fuel since the last mark (taking back what a trap
 *  made wasmtime lose), so JS + outside sums to `total`. A normal exit (`trapped` 0) with JS
 *  frames still open adds a warning. */
void jmon_js_finish(uint64_t total, int trapped);

/** The JS calling-context tree (keys: jmon_js_fn_t ids) and the functions seen. */
const jmon_cct_t *jmon_js_tree(void);
size_t jmon_js_fn_count(void);
jmon_js_fn_t *jmon_js_fn(size_t id);
/** Fuel and count of position `pc` of `fn`, summed over its stats generations (0 beyond them). */
jmon_pc_stat_t jmon_js_fn_stat(const jmon_js_fn_t *fn, uint32_t pc);
/** Fuel outside any JS frame. */
uint64_t jmon_js_outside_fuel(void);
/** js_files: the self fuel of natives called from code whose rows lie in other files than its own
 *  (the top level) that belongs to the call sites' files: what file index `file` gains minus what
 *  it loses (mod 2^64: add it to the file's fuel counted by the caller's own file). */
uint64_t jmon_js_site_delta(uint32_t file);
/** Source line of bytecode offset pc of a function (the last pc2line row at or before pc). */
int32_t jmon_js_line_of(const jmon_js_func_info_t *fi, uint32_t pc);
/** The last pc2line row of a function at or before pc, or NULL (then: the function's own line). */
const jmon_js_line_t *jmon_js_row_of(const jmon_js_func_info_t *fi, uint32_t pc);

/** A function the module's bytecode does not have (eval'd code), as its run-time JSFunctionBytecode
 *  names it. */
typedef struct {
  char *name, *file;             /**< file NULL when unknown */
  int32_t line, col;
} jmon_js_rt_info_t;
/** @return fn's run-time naming, or NULL (a function of the module, a native, or not nameable). */
const jmon_js_rt_info_t *jmon_js_rt_info(const jmon_js_fn_t *fn);

/** The name a JS function or native frame is reported under (buf may be used). */
const char *jmon_js_fn_name(const jmon_js_fn_t *fn, char *buf, size_t n);

/** Print the JS frames open now, innermost first (`    at NAME (FILE:LINE)`), long stacks cut. */
void jmon_js_print_stack(FILE *out);

/** True when the JS probes are linked and initialised. */
int jmon_js_enabled(void);

#endif
