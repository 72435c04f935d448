/* js_monitor.c: JS frames, function identification and fuel attribution behind the pc probe.
 *
 * Rule: fuel between two opcode loads belongs to the first opcode and to the innermost JS frame;
 * entering or leaving the interpreter closes the running opcode's share first, so the fuel of a
 * native (C) function called by an opcode goes to that opcode. A frame's function is found at its
 * first opcode load: a plain call starts at its byte_code_buf, a generator/async resumption lands
 * inside a buffer seen before. A new buffer is matched against the module's serialized bytecode
 * (equal bytes except atom operands, which QuickJS rewrites when it loads the bytecode); no
 * unique match means the function is reported by address, never under a guessed name. */
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
static size_t g_nfns, g_fns_cap;
static jmon_js_fn_t **g_by_base;     /* sorted by base, for range lookups */
static size_t g_unknown_warned, g_ambiguous_warned;

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

void jmon_js_init(wasm_rt_memory_t *memory) {
  jmon_js_memory = memory;
  jmon_cct_init(&g_tree);
  if (!g_frames) {
    g_cap = 256;
    g_frames = calloc(g_cap, sizeof *g_frames);
    if (!g_frames) out_of_memory();
  }
  g_depth = 0;
  g_frames[0].fn = NULL;
  g_frames[0].node = g_tree.root;
  g_frames[0].saved_last = &g_outside;
  jmon_js_top = &g_frames[0];
  g_outside = 0;
  jmon_js_open(&g_outside, jmon_fuel_saved);
  g_top_since = jmon_fuel_saved;
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
  if (!f) out_of_memory();
  g_frames = f;
  g_cap *= 2;
}

void jmon_js_enter(uint64_t now) {
  switch_top(now);   /* the caller's opcode stays open: what runs before a first opcode is its */
  if (UNLIKELY(g_depth + 1 == g_cap)) grow_frames();
  jmon_js_frame_t *parent = &g_frames[g_depth];
  jmon_js_frame_t *f = &g_frames[++g_depth];
  f->fn = NULL;
  f->node = parent->node;   /* until its first opcode: a native call is its caller's */
  f->saved_last = jmon_js_last;
  jmon_js_top = f;
}

void jmon_js_exit(uint64_t now) {
  if (g_depth == 0) return;   /* unbalanced: never pop the outside frame */
  jmon_js_close(now);
  switch_top(now);
  if (jmon_trace_on && g_frames[g_depth].fn) jmon_trace_js_exit(now);
  jmon_js_open(g_frames[g_depth].saved_last, now);   /* the caller's opcode runs on */
  jmon_js_top = &g_frames[--g_depth];
}

/* Register a function; keep g_by_base sorted. */
static jmon_js_fn_t *add_fn(uint32_t base, uint32_t len, int32_t fid) {
  jmon_js_fn_t *fn = calloc(1, sizeof *fn);
  if (!fn) out_of_memory();
  fn->base = base;
  fn->len = len;
  fn->fid = fid;
  fn->cap = len ? len : UNKNOWN_FIRST_CAP;
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
  g_fns[g_nfns] = fn;
  size_t i = g_nfns;
  while (i > 0 && g_by_base[i - 1]->base > base) {
    g_by_base[i] = g_by_base[i - 1];
    i--;
  }
  g_by_base[i] = fn;
  g_nfns++;
  return fn;
}

/* The function whose known extent holds pc (or an unknown one starting at pc), else NULL. */
static jmon_js_fn_t *find_fn(uint32_t pc) {
  size_t lo = 0, hi = g_nfns;
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

/* A buffer never seen: which of the module's functions is it? */
static jmon_js_fn_t *identify(uint32_t pc) {
  const jmon_js_info_t *info = &jmon_js_info;
  uint64_t mem_size = jmon_js_memory ? jmon_js_memory->size : 0;
  int32_t found = -1;
  int nfound = 0;
  for (uint32_t f = 0; f < info->nfuncs; f++) {
    const jmon_js_func_info_t *fi = &info->funcs[f];
    if ((uint64_t)pc + fi->code_len > mem_size || !matches(fi, pc)) continue;
    if (nfound && strcmp(info->funcs[found].name, fi->name) == 0 && info->funcs[found].line == fi->line &&
        info->funcs[found].col == fi->col && info->funcs[found].code_len == fi->code_len)
      continue;   /* the same function twice (identical source): not an ambiguity */
    if (!nfound) found = (int32_t)f;
    nfound++;
  }
  if (nfound == 1) return add_fn(pc, info->funcs[found].code_len, found);
  if (nfound > 1) {
    if (g_ambiguous_warned++ < 8)
      jmon_warn("JS function at 0x%x matches %d functions of the module's bytecode (identical code): "
                "reported by address", pc, nfound);
  } else if (info->nfuncs && g_unknown_warned++ < 8) {
    jmon_warn("JS function at 0x%x is not in the module's bytecode (eval, or the plugin's own JS): "
              "reported by address", pc);
  }
  return add_fn(pc, 0, -1);
}

/* A function seen for the first time in this trace: its name record. */
static __attribute__((noinline, cold)) void trace_frame_start(const jmon_js_fn_t *fn, int fresh, uint64_t now) {
  if (fn->calls + fn->resumes == 1) {
    char name[64];
    const char *n = name;
    if (fn->fid >= 0 && jmon_js_info.funcs[fn->fid].name[0]) n = jmon_js_info.funcs[fn->fid].name;
    else if (fn->fid >= 0) n = "<anonymous>";
    else snprintf(name, sizeof name, "0x%x", fn->base);
    jmon_trace_name(fn->id, n);
  }
  if (fresh) jmon_trace_js_enter(fn->id, now);
  else jmon_trace_js_resume(fn->id, now);
}

/* The function of a frame's first opcode at pc when it is not the one a frame started in last. */
static __attribute__((noinline)) jmon_js_fn_t *frame_fn(uint32_t pc) {
  jmon_js_fn_t *fn = find_fn(pc);
  return fn ? fn : identify(pc);
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
    jmon_js_fn_t *fn = pc == last_pc ? last_fn : frame_fn(pc);
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
  if (!fi) {
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
int jmon_js_enabled(void) { return g_enabled; }
