/* js_monitor.c: JS frames, function identification and fuel attribution behind the pc probe.
 *
 * Rule: fuel between two opcode loads belongs to the first opcode and to the innermost JS frame.
 * Every call of a function object enters the interpreter (JS_CallInternal); its func_obj parameter
 * says what is called. A native (C) function gets a frame of its own (a builtin frame, named from
 * the module's builtin table by its C function and magic, else by the function object's own `name`
 * property (constructors), else, for the embedder's classes, by the global (or global object's)
 * property that holds it (javy's console.log), else `[native fN]`): its fuel is its own,
 * and the opcode that called it keeps only its own share; functions it calls back are its
 * children. Other entries (bound functions, generator/async function objects: they run their
 * bytecode in a nested entry) keep the caller's opcode running. A JS frame's function is found at
 * its first opcode load: a plain call starts at its byte_code_buf, a generator/async resumption
 * lands inside a buffer seen before. A new buffer is matched against the module's serialized
 * bytecode (equal bytes except atom operands, which QuickJS rewrites when it loads the bytecode);
 * several byte-identical functions are told apart by the JSFunctionBytecode the entry's func_obj
 * points at (its line and column); no unique match means the function is reported by address,
 * never under a guessed name. */
#include "js_monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jmon_rt.h"
#include "trace_writer.h"

jmon_js_frame_t *jmon_js_top;
uint64_t *jmon_js_last;
/* The innermost frame's node is credited with the fuel since g_top_since whenever the innermost
 * frame (or its node) changes: one update per frame switch instead of one per opcode. */
static uint64_t g_top_since;

static jmon_js_frame_t *g_frames;
static size_t g_depth, g_cap;
static jmon_cct_t g_tree;
static uint64_t g_outside;
static int g_enabled;

static jmon_js_fn_t **g_fns;         /* by id */
static size_t g_nfns, g_fns_cap, g_nby_base;
static jmon_js_fn_t **g_by_base;     /* sorted by base, for range lookups */
static size_t g_unknown_warned, g_ambiguous_warned;
static jmon_js_fn_t **g_builtin_fns;  /* by jmon_js_info.builtins index */
typedef struct { jmon_js_fn_t *fn; char *name; } native_t;   /* name NULL: `[native fN]` */
static native_t *g_natives;           /* natives not in the builtin table, by (wasm function, own
                                         `name`) (linear: few) */
/* Functions the module's bytecode does not have (eval'd code), named from their run-time
 * JSFunctionBytecode: a side table (rare), so jmon_js_fn_t (in the probes header every generated
 * unit includes) stays as it is. */
typedef struct {
  const jmon_js_fn_t *fn;
  jmon_js_rt_info_t info;
} rt_named_t;
static rt_named_t *g_rt_named;
static size_t g_nrt_named, g_rt_named_cap;
static size_t g_nnatives, g_natives_cap;
/* Call sites of natives called from code whose lines lie in several files (the top level, a
 * bundle's IIFE wrapper): the native's self fuel belongs in js_files to the file of the calling
 * opcode's row, not to the caller's own file. Per frame depth (g_cap entries): that file, or -1,
 * and the native node's self fuel at entry; by file index: the fuel moved to / from each file. */
static int32_t *g_site_file;
static uint64_t *g_site_self0, *g_site_to, *g_site_from;
static size_t g_nsites;               /* open frames with a call site */

/* An unknown function (not in the module's bytecode) has no known length: its stats start at
 * UNKNOWN_FIRST_CAP positions and double as far as positions are reached, up to UNKNOWN_MAX_LEN
 * (positions beyond count at its start). An outgrown array is kept (activations hold pointers
 * into it, see jmon_pc_gen_t), so memory stays within twice the positions reached: a bundle
 * with a hundred such functions once spent 1 MB on each and faulted it all in when written. */
#define UNKNOWN_FIRST_CAP 64u
#define UNKNOWN_MAX_LEN (1u << 16)

static void out_of_memory(void) {
  fprintf(stderr, "app_mon: internal error: out of memory for the JS profile\n");
  abort();
}

wasm_rt_memory_t *jmon_js_memory;

/* Guest reads for the entry's decoding: 0 outside the memory (a stale or odd func_obj never faults). */
static inline uint32_t rd32(uint32_t addr) {
  uint32_t v = 0;
  if ((uint64_t)addr + 4 <= jmon_js_memory->size) memcpy(&v, jmon_js_memory->data + addr, 4);
  return v;
}
static inline uint16_t rd16(uint32_t addr) {
  uint16_t v = 0;
  if ((uint64_t)addr + 2 <= jmon_js_memory->size) memcpy(&v, jmon_js_memory->data + addr, 2);
  return v;
}

