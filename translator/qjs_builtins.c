/* qjs_builtins.c: QuickJS's guest layouts, the interpreter entry's parameters, and the builtins recovered from a module's data.
 *
 * Builtins. quickjs.c defines its native functions as `static const JSCFunctionListEntry NAME[]`
 * arrays (JS_CFUNC_DEF("parse", 2, js_json_parse), ...) and installs each on one object with
 * JS_SetPropertyFunctionList. Compiled to wasm32 an entry is 16 bytes (quickjs.h):
 *   +0 name (char*), +4 prop_flags u8, +5 def_type u8, +6 magic i16, then by def_type:
 *   JS_DEF_CFUNC (0): +8 length u8, +9 cproto u8, +12 the C function (a funcref table index);
 *   JS_DEF_CGETSET (1) / CGETSET_MAGIC (2): +8 getter, +12 setter (table indices, 0 = none);
 *   3..9 are values, sub-objects (JS_OBJECT_DEF: their own array is matched on its own) and aliases.
 * An array is recognised by its exact sequence of entry names (generated/quickjs_builtins.h, made
 * from quickjs.c's source by gen_quickjs_builtins.py); its owner says which object it is installed
 * on. Nothing build-specific is assumed: addresses and table indices come from the module.
 */
#include "qjs_builtins.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../generated/quickjs_builtins.h"
#include "../generated/quickjs_builtins_bellard.h"

/* quickjs-ng d405777 (rquickjs 0.11), wasm32: the enum of class ids (JS_CLASS_OBJECT = 1 ...
 * JS_CLASS_INIT_COUNT = 64), JSObject (class_id u16 at +6, the union u at +32: u.func.
 * function_bytecode, u.cfunc {realm, c_function +36, length +40, cproto +41, magic +42},
 * u.c_function_data_record), JSFunctionBytecode (byte_code_buf +20, len +24, line_num +68,
 * col_num +72), JSAsyncFunctionState (frame.cur_func +24), JSContext.rt +16,
 * JSRuntime.atom_array +60, class_array +76, JSClass 24 bytes with call at +16; JSString len at +4,
 * chars at +20; JSFunctionBytecode func_name +28, realm +48, filename +64; JS_TAG_OBJECT = -1,
 * JS_CALL_FLAG_GENERATOR = 4; a native's `name`: JSObject shape +16, prop +20 (JSProperty 8 B),
 * JSGCObjectHeader gc_obj_type in the low 4 bits of +4 (JS_GC_OBJ_TYPE_SHAPE = 2), JSShape
 * prop_size +28, prop_count +32, prop[] +48 (JSShapeProperty: hash_next:26 flags:6, atom +4),
 * JS_ATOM_name 55 (generated/quickjs-ng-0.11.0-atoms.txt), JS_TAG_STRING -7, JSString kind bit 29
 * of +8, JSContext.global_obj +240 (8 native error protos), JS_ATOM_globalThis 141 (quickjs.c; offsets checked on the 1.7.0 plugin's memory:
 * ../shared BRIEF §9-10). */