void jmon_js_init(wasm_rt_memory_t *memory) {
  jmon_js_memory = memory;
  jmon_cct_init(&g_tree);
  if (!g_frames) {
    g_cap = 256;
    g_frames = calloc(g_cap, sizeof *g_frames);
    g_site_file = malloc(g_cap * sizeof *g_site_file);
    g_site_self0 = calloc(g_cap, sizeof *g_site_self0);
    g_site_to = calloc(jmon_js_info.nfiles + 1, sizeof *g_site_to);
    g_site_from = calloc(jmon_js_info.nfiles + 1, sizeof *g_site_from);
    if (!g_frames || !g_site_file || !g_site_self0 || !g_site_to || !g_site_from) out_of_memory();
  }
  for (size_t i = 0; i < g_cap; i++) g_site_file[i] = -1;
  g_nsites = 0;
  g_depth = 0;
  g_frames[0].fn = NULL;
  g_frames[0].node = g_tree.root;
  g_frames[0].saved_last = &g_outside;
  jmon_js_top = &g_frames[0];
  g_outside = 0;
  jmon_js_open(&g_outside, jmon_fuel_saved);
  g_top_since = jmon_fuel_saved;
  if (!g_builtin_fns && jmon_js_info.nbuiltins) {
    g_builtin_fns = calloc(jmon_js_info.nbuiltins, sizeof *g_builtin_fns);
    if (!g_builtin_fns) out_of_memory();
  }
  g_enabled = 1;
  if (jmon_js_info.warning) jmon_warn("%s", jmon_js_info.warning);
}

/* The innermost frame changes now: credit its node. */
static inline void switch_top(uint64_t now) {
  jmon_js_top->node->self_fuel += now - g_top_since;
  g_top_since = now;
}

/* Out of line: the interpreter entry then calls nothing and saves no registers. */
static __attribute__((noinline, cold)) void grow_frames(void) {
  jmon_js_frame_t *f = realloc(g_frames, g_cap * 2 * sizeof *f);
  int32_t *sf = realloc(g_site_file, g_cap * 2 * sizeof *sf);
  uint64_t *s0 = realloc(g_site_self0, g_cap * 2 * sizeof *s0);
  if (!f || !sf || !s0) out_of_memory();
  for (size_t i = g_cap; i < g_cap * 2; i++) sf[i] = -1;
  g_frames = f;
  g_site_file = sf;
  g_site_self0 = s0;
  g_cap *= 2;
}

static __attribute__((noinline)) void native_enter(jmon_js_frame_t *f, uint8_t kind, uint32_t p, uint32_t cls,
                                                     uint32_t ctx, uint64_t now);

void jmon_js_enter(uint64_t now, uint32_t ctx, uint64_t func_obj, uint32_t flags) {
  switch_top(now);   /* the caller's opcode stays open: what runs before a first opcode is its */
  if (UNLIKELY(g_depth + 1 == g_cap)) grow_frames();
  jmon_js_frame_t *parent = &g_frames[g_depth];
  jmon_js_frame_t *f = &g_frames[++g_depth];
  f->fn = NULL;
  f->b = 0;
  f->node = parent->node;   /* until its first opcode */
  f->saved_last = jmon_js_last;
  jmon_js_top = f;
  const jmon_js_layout_t *L = jmon_js_info.layout;
  if (!L) return;
  /* What is called: a JS function (its JSFunctionBytecode), a native, or a resumed generator. */
  uint32_t p = (uint32_t)func_obj;
  if ((uint32_t)(func_obj >> 32) == L->tag_object) {
    uint32_t cls = rd16(p + L->obj_class_id);
    uint8_t kind = cls < L->nclasses ? L->class_kind[cls] : JMON_JS_CLASS_NATIVE;
    if (kind == JMON_JS_CLASS_BYTECODE) f->b = rd32(p + L->obj_func_b);
    else if (kind != JMON_JS_CLASS_PASS) native_enter(f, kind, p, cls, ctx, now);
  } else if (flags & L->flag_generator) {
    f->b = rd32(rd32(p + L->async_cur_func) + L->obj_func_b);
  }
}

/* A native frame with a call site returns: move its self fuel of this activation. */
static __attribute__((noinline, cold)) void site_close(void) {
  const jmon_js_frame_t *f = &g_frames[g_depth];
  uint64_t moved = f->node->self_fuel - g_site_self0[g_depth];
  g_site_to[g_site_file[g_depth]] += moved;
  g_site_from[jmon_js_info.funcs[f[-1].fn->fid].file_idx] += moved;
  g_site_file[g_depth] = -1;
  g_nsites--;
}

void jmon_js_exit(uint64_t now) {
  if (g_depth == 0) return;   /* unbalanced: never pop the outside frame */
  jmon_js_close(now);
  switch_top(now);
  if (UNLIKELY(g_nsites) && g_site_file[g_depth] >= 0) site_close();
  if (jmon_trace_on && g_frames[g_depth].fn) jmon_trace_js_exit(now);
  jmon_js_open(g_frames[g_depth].saved_last, now);   /* the caller's opcode runs on */
  jmon_js_top = &g_frames[--g_depth];
}

/* A pc2line row in a known file other than its function's own (the top level of a bundle). */
static inline bool row_in_other_file(const jmon_js_line_t *row, const jmon_js_func_info_t *fi) {
  return row->file != fi->file_idx && row->file >= 0 && (uint32_t)row->file < jmon_js_info.nfiles;
}

/* Register a function (a native one has no bytecode: one bucket, not in g_by_base); keep g_by_base
 * sorted. */
static jmon_js_fn_t *add_fn_kind(uint32_t base, uint32_t len, int32_t fid, int native) {
  jmon_js_fn_t *fn = calloc(1, sizeof *fn);
  if (!fn) out_of_memory();
  fn->base = base;
  fn->len = len;
  fn->fid = fid;
  fn->builtin = -1;
  fn->native_func = UINT32_MAX;
  fn->native = (uint8_t)native;
  if (!native && fid >= 0) {   /* once per function, so that native_enter skips the row search */
    const jmon_js_func_info_t *fi = &jmon_js_info.funcs[fid];
    const jmon_js_line_t *rows = &jmon_js_info.lines[fi->lines_off];
    for (uint32_t r = 0; r < fi->nlines && !fn->other_files; r++)
      fn->other_files = row_in_other_file(&rows[r], fi);
  }
  fn->cap = native ? 1 : len ? len : UNKNOWN_FIRST_CAP;
  fn->stats = calloc(fn->cap, sizeof *fn->stats);
  if (!fn->stats) out_of_memory();
  if (g_nfns == g_fns_cap) {
    g_fns_cap = g_fns_cap ? g_fns_cap * 2 : 64;
    jmon_js_fn_t **a = realloc(g_fns, g_fns_cap * sizeof *a), **b = realloc(g_by_base, g_fns_cap * sizeof *b);
    if (!a || !b) out_of_memory();
    g_fns = a;
    g_by_base = b;
  }
  fn->id = (uint32_t)g_nfns;
  g_fns[g_nfns++] = fn;
  if (native) return fn;
  size_t i = g_nby_base;
  while (i > 0 && g_by_base[i - 1]->base > base) {
    g_by_base[i] = g_by_base[i - 1];
    i--;
  }
  g_by_base[i] = fn;
  g_nby_base++;
  return fn;
}

static jmon_js_fn_t *add_fn(uint32_t base, uint32_t len, int32_t fid) { return add_fn_kind(base, len, fid, 0); }