enum { NG_NCLASSES = 64 };
static const uint8_t k_ng_class_kind[NG_NCLASSES] = {
  [12] = JMON_QJS_CLASS_CFUNC,       /* C_FUNCTION */
  [13] = JMON_QJS_CLASS_BYTECODE,    /* BYTECODE_FUNCTION */
  [14] = JMON_QJS_CLASS_PASS,        /* BOUND_FUNCTION: calls its target (a frame of its own) */
  [15] = JMON_QJS_CLASS_CFUNC_DATA,  /* C_FUNCTION_DATA */
  [16] = JMON_QJS_CLASS_NATIVE,      /* C_CLOSURE */
  [17] = JMON_QJS_CLASS_PASS,        /* GENERATOR_FUNCTION: makes the generator, resumes run its bytecode */
  [52] = JMON_QJS_CLASS_NATIVE,      /* PROMISE_RESOLVE_FUNCTION */
  [53] = JMON_QJS_CLASS_NATIVE,      /* PROMISE_REJECT_FUNCTION */
  [54] = JMON_QJS_CLASS_PASS,        /* ASYNC_FUNCTION: runs its bytecode through a resume */
  [55] = JMON_QJS_CLASS_NATIVE,      /* ASYNC_FUNCTION_RESOLVE */
  [56] = JMON_QJS_CLASS_NATIVE,      /* ASYNC_FUNCTION_REJECT */
  [58] = JMON_QJS_CLASS_PASS,        /* ASYNC_GENERATOR_FUNCTION */
};
static const jmon_qjs_layout_t k_ng_layout = {
  .tag_object = 0xFFFFFFFFu, .flag_generator = 4, .nclasses = NG_NCLASSES, .class_kind = k_ng_class_kind,
  .obj_class_id = 6, .obj_func_b = 32, .obj_cfunc = 36, .obj_magic = 42, .obj_cfunc_data = 32,
  .b_buf = 20, .b_len = 24, .b_line = 68, .b_col = 72, .async_cur_func = 24,
  .ctx_rt = 16, .rt_class_array = 76, .class_size = 24, .class_call = 16,
  .b_func_name = 28, .b_realm = 48, .b_filename = 64, .rt_atom_array = 60, .str_chars = 20,
  .obj_shape = 16, .obj_prop = 20, .gc_type_byte = 4, .gc_type_shape = 2, .shape_prop_size = 28,
  .shape_prop_count = 32, .shape_props = 48, .atom_name = 55, .tag_string = 0xFFFFFFF9u, .str_kind_word = 8,
  .ctx_global = 240, .atom_global_this = 141,
};

/* Bellard's QuickJS 3b45d15 with CONFIG_BIGNUM and rquickjs-sys 0.6.1's patches (the legacy
 * plugin), wasm32: class ids C_FUNCTION 12, BYTECODE_FUNCTION 13, BOUND 14, C_FUNCTION_DATA 15,
 * GENERATOR_FUNCTION 16, PROMISE_RESOLVE/REJECT_FUNCTION 50/51, ASYNC_FUNCTION 52, its RESOLVE/
 * REJECT 53/54, ASYNC_GENERATOR_FUNCTION 56, JS_CLASS_INIT_COUNT 58; JSObject: class_id u16 at +6
 * and, as in quickjs-ng's build, the union u at +32 (function_bytecode +32, c_function +36, magic
 * +42: measured on the legacy plugin by its e2e programs, not the +28 the struct's comment says);
 * JSFunctionBytecode as quickjs-ng's up to line_num +68, then
 * error_column_number.patch's column_num +72 (0-based: the parsed column is column_num + 1);
 * JSAsyncFunctionState: header, this_val +16, argc, throw_flag, is_completed, resolving_funcs[2]
 * +40, frame +56 whose cur_func (8-aligned JSValue) is at +64; JSRuntime: 16-byte
 * JSMallocFunctions (quickjs-ng's has js_calloc too: 20), so atom_array +56 and class_array +68
 * (no js_class_id_alloc before it); JSString chars at +16 (no first_weak_ref, no slices: no kind
 * bit); JSObject shape/prop, JSShape and JSShapeProperty as quickjs-ng's, JS_ATOM_name 56
 * (generated/quickjs-2024-02-14-rquickjs-0.6.1-atoms.txt), JS_TAG_STRING -7, JSContext.global_obj
 * +192 (no error_ctor .. iterator_ctor_getset before it), JS_ATOM_globalThis 141. */