/* The function whose known extent holds pc (or an unknown one starting at pc), else NULL. */
static jmon_js_fn_t *find_fn(uint32_t pc) {
  size_t lo = 0, hi = g_nby_base;
  while (lo < hi) {   /* last base <= pc */
    size_t mid = (lo + hi) / 2;
    if (g_by_base[mid]->base <= pc) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return NULL;
  jmon_js_fn_t *fn = g_by_base[lo - 1];
  /* An unknown function's extent is not known: only its first position identifies it. */
  return pc - fn->base < fn->len || pc == fn->base ? fn : NULL;
}

static int matches(const jmon_js_func_info_t *fi, uint32_t pc) {
  const jmon_js_info_t *info = &jmon_js_info;
  const uint8_t *heap = jmon_js_memory->data + pc;
  for (uint32_t i = 0; i < fi->code_len; i++) {
    uint32_t bit = fi->code_off + i;
    if (info->mask[bit >> 3] & (1u << (bit & 7))) continue;
    if (heap[i] != info->code[bit]) return 0;
  }
  return 1;
}

/* Same function of the module twice (identical source): not an ambiguity. */
static int same_function(const jmon_js_func_info_t *a, const jmon_js_func_info_t *b) {
  return strcmp(a->name, b->name) == 0 && a->bc_line == b->bc_line && a->bc_col == b->bc_col && a->code_len == b->code_len;
}

/* Several functions have this buffer's bytes: the one whose line and column the frame's
 * JSFunctionBytecode b holds (b's byte_code_buf must be pc), else -1. */
static int32_t by_bytecode_struct(uint32_t pc, uint32_t b) {
  const jmon_js_layout_t *L = jmon_js_info.layout;
  if (!L || !b || rd32(b + L->b_buf) != pc) return -1;
  uint32_t len = rd32(b + L->b_len);
  int32_t line = (int32_t)rd32(b + L->b_line), col = (int32_t)rd32(b + L->b_col) + L->col_bias;
  int32_t found = -1;
  for (uint32_t f = 0; f < jmon_js_info.nfuncs; f++) {
    const jmon_js_func_info_t *fi = &jmon_js_info.funcs[f];
    if (fi->code_len != len || fi->bc_line != line || fi->bc_col != col || !matches(fi, pc)) continue;
    if (found >= 0 && !same_function(&jmon_js_info.funcs[found], fi)) return -1;
    if (found < 0) found = (int32_t)f;
  }
  return found;
}

/* The text of atom `atom` of the runtime of JSFunctionBytecode b (Latin-1 and UTF-16 shown as
 * ASCII, others as '?'), or NULL. */
static char *atom_text_ctx(uint32_t ctx, uint32_t atom);
static char *atom_text(uint32_t b, uint32_t atom) {
  return atom_text_ctx(rd32(b + jmon_js_info.layout->b_realm), atom);
}

/* The same for the runtime of JSContext ctx. */
static char *atom_text_ctx(uint32_t ctx, uint32_t atom) {
  const jmon_js_layout_t *L = jmon_js_info.layout;
  if (!L->rt_atom_array || (atom & 0x80000000u)) return NULL;
  uint32_t rt = rd32(ctx + L->ctx_rt), s = rd32(rd32(rt + L->rt_atom_array) + 4 * atom);
  uint32_t hdr = rd32(s + 4), len = hdr & 0x7fffffffu, wide = hdr >> 31;
  if (!s || len > 200) return NULL;
  char *t = malloc(len + 1);
  if (!t) out_of_memory();
  for (uint32_t i = 0; i < len; i++) {
    uint32_t c = wide ? rd16(s + L->str_chars + 2 * i) : (jmon_js_memory->size > (uint64_t)s + L->str_chars + i
                                                             ? jmon_js_memory->data[s + L->str_chars + i] : 0);
    t[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
  }
  t[len] = 0;
  return t;
}

const jmon_js_rt_info_t *jmon_js_rt_info(const jmon_js_fn_t *fn) {
  for (size_t i = 0; fn->fid < 0 && !fn->native && i < g_nrt_named; i++)
    if (g_rt_named[i].fn == fn) return &g_rt_named[i].info;
  return NULL;
}

/* A function the module's bytecode does not have: named from its JSFunctionBytecode b (whose buffer
 * must be pc), as QuickJS itself would print it in a backtrace. @return NULL when b does not fit. */
static const jmon_js_rt_info_t *name_from_runtime(const jmon_js_fn_t *fn, uint32_t pc, uint32_t b) {
  const jmon_js_layout_t *L = jmon_js_info.layout;
  if (!L || !b || rd32(b + L->b_buf) != pc) return NULL;
  if (g_nrt_named == g_rt_named_cap) {
    g_rt_named_cap = g_rt_named_cap ? g_rt_named_cap * 2 : 16;
    rt_named_t *a = realloc(g_rt_named, g_rt_named_cap * sizeof *a);
    if (!a) out_of_memory();
    g_rt_named = a;
  }
  g_rt_named[g_nrt_named].fn = fn;
  jmon_js_rt_info_t *r = &g_rt_named[g_nrt_named++].info;
  uint32_t atom = rd32(b + L->b_func_name);
  r->name = atom ? atom_text(b, atom) : NULL;
  if (!r->name) {
    r->name = strdup("<anonymous>");
    if (!r->name) out_of_memory();
  }
  r->file = atom_text(b, rd32(b + L->b_filename));
  r->line = (int32_t)rd32(b + L->b_line);
  r->col = (int32_t)rd32(b + L->b_col) + L->col_bias;
  return r;
}

/* A buffer never seen: which of the module's functions is it? b: the frame's JSFunctionBytecode
 * (0 unknown). */
static jmon_js_fn_t *identify(uint32_t pc, uint32_t b) {
  const jmon_js_info_t *info = &jmon_js_info;
  uint64_t mem_size = jmon_js_memory ? jmon_js_memory->size : 0;
  int32_t found = -1;
  int nfound = 0;
  for (uint32_t f = 0; f < info->nfuncs; f++) {
    const jmon_js_func_info_t *fi = &info->funcs[f];
    if ((uint64_t)pc + fi->code_len > mem_size || !matches(fi, pc)) continue;
    if (nfound && same_function(&info->funcs[found], fi)) continue;
    if (!nfound) found = (int32_t)f;
    nfound++;
  }
  if (nfound == 1) return add_fn(pc, info->funcs[found].code_len, found);
  if (nfound > 1 && (found = by_bytecode_struct(pc, b)) >= 0) return add_fn(pc, info->funcs[found].code_len, found);
  if (nfound > 1) {
    if (g_ambiguous_warned++ < 8)
      jmon_warn("JS function at 0x%x matches %d functions of the module's bytecode (identical code): "
                "reported by address", pc, nfound);
    return add_fn(pc, 0, -1);
  }
  /* Not the module's (eval, new Function, the plugin's own JS): its own JSFunctionBytecode names it. */
  jmon_js_fn_t *fn = add_fn(pc, 0, -1);
  const jmon_js_rt_info_t *r = name_from_runtime(fn, pc, b);
  if (r) {
    if (info->nfuncs && g_unknown_warned++ < 8)
      jmon_warn("JS function %s (%s:%d) is not in the module's bytecode (eval, new Function): named from its "
                "run-time bytecode", r->name, r->file ? r->file : "?", r->line);
  } else if (info->nfuncs && g_unknown_warned++ < 8) {
    jmon_warn("JS function at 0x%x is not in the module's bytecode (eval, or the plugin's own JS): "
              "reported by address", pc);
  }
  return fn;
}

/* A function seen for the first time in this trace: its name record. */
static __attribute__((noinline, cold)) void trace_frame_start(const jmon_js_fn_t *fn, int fresh, uint64_t now) {
  if (fn->calls + fn->resumes == 1) {
    char name[64];
    jmon_trace_name(fn->id, jmon_js_fn_name(fn, name, sizeof name));
  }
  if (fresh) jmon_trace_js_enter(fn->id, now);
  else jmon_trace_js_resume(fn->id, now);
}

/* The function of a frame's first opcode at pc when it is not the one a frame started in last. */
static __attribute__((noinline)) jmon_js_fn_t *frame_fn(uint32_t pc, uint32_t b) {
  jmon_js_fn_t *fn = find_fn(pc);
  return fn ? fn : identify(pc, b);
}

const char *jmon_js_fn_name(const jmon_js_fn_t *fn, char *buf, size_t n) {
  if (fn->native && fn->builtin >= 0) return jmon_js_info.builtins[fn->builtin].name;
  for (size_t i = 0; fn->native && i < g_nnatives; i++)
    if (g_natives[i].fn == fn && g_natives[i].name) return g_natives[i].name;
  if (fn->native && fn->native_func != UINT32_MAX) snprintf(buf, n, "[native f%u]", fn->native_func);
  else if (fn->native) snprintf(buf, n, "[native]");
  else if (fn->fid >= 0) return jmon_js_info.funcs[fn->fid].name[0] ? jmon_js_info.funcs[fn->fid].name : "<anonymous>";
  else if (jmon_js_rt_info(fn)) return jmon_js_rt_info(fn)->name;
  else snprintf(buf, n, "0x%x", fn->base);   /* not in the module's bytecode: its address */
  return buf;
}

/* The builtin with C function (table index) t and magic m, or -1. */
static int32_t find_builtin(uint32_t t, int32_t m) {
  size_t lo = 0, hi = jmon_js_info.nbuiltins;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const jmon_js_builtin_t *b = &jmon_js_info.builtins[mid];
    if (b->table_index < t || (b->table_index == t && b->magic < m)) lo = mid + 1;
    else hi = mid;
  }
  return lo < jmon_js_info.nbuiltins && jmon_js_info.builtins[lo].table_index == t && jmon_js_info.builtins[lo].magic == m
             ? (int32_t)lo
             : -1;
}

/* Object obj's properties: its JSShape (*sh) and JSProperty array (*props); @return their count,
 * 0 when a read does not fit the layout (not a JSShape, counts out of range or memory). */
static uint32_t obj_props(uint32_t obj, uint32_t *sh_out, uint32_t *props_out) {
  const jmon_js_layout_t *L = jmon_js_info.layout;
  uint64_t size = jmon_js_memory->size;
  if (!L->obj_shape || (uint64_t)obj + L->obj_prop + 4 > size) return 0;
  uint32_t sh = rd32(obj + L->obj_shape), props = rd32(obj + L->obj_prop);
  if (!sh || !props || (uint64_t)sh + L->shape_props > size) return 0;
  if ((jmon_js_memory->data[sh + L->gc_type_byte] & 0xFu) != L->gc_type_shape) return 0;   /* not a JSShape */
  uint32_t cap = rd32(sh + L->shape_prop_size), count = rd32(sh + L->shape_prop_count);
  if (count > cap || cap > 4096 || (uint64_t)sh + L->shape_props + 8ull * cap > size ||
      (uint64_t)props + 8ull * cap > size)
    return 0;
  *sh_out = sh;
  *props_out = props;
  return count;
}

/* Property i of an object (obj_props): its atom (0: deleted) and, when it is a plain value (not a
 * getter/setter, var ref or autoinit), its JSValue in *val; @return 0 when it is not a value. */
static int prop_value(uint32_t sh, uint32_t props, uint32_t i, uint32_t *atom, uint64_t *val) {
  const jmon_js_layout_t *L = jmon_js_info.layout;
  uint32_t sp = sh + L->shape_props + 8 * i;
  *atom = rd32(sp + 4);
  if ((rd32(sp) >> 26) & 0x30u) return 0;   /* JSShapeProperty.flags & JS_PROP_TMASK: not NORMAL */
  *val = (uint64_t)rd32(props + 8 * i + 4) << 32 | rd32(props + 8 * i);
  return 1;
}

/* Native function object p's own `name` property into buf (n bytes) when it is a plain non-empty
 * string and every read fits the layout (JSObject.shape's JSShapeProperty for JS_ATOM_name, the
 * same index in JSObject.prop); @return 0 otherwise. */
static int own_name(uint32_t p, char *buf, size_t n) {
  const jmon_js_layout_t *L = jmon_js_info.layout;
  uint64_t size = jmon_js_memory->size, val;
  uint32_t sh, props, count = obj_props(p, &sh, &props), atom;
  for (uint32_t i = 0; i < count; i++) {
    if (!prop_value(sh, props, i, &atom, &val) || atom != L->atom_name) continue;
    uint32_t s = (uint32_t)val;
    if ((uint32_t)(val >> 32) != L->tag_string || !s || (uint64_t)s + L->str_chars > size) return 0;
    uint32_t hdr = rd32(s + 4), len = hdr & 0x7fffffffu, wide = hdr >> 31;
    if (len == 0 || len >= n || (L->str_kind_word && ((rd32(s + L->str_kind_word) >> 29) & 1u)) ||   /* a slice */
        (uint64_t)s + L->str_chars + (wide ? 2ull : 1ull) * len > size)
      return 0;
    for (uint32_t k = 0; k < len; k++) {
      uint32_t c = wide ? rd16(s + L->str_chars + 2 * k) : jmon_js_memory->data[s + L->str_chars + k];
      buf[k] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    buf[len] = 0;
    return 1;
  }
  return 0;
}

/* An embedder's function without a `name` of its own (javy's console.log: rquickjs sets only
 * `length`), named by where it is: a plain property of the global object (`KEY`) or of an object
 * that is one (`KEY.KEY`), the first in property order. The global object is JSContext.global_obj,
 * checked by its own `globalThis` property being itself. @return 0 when not found. Read at every
 * call (nothing cached: an address may be reused by another function). */
static int holder_name(uint32_t p, uint32_t ctx, char *buf, size_t n) {
  const jmon_js_layout_t *L = jmon_js_info.layout;
  if (!L->ctx_global || !L->obj_shape || rd32(ctx + L->ctx_global + 4) != L->tag_object) return 0;
  uint64_t g_val = (uint64_t)L->tag_object << 32 | rd32(ctx + L->ctx_global), p_val = (uint64_t)L->tag_object << 32 | p;
  uint64_t val;
  uint32_t g = (uint32_t)g_val, gsh, gprops, gn = obj_props(g, &gsh, &gprops), atom;
  int self = 0;
  for (uint32_t j = 0; j < gn && !self; j++)
    self = prop_value(gsh, gprops, j, &atom, &val) && atom == L->atom_global_this && val == g_val;
  if (!self) return 0;
  uint32_t key = 0, key2 = 0;
  for (uint32_t j = 0; j < gn && !key; j++) {
    if (!prop_value(gsh, gprops, j, &atom, &val) || !atom || (uint32_t)(val >> 32) != L->tag_object || val == g_val)
      continue;
    if (val == p_val) {
      key = atom;
      break;
    }
    uint32_t hsh, hprops, hn = obj_props((uint32_t)val, &hsh, &hprops), atom2;
    uint64_t val2;
    for (uint32_t i = 0; i < hn; i++)
      if (prop_value(hsh, hprops, i, &atom2, &val2) && atom2 && val2 == p_val) {
        key = atom;
        key2 = atom2;
        break;
      }
  }
  char *a = key ? atom_text_ctx(ctx, key) : NULL, *b = key2 ? atom_text_ctx(ctx, key2) : NULL;
  int ok = a && (!key2 || b) && (size_t)snprintf(buf, n, "%s%s%s", a, key2 ? "." : "", key2 ? b : "") < n;
  free(a);
  free(b);
  return ok;
}

/* The function record of a native: one per builtin, one per (wasm function, own name) for the
 * others (name NULL: not read). */
static jmon_js_fn_t *native_fn(int32_t builtin, uint32_t wasm_func, const char *name) {
  if (builtin >= 0) {
    if (!g_builtin_fns[builtin]) {
      jmon_js_fn_t *fn = add_fn_kind(0, 0, -1, 1);
      fn->builtin = builtin;
      fn->native_func = jmon_js_info.builtins[builtin].wasm_func;
      g_builtin_fns[builtin] = fn;
    }
    return g_builtin_fns[builtin];
  }
  for (size_t i = 0; i < g_nnatives; i++)
    if (g_natives[i].fn->native_func == wasm_func && (name ? g_natives[i].name && strcmp(g_natives[i].name, name) == 0
                                                          : !g_natives[i].name))
      return g_natives[i].fn;
  if (g_nnatives == g_natives_cap) {
    g_natives_cap = g_natives_cap ? g_natives_cap * 2 : 16;
    native_t *a = realloc(g_natives, g_natives_cap * sizeof *a);
    if (!a) out_of_memory();
    g_natives = a;
  }
  jmon_js_fn_t *fn = add_fn_kind(0, 0, -1, 1);
  fn->native_func = wasm_func;
  g_natives[g_nnatives].fn = fn;
  g_natives[g_nnatives].name = name ? strdup(name) : NULL;
  if (name && !g_natives[g_nnatives].name) out_of_memory();
  g_nnatives++;
  return fn;
}

/* The entry of a native function object p (class cls): a builtin frame from now on. The caller's
 * opcode ends here; the native's own bucket runs until it returns (or calls back into JS). */
static __attribute__((noinline)) void native_enter(jmon_js_frame_t *f, uint8_t kind, uint32_t p, uint32_t cls,
                                                     uint32_t ctx, uint64_t now) {
  const jmon_js_layout_t *L = jmon_js_info.layout;
  uint32_t t;
  int32_t builtin = -1;
  if (kind == JMON_JS_CLASS_CFUNC) {
    t = rd32(p + L->obj_cfunc);
    builtin = find_builtin(t, (int16_t)rd16(p + L->obj_magic));
  } else if (kind == JMON_JS_CLASS_CFUNC_DATA) {
    t = rd32(rd32(p + L->obj_cfunc_data));
  } else {   /* the class's call: ctx->rt->class_array[cls].call */
    t = rd32(rd32(rd32(ctx + L->ctx_rt) + L->rt_class_array) + cls * L->class_size + L->class_call);
  }
  uint32_t wasm_func = t < jmon_js_info.ntable ? jmon_js_info.table[t] : UINT32_MAX;
  char name[128];
  int named = builtin < 0 && (own_name(p, name, sizeof name) || (cls >= L->nclasses && holder_name(p, ctx, name, sizeof name)));
  jmon_js_fn_t *fn = native_fn(builtin, wasm_func, named ? name : NULL);
  fn->calls++;
  jmon_node_t *parent = f[-1].node;
  jmon_node_t *kid = parent->kids[JMON_KID_SLOT(fn->id)];
  if (kid->func != fn->id) {
    kid = parent->kids[JMON_KID_SLOT2(fn->id)];
    if (kid->func != fn->id) kid = jmon_cct_child(&g_tree, parent, fn->id);
  }
  kid->calls++;
  f->fn = fn;
  f->node = kid;
  /* The calling opcode (f->saved_last is its bucket): its row's file, when not the caller's own. */
  const jmon_js_fn_t *c = f[-1].fn;
  if (c && c->other_files) {
    const jmon_pc_stat_t *st = (const jmon_pc_stat_t *)(void *)((char *)f->saved_last - offsetof(jmon_pc_stat_t, fuel));
    const jmon_js_func_info_t *fi = &jmon_js_info.funcs[c->fid];
    const jmon_js_line_t *row = st >= c->stats && st < c->stats + c->cap ? jmon_js_row_of(fi, (uint32_t)(st - c->stats)) : NULL;
    if (row && row_in_other_file(row, fi)) {
      g_site_file[g_depth] = row->file;
      g_site_self0[g_depth] = kid->self_fuel;
      g_nsites++;
    }
  }
  jmon_js_close(now);
  jmon_js_open(&fn->stats[0].fuel, now);
  if (UNLIKELY(jmon_trace_on)) trace_frame_start(fn, 1, now);
}

/* An unknown function reached position `off` >= its cap (< UNKNOWN_MAX_LEN): double its stats
 * until they hold it; the outgrown ones become a generation. */
static __attribute__((noinline, cold)) void grow_stats(jmon_js_fn_t *fn, uint32_t off) {
  uint32_t cap = fn->cap;
  while (cap <= off) cap *= 2;
  jmon_pc_gen_t *gen = malloc(sizeof *gen);
  jmon_pc_stat_t *stats = calloc(cap, sizeof *stats);
  if (!gen || !stats) out_of_memory();
  *gen = (jmon_pc_gen_t){fn->stats, fn->cap, fn->older};
  fn->older = gen;
  fn->stats = stats;
  fn->cap = cap;
}

jmon_pc_stat_t jmon_js_fn_stat(const jmon_js_fn_t *fn, uint32_t pc) {
  jmon_pc_stat_t s = pc < fn->cap ? fn->stats[pc] : (jmon_pc_stat_t){0, 0};
  for (const jmon_pc_gen_t *g = fn->older; g && pc < g->cap; g = g->older) {
    s.fuel += g->stats[pc].fuel;
    s.count += g->stats[pc].count;
  }
  return s;
}

/* Once per JS call: the common path (a known function, its JS node in the parent's child cache,
 * no trace) calls nothing, so it needs no register saves; the rest is out of line. */
jmon_js_view_t jmon_js_pc_slow(uint32_t pc, uint64_t now) {
  static uint32_t last_pc = UINT32_MAX;   /* the function a frame started in last: recursion */
  static jmon_js_fn_t *last_fn;
  jmon_js_frame_t *f = jmon_js_top;
  if (!f->fn) {
    /* First opcode of this frame: a call starts at a buffer's base, a resumption inside one. */
    jmon_js_fn_t *fn = pc == last_pc ? last_fn : frame_fn(pc, f->b);
    last_pc = pc;
    last_fn = fn;
    int fresh = pc == fn->base;
    if (fresh) fn->calls++;
    else fn->resumes++;
    switch_top(now);
    jmon_node_t *parent = f[-1].node;
    f->fn = fn;
    jmon_node_t *kid = parent->kids[JMON_KID_SLOT(fn->id)];
    if (UNLIKELY(kid->func != fn->id)) {
      kid = parent->kids[JMON_KID_SLOT2(fn->id)];
      if (kid->func != fn->id) kid = jmon_cct_child(&g_tree, parent, fn->id);
    }
    f->node = kid;
    if (fresh) kid->calls++;
    else kid->resumes++;
    if (UNLIKELY(jmon_trace_on)) trace_frame_start(fn, fresh, now);
  }
  jmon_js_fn_t *fn = f->fn;
  uint32_t off = pc - fn->base;
  /* A position outside the function's known bytecode: count it at its start, never elsewhere. */
  if (off >= fn->cap) {
    if (!fn->len && off < UNKNOWN_MAX_LEN) grow_stats(fn, off);
    else off = 0;
  }
  jmon_pc_stat_t *s = &fn->stats[off];
  s->count++;
  /* The running opcode (the caller's, or the frame set-up, at a first opcode) ends here; closed
   * between the count and the open, as in jmon_js_pc, so gcc does not pair them into SSE code. */
  jmon_js_close(now);
  jmon_js_open(&s->fuel, now);
  return (jmon_js_view_t){fn->base, fn->cap, fn->stats};
}

/* Take `excess` back from the buckets of `stats`. */
static uint64_t take_from_stats(jmon_pc_stat_t *stats, uint32_t cap, uint64_t excess) {
  for (uint32_t i = 0; i < cap && excess; i++) {
    uint64_t take = stats[i].fuel < excess ? stats[i].fuel : excess;
    stats[i].fuel -= take;
    excess -= take;
  }
  return excess;
}

/* Take `excess` back from every generation of the buckets of `fn` (may be NULL). */
static uint64_t take_from_fn(jmon_js_fn_t *fn, uint64_t excess) {
  if (!fn) return excess;
  excess = take_from_stats(fn->stats, fn->cap, excess);
  for (const jmon_pc_gen_t *g = fn->older; g && excess; g = g->older) excess = take_from_stats(g->stats, g->cap, excess);
  return excess;
}

void jmon_js_finish(uint64_t total, int trapped) {
  static int finished;
  if (!g_enabled || finished) return;
  finished = 1;
  /* Every interpreter entry has had its exit unless the run ended inside one (trap, proc_exit). */
  if (!trapped && g_depth != 0) jmon_warn("JS shadow stack not empty at exit: depth %zu", g_depth);
  jmon_js_close(total);
  /* A trap loses unsaved fuel (wasmtime does not count it either), and the running opcode was
   * opened at a count that included some of it: its bucket is then below zero (a fuel count never
   * reaches 2^63). Take the rest back from the innermost function's buckets, and the same from the
   * innermost stacks when the innermost frame was credited past `total`. */
  uint64_t left = 0, node_left = 0;
  if (*jmon_js_last > INT64_MAX) {
    left = 0 - *jmon_js_last;
    *jmon_js_last = 0;
  }
  for (size_t d = g_depth + 1; d-- > 0 && left;) left = take_from_fn(g_frames[d].fn, left);
  if (total >= g_top_since) switch_top(total);
  else node_left = g_top_since - total;
  for (jmon_node_t *n = jmon_js_top->node; n && node_left; n = n->parent) {
    uint64_t take = n->self_fuel < node_left ? n->self_fuel : node_left;
    n->self_fuel -= take;
    node_left -= take;
  }
  if (left || node_left)
    jmon_warn("JS attribution exceeds the reported fuel by %llu after the trap", (unsigned long long)(left > node_left ? left : node_left));
}

const jmon_js_line_t *jmon_js_row_of(const jmon_js_func_info_t *fi, uint32_t pc) {
  const jmon_js_line_t *rows = &jmon_js_info.lines[fi->lines_off];
  uint32_t lo = 0, hi = fi->nlines;   /* rows are in increasing pc order: the last with row.pc <= pc */
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (rows[mid].pc <= pc) lo = mid + 1;
    else hi = mid;
  }
  return lo ? &rows[lo - 1] : NULL;
}

int32_t jmon_js_line_of(const jmon_js_func_info_t *fi, uint32_t pc) {
  const jmon_js_line_t *row = jmon_js_row_of(fi, pc);
  return row ? row->line : fi->line;
}

/* One stack line for frame d: its function and the line of the opcode it is running. */
static void print_frame(FILE *out, size_t d) {
  const jmon_js_fn_t *fn = g_frames[d].fn;
  const uint64_t *running = d == g_depth ? jmon_js_last : g_frames[d + 1].saved_last;
  const jmon_js_func_info_t *fi = fn->fid >= 0 ? &jmon_js_info.funcs[fn->fid] : NULL;
  const uint64_t *first = &fn->stats[0].fuel, *end = &fn->stats[fn->cap].fuel;
  char name[64];
  if (fn->native) {
    fprintf(out, "    at %s (native)\n", jmon_js_fn_name(fn, name, sizeof name));
  } else if (!fi && jmon_js_rt_info(fn)) {
    const jmon_js_rt_info_t *r = jmon_js_rt_info(fn);
    fprintf(out, "    at %s (%s:%d)\n", r->name, r->file ? r->file : "?", r->line);
  } else if (!fi) {
    fprintf(out, "    at 0x%x\n", fn->base);
  } else if (running >= first && running < end) {
    uint32_t pc = (uint32_t)(((const char *)running - (const char *)first) / sizeof(jmon_pc_stat_t));
    const jmon_js_line_t *row = jmon_js_row_of(fi, pc);
    fprintf(out, "    at %s (%s:%d)\n", fi->name[0] ? fi->name : "<anonymous>",
            row ? jmon_js_info.files[row->file] : fi->file, row ? row->line : fi->line);
  } else {
    fprintf(out, "    at %s (%s:%d)\n", fi->name[0] ? fi->name : "<anonymous>", fi->file, fi->line);
  }
}

void jmon_js_print_stack(FILE *out) {
  if (!g_enabled) return;
  size_t shown = 0, js_frames = 0;
  for (size_t d = g_depth; d > 0; d--) js_frames += g_frames[d].fn != NULL;
  for (size_t d = g_depth; d > 0; d--) {
    if (!g_frames[d].fn) continue;   /* a native call: no JS line */
    shown++;
    if (js_frames > 24 && shown > 12 && shown <= js_frames - 4) {
      if (shown == 13) fprintf(out, "    ... %zu more JS frames ...\n", js_frames - 16);
      continue;
    }
    print_frame(out, d);
  }
}

const jmon_cct_t *jmon_js_tree(void) { return &g_tree; }
size_t jmon_js_fn_count(void) { return g_nfns; }
jmon_js_fn_t *jmon_js_fn(size_t id) { return g_fns[id]; }
uint64_t jmon_js_outside_fuel(void) { return g_outside; }
uint64_t jmon_js_site_delta(uint32_t file) {
  return file < jmon_js_info.nfiles && g_site_to ? g_site_to[file] - g_site_from[file] : 0;
}
int jmon_js_enabled(void) { return g_enabled; }