enum { BELLARD_NCLASSES = 58 };
static const uint8_t k_bellard_class_kind[BELLARD_NCLASSES] = {
  [12] = JMON_QJS_CLASS_CFUNC,      [13] = JMON_QJS_CLASS_BYTECODE,   [14] = JMON_QJS_CLASS_PASS,
  [15] = JMON_QJS_CLASS_CFUNC_DATA, [16] = JMON_QJS_CLASS_PASS,       [50] = JMON_QJS_CLASS_NATIVE,
  [51] = JMON_QJS_CLASS_NATIVE,     [52] = JMON_QJS_CLASS_PASS,       [53] = JMON_QJS_CLASS_NATIVE,
  [54] = JMON_QJS_CLASS_NATIVE,     [56] = JMON_QJS_CLASS_PASS,
};
static const jmon_qjs_layout_t k_bellard_layout = {
  .tag_object = 0xFFFFFFFFu, .flag_generator = 4, .nclasses = BELLARD_NCLASSES, .class_kind = k_bellard_class_kind,
  .obj_class_id = 6, .obj_func_b = 32, .obj_cfunc = 36, .obj_magic = 42, .obj_cfunc_data = 32,
  .b_buf = 20, .b_len = 24, .b_line = 68, .b_col = 72, .col_bias = 1, .async_cur_func = 64,
  .ctx_rt = 16, .rt_class_array = 68, .class_size = 24, .class_call = 16,
  .b_func_name = 28, .b_realm = 48, .b_filename = 64, .rt_atom_array = 56, .str_chars = 16,
  .obj_shape = 16, .obj_prop = 20, .gc_type_byte = 4, .gc_type_shape = 2, .shape_prop_size = 28,
  .shape_prop_count = 32, .shape_props = 48, .atom_name = 56, .tag_string = 0xFFFFFFF9u, .str_kind_word = 0,
  .ctx_global = 192, .atom_global_this = 141,
};

const jmon_qjs_layout_t *jmon_qjs_layout_for(const jmon_qjs_variant_t *v) {
  if (!v) return NULL;
  return v->bellard ? &k_bellard_layout : &k_ng_layout;
}

bool jmon_qjs_entry_params(const jmon_wasm_module_t *m, uint32_t interp, int params[3]) {
  static const uint8_t k_sig[] = {JMON_I32, JMON_I64, JMON_I64, JMON_I64, JMON_I32, JMON_I32, JMON_I32};
  params[0] = params[1] = params[2] = -1;
  const jmon_functype_t *t = jmon_wasm_func_type(m, interp);
  if (!t || t->nparams != sizeof k_sig || memcmp(t->params, k_sig, sizeof k_sig) != 0 || t->nresults != 1 ||
      t->results[0] != JMON_I64)
    return false;
  params[0] = 0;
  params[1] = 1;
  params[2] = 6;
  return true;
}

/* ---- builtins ---- */

typedef struct {
  const uint8_t *mem;
  size_t size;
  uint32_t base;
} image_t;

static bool rd32(const image_t *im, uint64_t addr, uint32_t *v) {
  if (addr < im->base || addr - im->base + 4 > im->size) return false;
  const uint8_t *p = im->mem + (addr - im->base);
  *v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  return true;
}

/* True when the NUL-terminated string at guest address addr equals s. */
static bool str_at(const image_t *im, uint32_t addr, const char *s) {
  size_t n = strlen(s);
  if (addr < im->base || (uint64_t)addr - im->base + n + 1 > im->size) return false;
  const uint8_t *p = im->mem + (addr - im->base);
  return memcmp(p, s, n) == 0 && p[n] == 0;
}

/* Does array a start at guest address e (all its names in order, string values equal)? */
static bool array_at(const image_t *im, uint64_t e, const jmon_qjs_builtin_array_t *a) {
  for (unsigned i = 0; i < a->nnames; i++) {
    uint32_t name, w1, value;
    if (!rd32(im, e + 16u * i, &name) || !str_at(im, name, a->names[i])) return false;
    /* A string property (JS_DEF_PROP_STRING = 3) with its value: the iterator prototypes differ only there. */
    if (a->values[i] && (!rd32(im, e + 16u * i + 4, &w1) || (uint8_t)(w1 >> 8) != 3 ||
                         !rd32(im, e + 16u * i + 8, &value) || !str_at(im, value, a->values[i])))
      return false;
  }
  return true;
}

/* Do the arrays at e1 and e2 have the same def types, magics and functions? */
static bool same_functions(const image_t *im, uint64_t e1, uint64_t e2, unsigned n) {
  for (unsigned i = 0; i < n; i++)
    for (unsigned k = 1; k < 4; k++) {
      uint32_t a, b;
      if (!rd32(im, e1 + 16u * i + 4u * k, &a) || !rd32(im, e2 + 16u * i + 4u * k, &b) || a != b) return false;
    }
  return true;
}

static char *display_name(const char *prefix, const char *owner, const char *name) {
  size_t n = strlen(prefix) + strlen(owner) + strlen(name) + 2;
  char *s = malloc(n);
  if (!s) return NULL;
  /* "[Symbol.iterator]" follows its owner without a dot; the global object's names stand alone. */
  snprintf(s, n, "%s%s%s%s", prefix, owner, *owner && name[0] != '[' ? "." : "", name);
  return s;
}

static int push(jmon_qjs_builtins_t *out, size_t *cap, const jmon_qjs_builtin_t *b) {
  if (out->nentries == *cap) {
    size_t c = *cap ? *cap * 2 : 256;
    jmon_qjs_builtin_t *e = realloc(out->entries, c * sizeof *e);
    if (!e) return -1;
    out->entries = e;
    *cap = c;
  }
  out->entries[out->nentries++] = *b;
  return 0;
}

static void warn(jmon_qjs_builtins_t *out, const char *fmt, const char *a, unsigned long x) {
  if (!out->warning[0]) snprintf(out->warning, sizeof out->warning, fmt, a, x);
}

/* Decode the entries of array a found at e. @return 0, 1 when an entry is inconsistent, -1 nomem. */
static int decode_array(const image_t *im, uint64_t e, uint32_t ai, const jmon_qjs_builtin_array_t *a,
                        const uint32_t *table, size_t ntable, jmon_qjs_builtins_t *out, size_t *cap) {
  for (unsigned i = 0; i < a->nnames; i++) {
    uint64_t p = e + 16u * i;
    uint32_t w1, w2, w3;
    if (!rd32(im, p + 4, &w1) || !rd32(im, p + 8, &w2) || !rd32(im, p + 12, &w3)) return 1;
    uint8_t def_type = (uint8_t)(w1 >> 8);
    int16_t magic = (int16_t)(w1 >> 16);
    if (def_type > 9) return 1;
    if (def_type > 2) continue;   /* a value, a sub-object or an alias: no function */
    typedef struct { const char *prefix; uint32_t index; } fn_ref_t;
    fn_ref_t fns[2] = {{"", w3}, {"", 0}};
    if (def_type != 0) {
      fns[0] = (fn_ref_t){"get ", w2};
      fns[1] = (fn_ref_t){"set ", w3};
    }
    for (int k = 0; k < 2; k++) {
      if (fns[k].index == 0) continue;   /* no setter, or a null function */
      jmon_qjs_builtin_t b = {.table_index = fns[k].index, .magic = magic, .def_type = def_type, .array = ai,
                              .wasm_func = fns[k].index < ntable ? table[fns[k].index] : UINT32_MAX};
      if (def_type == 0) {
        b.length = (uint8_t)w2;
        b.cproto = (uint8_t)(w2 >> 8);
      }
      b.name = display_name(fns[k].prefix, a->owner, a->names[i]);
      if (!b.name || push(out, cap, &b) != 0) {
        free(b.name);
        return -1;
      }
      if (def_type == 0) out->nfuncs++;
    }
  }
  return 0;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static bool referenced(const uint32_t *refs, size_t nrefs, uint64_t addr) {
  if (!refs) return true;
  uint32_t key = (uint32_t)addr;
  return bsearch(&key, refs, nrefs, sizeof *refs, cmp_u32) != NULL;
}

/* Arrays by decreasing length: a longer array claims its start before a shorter one whose names are
 * its prefix (js_iterator_wrap_proto_funcs {next, return} vs the iterator helpers'). */
static const jmon_qjs_builtin_array_t *g_sort_arrays;
static int cmp_len_desc(const void *a, const void *b) {
  unsigned x = g_sort_arrays[*(const uint32_t *)a].nnames, y = g_sort_arrays[*(const uint32_t *)b].nnames;
  return x > y ? -1 : x < y;
}

int jmon_qjs_builtins_decode(const uint8_t *mem, size_t size, uint32_t base, const uint32_t *table, size_t ntable,
                             const uint32_t *refs, size_t nrefs, const jmon_qjs_variant_t *v, jmon_qjs_builtins_t *out) {
  memset(out, 0, sizeof *out);
  if (!v) {
    snprintf(out->warning, sizeof out->warning, "no builtin table for this QuickJS");
    return 0;
  }
  /* The owner table of the variant's quickjs.c (generated/). */
  const jmon_qjs_builtin_array_t *arrays = v->bellard ? jmon_qjs_bellard_builtin_arrays : jmon_qjs_builtin_arrays;
  uint32_t narrays = v->bellard ? JMON_QJS_BELLARD_BUILTIN_ARRAY_COUNT : JMON_QJS_BUILTIN_ARRAY_COUNT;
  enum { MAX_ARRAYS = JMON_QJS_BUILTIN_ARRAY_COUNT > JMON_QJS_BELLARD_BUILTIN_ARRAY_COUNT
                          ? JMON_QJS_BUILTIN_ARRAY_COUNT : JMON_QJS_BELLARD_BUILTIN_ARRAY_COUNT };
  image_t im = {mem, size, base};
  size_t cap = 0;
  uint32_t order[MAX_ARRAYS];
  uint64_t claimed[MAX_ARRAYS][2];   /* [start, end) of arrays found: arrays never overlap */
  size_t nclaimed = 0;
  for (uint32_t i = 0; i < narrays; i++) order[i] = i;
  g_sort_arrays = arrays;
  qsort(order, narrays, sizeof order[0], cmp_len_desc);
  for (uint32_t oi = 0; oi < narrays; oi++) {
    uint32_t ai = order[oi];
    const jmon_qjs_builtin_array_t *a = &arrays[ai];
    uint64_t found = 0;
    unsigned nfound = 0;
    bool same = true;   /* every candidate has the same functions (then it does not matter which) */
    /* Candidates: every 4-aligned place holding its names in order that something refers to (an
     * i32.const of the code that installs it, or a pointer in the data: JS_OBJECT_DEF, pointer
     * tables) and that no longer array found covers. */
    for (uint64_t p = (base + 3u) & ~3ull; p + 16u * a->nnames <= (uint64_t)base + size; p += 4) {
      uint32_t name;
      if (!rd32(&im, p, &name) || !str_at(&im, name, a->names[0]) || !array_at(&im, p, a)) continue;
      if (!referenced(refs, nrefs, p)) continue;
      bool taken = false;
      for (size_t c = 0; c < nclaimed; c++) taken |= p + 16u * a->nnames > claimed[c][0] && p < claimed[c][1];
      if (taken) continue;
      if (!nfound) found = p;
      else same &= same_functions(&im, found, p, a->nnames);
      nfound++;
    }
    if (nfound > 1 && same) nfound = 1;   /* e.g. {[Symbol.species]}: one getter under several owners (an alias) */
    else if (nfound == 1) {
      claimed[nclaimed][0] = found;
      claimed[nclaimed++][1] = found + 16u * a->nnames;
    }
    if (nfound != 1) {
      /* Not linked in this build (Atomics under WASI, DOMException), or arrays with the same names
       * (the iterator helpers' {next, return, [Symbol.toStringTag]}): no names rather than a guess. */
      if (nfound > 1) out->nambiguous++;
      continue;
    }
    size_t before = out->nentries, funcs_before = out->nfuncs;
    int r = decode_array(&im, found, ai, a, table, ntable, out, &cap);
    if (r < 0) return -1;
    if (r > 0) {
      warn(out, "builtin array %s at 0x%lx has an entry QuickJS would not write: no builtin names", a->array,
           (unsigned long)found);
      while (out->nentries > before) free(out->entries[--out->nentries].name);
      out->nfuncs = funcs_before;
      goto hostile;
    }
    out->narrays++;
    out->nlist_entries += a->nnames;
  }
  return 0;
hostile:
  /* One inconsistent array makes every name suspect: keep none. */
  for (size_t i = 0; i < out->nentries; i++) free(out->entries[i].name);
  free(out->entries);
  out->entries = NULL;
  out->nentries = out->narrays = out->nfuncs = out->nlist_entries = 0;
  return 0;
}

/* An i32.const offset expression, else false. */
static bool const_offset(const jmon_expr_t *e, uint32_t *v) {
  if (e->ninstrs != 1 || e->instrs[0].opcode != 0x41) return false;
  *v = (uint32_t)e->instrs[0].imm.i32;
  return true;
}

int jmon_qjs_table0(const jmon_wasm_module_t *m, uint32_t **out, size_t *nout) {
  /* Table 0 from the active element segments (function indices are absolute). */
  size_t ntable = 0;
  for (uint32_t i = 0; i < m->nelems; i++) {
    const jmon_elem_t *e = &m->elems[i];
    uint32_t off;
    if (e->flags > 3 || (e->flags & 1) || e->table_index != 0 || !const_offset(&e->offset, &off)) continue;
    if ((uint64_t)off + e->nitems > ntable) ntable = (size_t)off + e->nitems;
  }
  if (ntable > (16u << 20)) ntable = 0;
  uint32_t *table = malloc((ntable ? ntable : 1) * sizeof *table);
  if (!table) return -1;
  for (size_t k = 0; k < ntable; k++) table[k] = UINT32_MAX;
  for (uint32_t i = 0; i < m->nelems && ntable; i++) {
    const jmon_elem_t *e = &m->elems[i];
    uint32_t off;
    if (e->flags > 3 || (e->flags & 1) || e->table_index != 0 || !const_offset(&e->offset, &off)) continue;
    for (uint32_t k = 0; k < e->nitems; k++) table[off + k] = e->func_indices[k];
  }
  *out = table;
  *nout = ntable;
  return 0;
}

int jmon_qjs_builtins_find(const jmon_wasm_module_t *m, const jmon_qjs_variant_t *v, jmon_qjs_builtins_t *out) {
  memset(out, 0, sizeof *out);
  /* The memory image of the active data segments of memory 0. */
  uint64_t lo = UINT64_MAX, hi = 0;
  for (uint32_t i = 0; i < m->ndatas; i++) {
    const jmon_data_t *d = &m->datas[i];
    uint32_t off;
    if (d->flags == 1 || d->memory_index != 0 || !const_offset(&d->offset, &off)) continue;
    if (off < lo) lo = off;
    if ((uint64_t)off + d->size > hi) hi = (uint64_t)off + d->size;
  }
  if (lo >= hi) {
    snprintf(out->warning, sizeof out->warning, "no active data segments: no builtin names");
    return 0;
  }
  if (hi - lo > (256u << 20)) {
    snprintf(out->warning, sizeof out->warning, "data segments span %llu bytes: no builtin names",
             (unsigned long long)(hi - lo));
    return 0;
  }
  uint8_t *mem = calloc(hi - lo, 1);
  if (!mem) return -1;
  for (uint32_t i = 0; i < m->ndatas; i++) {
    const jmon_data_t *d = &m->datas[i];
    uint32_t off;
    if (d->flags == 1 || d->memory_index != 0 || !const_offset(&d->offset, &off)) continue;
    memcpy(mem + (off - lo), d->bytes, d->size);
  }
  uint32_t *table;
  size_t ntable;
  if (jmon_qjs_table0(m, &table, &ntable) != 0) {
    free(mem);
    return -1;
  }
  /* What refers to an array: the code's i32.const immediates and the data's aligned words. */
  size_t nrefs = 0, refs_cap = (size_t)(hi - lo) / 4 + 1;
  for (uint32_t f = 0; f < m->nfuncs; f++) refs_cap += m->funcs[f].ninstrs;
  uint32_t *refs = malloc(refs_cap * sizeof *refs);
  if (!refs) {
    free(mem);
    free(table);
    return -1;
  }
  for (uint32_t f = 0; f < m->nfuncs; f++)
    for (uint32_t i = 0; i < m->funcs[f].ninstrs; i++)
      if (m->funcs[f].instrs[i].opcode == 0x41) refs[nrefs++] = (uint32_t)m->funcs[f].instrs[i].imm.i32;
  for (uint64_t p = (lo + 3) & ~3ull; p + 4 <= hi; p += 4) {
    const uint8_t *q = mem + (p - lo);
    uint32_t w = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
    if (w >= lo && w < hi) refs[nrefs++] = w;
  }
  qsort(refs, nrefs, sizeof *refs, cmp_u32);
  int r = jmon_qjs_builtins_decode(mem, (size_t)(hi - lo), (uint32_t)lo, table, ntable, refs, nrefs, v, out);
  free(mem);
  free(table);
  free(refs);
  return r;
}

void jmon_qjs_builtins_free(jmon_qjs_builtins_t *b) {
  for (size_t i = 0; i < b->nentries; i++) free(b->entries[i].name);
  free(b->entries);
  memset(b, 0, sizeof *b);
}

int jmon_qjs_runtime_prepare(const jmon_wasm_module_t *m, uint32_t interp, const jmon_qjs_variant_t *v,
                             jmon_qjs_runtime_t *rt) {
  memset(rt, 0, sizeof *rt);
  rt->params[0] = rt->params[1] = rt->params[2] = -1;
  if (!v || !jmon_qjs_entry_params(m, interp, rt->params)) return 0;
  rt->layout = jmon_qjs_layout_for(v);
  if (!rt->layout) return 0;
  if (jmon_qjs_table0(m, &rt->table, &rt->ntable) != 0 || jmon_qjs_builtins_find(m, v, &rt->builtins) != 0) {
    jmon_qjs_runtime_free(rt);
    return -1;
  }
  return 0;
}

void jmon_qjs_runtime_free(jmon_qjs_runtime_t *rt) {
  jmon_qjs_builtins_free(&rt->builtins);
  free(rt->table);
  memset(rt, 0, sizeof *rt);
  rt->params[0] = rt->params[1] = rt->params[2] = -1;
}

char **jmon_qjs_builtin_func_names(const jmon_qjs_runtime_t *rt, uint32_t n) {
  const jmon_qjs_builtins_t *b = &rt->builtins;
  if (!b->nentries || !n) return NULL;
  char **names = calloc(n, sizeof *names);
  uint32_t *count = calloc(n, sizeof *count);
  if (!names || !count) goto nomem;
  for (size_t i = 0; i < b->nentries; i++)   /* distinct builtins per function (aliases count too) */
    if (b->entries[i].wasm_func < n) count[b->entries[i].wasm_func]++;
  for (size_t i = 0; i < b->nentries; i++) {
    uint32_t f = b->entries[i].wasm_func;
    if (f >= n || names[f]) continue;
    const char *src = b->entries[i].name;
    size_t len = strlen(src), cap = len + 48;
    char *s = malloc(cap);
    if (!s) goto nomem;
    size_t k = 0;
    for (const char *p = src; *p; p++) {
      char c = *p;
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok && c != ']') s[k++] = '_';   /* "Array.prototype[Symbol.iterator]" -> Array_prototype_Symbol_iterator */
      else if (ok) s[k++] = c;
      if (k >= 2 && s[k - 1] == '_' && s[k - 2] == '_') k--;
      if (k == 1 && s[0] == '_') k = 0;
    }
    if (k == 0 || (s[0] >= '0' && s[0] <= '9')) s[k++] = 'b';
    s[k] = 0;
    if (count[f] > 1) snprintf(s + k, cap - k, "_and_%u_more", count[f] - 1);
    names[f] = s;
  }
  /* Unique: the second of two equal identifiers (and later ones) gets its function index. */
  for (uint32_t f = 0; f < n; f++) {
    if (!names[f]) continue;
    for (uint32_t g = 0; g < f; g++) {
      if (!names[g] || strcmp(names[g], names[f]) != 0) continue;
      size_t len = strlen(names[f]) + 16;
      char *s = malloc(len);
      if (!s) goto nomem;
      snprintf(s, len, "%s_f%u", names[f], f);
      free(names[f]);
      names[f] = s;
      break;
    }
  }
  free(count);
  return names;
nomem:
  for (uint32_t f = 0; names && f < n; f++) free(names[f]);
  free(names);
  free(count);
  return NULL;
}
