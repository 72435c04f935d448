/* qjs_bytecode.c: parses serialized QuickJS bytecode (JS_WriteObject output) into a table of JS functions. */
#include "qjs_bytecode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../generated/quickjs_opcodes.h"
#include "../generated/quickjs_opcodes_bellard.h"

/*
 * Two layouts are read here (see docs/quickjs.md); facts only, the code is ours:
 * - quickjs-ng's (commit d405777, rquickjs-sys 0.11.0): JS_ReadObject2 / JS_ReadObjectAtoms /
 *   JS_ReadObjectRec / JS_ReadFunctionTag / JS_ReadModule;
 * - Bellard's (bellard/quickjs 3b45d15 = VERSION 2024-02-14 with CONFIG_BIGNUM, as rquickjs-sys
 *   0.6.1 builds it for the legacy javy plugin, plus that crate's error_column_number.patch): same
 *   functions there. Differences from quickjs-ng, all from that quickjs.c and the patch:
 *   the atom table is bare JS_WriteString strings (no type byte); function flags put has_debug at
 *   bit 10 (backtrace_barrier after it); JS_WriteFunctionTag writes vardefs, closure vars, the
 *   bytecode, the debug info (filename atom, line_num, pc2line length + bytes; the patch appends
 *   column_num and a pc2column length + bytes; no column in pc2line rows, no source), and only
 *   then the constant pool; BCTagEnum stops at OBJECT_REFERENCE (19), then BIG_FLOAT (20) and
 *   BIG_DECIMAL (21) (CONFIG_BIGNUM): no RegExp/Map/Set/Symbol tags; ArrayBuffer has no max length.
 */

/* BC_TAG_* values (quickjs-ng quickjs.c BCTagEnum). */
enum {
  BC_TAG_NULL = 1, BC_TAG_UNDEFINED, BC_TAG_BOOL_FALSE, BC_TAG_BOOL_TRUE, BC_TAG_INT32,
  BC_TAG_FLOAT64, BC_TAG_STRING, BC_TAG_OBJECT, BC_TAG_ARRAY, BC_TAG_BIG_INT,
  BC_TAG_TEMPLATE_OBJECT, BC_TAG_FUNCTION_BYTECODE, BC_TAG_MODULE, BC_TAG_TYPED_ARRAY,
  BC_TAG_ARRAY_BUFFER, BC_TAG_SHARED_ARRAY_BUFFER, BC_TAG_REGEXP, BC_TAG_DATE,
  BC_TAG_OBJECT_VALUE, BC_TAG_OBJECT_REFERENCE, BC_TAG_MAP, BC_TAG_SET, BC_TAG_SYMBOL
};

/* Bellard's BCTagEnum (bellard/quickjs 3b45d15 quickjs.c, CONFIG_BIGNUM): 1..16 as quickjs-ng's. */
enum {
  BELLARD_TAG_DATE = 17, BELLARD_TAG_OBJECT_VALUE, BELLARD_TAG_OBJECT_REFERENCE, BELLARD_TAG_BIG_FLOAT,
  BELLARD_TAG_BIG_DECIMAL
};

/* Atom table entry types (JS_ATOM_TYPE_*): 0 = predefined atom as u32; 1..3 = string/symbols. */
enum { ATOM_TYPE_CONST = 0, ATOM_TYPE_STRING = 1, ATOM_TYPE_PRIVATE = 4 };

#define ATOM_TAG_INT 0x80000000u     /* JS_ATOM_TAG_INT: atom is an integer index */
#define MAX_ATOMS (1000u * 1000u)    /* JS_ReadObjectAtoms rejects more */
#define MAX_DEPTH 256                /* our own bound on object nesting (QuickJS checks its C stack) */
#define STRING_LEN_MAX ((1u << 30) - 1) /* JS_STRING_LEN_MAX */

/* pc2line encoding constants (quickjs.c PC2LINE_*). */
#define PC2LINE_BASE (-1)
#define PC2LINE_RANGE 5
#define PC2LINE_OP_FIRST 1

/* Function flag bits, in the order JS_WriteFunctionTag packs them (u16, bit 0 first). */
#define FFLAG_FUNC_KIND_SHIFT 4   /* after has_prototype, simple_params, derived_ctor, home_object */
#define FFLAG_HAS_DEBUG_BIT 11    /* ... new_target, super_call, super, arguments, backtrace_barrier */
#define BELLARD_FFLAG_HAS_DEBUG_BIT 10 /* ... new_target, super_call, super, arguments (Bellard) */

typedef struct {
  const uint8_t *buf;
  size_t len, pos;
  char *err;
  size_t errlen;
  jmon_qjs_status_t status;
  uint32_t natoms;
  char **atoms;                   /* the file's atom table as UTF-8 (owned) */
  jmon_qjs_module_t *out;
  uint32_t cap_functions;
  int depth;
  const jmon_qjs_opcode_t *ops;   /* the opcode table to read with (the variant's by default) */
  const jmon_qjs_variant_t *v;    /* the QuickJS the bytecode comes from */
} reader_t;

static const jmon_qjs_variant_t k_variants[] = {
  {JMON_QJS_QUICKJS_VERSION " (bytecode v21)", JMON_QJS_BC_VERSION, false, JMON_QJS_OPCODE_COUNT,
   jmon_qjs_opcodes, JMON_QJS_ATOM_END, jmon_qjs_atoms},
  {"quickjs 2024-02-14 (bellard/quickjs 3b45d15, rquickjs-sys 0.6.1, CONFIG_BIGNUM) (bytecode 0x43)",
   JMON_QJS_BELLARD_BC_VERSION, true, JMON_QJS_BELLARD_OPCODE_COUNT, jmon_qjs_bellard_opcodes,
   JMON_QJS_BELLARD_ATOM_END, jmon_qjs_bellard_atoms},
};

const jmon_qjs_variant_t *jmon_qjs_variant_for(uint8_t version) {
  for (size_t i = 0; i < sizeof k_variants / sizeof k_variants[0]; i++)
    if (k_variants[i].bc_version == version) return &k_variants[i];
  return NULL;
}

/* Record the first error only; later failures are consequences of it. */
__attribute__((format(printf, 4, 5)))
static int fail_at(reader_t *r, jmon_qjs_status_t status, size_t offset, const char *fmt, ...) {
  if (r->status != JMON_QJS_OK) return -1;
  r->status = status;
  if (r->err && r->errlen > 0) {
    int n = snprintf(r->err, r->errlen, "offset 0x%zx: ", offset);
    if (n >= 0 && (size_t)n < r->errlen) {
      va_list ap;
      va_start(ap, fmt);
      vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
      va_end(ap);
    }
  }
  return -1;
}

static int nomem(reader_t *r) { return fail_at(r, JMON_QJS_ERR_NOMEM, r->pos, "out of memory"); }

static int truncated(reader_t *r, const char *what) {
  return fail_at(r, JMON_QJS_ERR_TRUNCATED, r->len, "truncated QuickJS bytecode (in %s)", what);
}

/* The readers zero their output on failure, so no caller sees an indeterminate value. */
static int get_u8(reader_t *r, uint8_t *v, const char *what) {
  *v = 0;
  if (r->len - r->pos < 1) return truncated(r, what);
  *v = r->buf[r->pos++];
  return 0;
}

static int get_u16(reader_t *r, uint16_t *v, const char *what) {
  *v = 0;
  if (r->len - r->pos < 2) return truncated(r, what);
  *v = (uint16_t)(r->buf[r->pos] | (r->buf[r->pos + 1] << 8)); /* little endian, as QuickJS writes on wasm32 */
  r->pos += 2;
  return 0;
}

static uint32_t load_u32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int skip(reader_t *r, size_t n, const char *what) {
  if (r->len - r->pos < n) return truncated(r, what);
  r->pos += n;
  return 0;
}

/* QuickJS get_leb128: at most 5 bytes, bits beyond 32 silently dropped; failing is an error. */
static int leb_decode(const uint8_t *p, size_t avail, uint32_t *v, size_t *used) {
  uint32_t val = 0;
  for (size_t i = 0; i < 5 && i < avail; i++) {
    val |= (uint32_t)(p[i] & 0x7f) << (7 * i);
    if (!(p[i] & 0x80)) {
      *v = val;
      *used = i + 1;
      return 0;
    }
  }
  return -1;
}

static int get_leb(reader_t *r, uint32_t *v, const char *what) {
  size_t used;
  *v = 0;
  if (leb_decode(r->buf + r->pos, r->len - r->pos, v, &used) != 0) {
    if (r->len - r->pos >= 5)
      return fail_at(r, JMON_QJS_ERR_MALFORMED, r->pos, "LEB128 longer than 5 bytes (in %s)", what);
    return truncated(r, what);
  }
  r->pos += used;
  return 0;
}

/* QuickJS sleb128 is zig-zag over leb128: (v >> 1) ^ -(v & 1). */
static int32_t zigzag(uint32_t v) { return (int32_t)((v >> 1) ^ (0u - (v & 1))); }

static int get_sleb(reader_t *r, int32_t *v, const char *what) {
  uint32_t u;
  *v = 0;
  if (get_leb(r, &u, what)) return -1;
  *v = zigzag(u);
  return 0;
}

/* A leb128 that QuickJS stores in an `int` and uses as a count or size: must not be negative. */
static int get_leb_int(reader_t *r, uint32_t *v, const char *what) {
  size_t at = r->pos;
  if (get_leb(r, v, what)) return -1;
  if (*v > INT32_MAX) return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "%s %u is out of range", what, *v);
  return 0;
}

/* ---- strings --------------------------------------------------------------------------------- */

static size_t utf8_put(char *dst, uint32_t c) {
  if (c < 0x80) { dst[0] = (char)c; return 1; }
  if (c < 0x800) { dst[0] = (char)(0xc0 | (c >> 6)); dst[1] = (char)(0x80 | (c & 0x3f)); return 2; }
  if (c < 0x10000) {
    dst[0] = (char)(0xe0 | (c >> 12)); dst[1] = (char)(0x80 | ((c >> 6) & 0x3f));
    dst[2] = (char)(0x80 | (c & 0x3f)); return 3;
  }
  dst[0] = (char)(0xf0 | (c >> 18)); dst[1] = (char)(0x80 | ((c >> 12) & 0x3f));
  dst[2] = (char)(0x80 | ((c >> 6) & 0x3f)); dst[3] = (char)(0x80 | (c & 0x3f)); return 4;
}

/*
 * JS_WriteString: leb128 (len << 1 | is_wide), then len Latin-1 bytes or len UTF-16LE units.
 * Converted to UTF-8; a lone surrogate becomes U+FFFD. *out may be NULL to only skip.
 */
static int read_string(reader_t *r, char **out, const char *what) {
  uint32_t hdr;
  size_t at = r->pos;
  if (get_leb(r, &hdr, what)) return -1;
  uint32_t n = hdr >> 1;
  bool wide = hdr & 1;
  if (n > STRING_LEN_MAX) return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "string too long (in %s)", what);
  size_t bytes = (size_t)n << (wide ? 1 : 0);
  if (r->len - r->pos < bytes) return truncated(r, what);
  const uint8_t *p = r->buf + r->pos;
  r->pos += bytes;
  if (!out) return 0;
  char *s = malloc((size_t)n * 3 + 1); /* worst case: a BMP unit is 3 bytes; a pair (2 units) is 4 */
  if (!s) return nomem(r);
  size_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t c = wide ? (uint32_t)(p[2 * i] | (p[2 * i + 1] << 8)) : p[i];
    if (wide && c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
      uint32_t d = (uint32_t)(p[2 * i + 2] | (p[2 * i + 3] << 8));
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    k += utf8_put(s + k, c);
  }
  s[k] = '\0';
  *out = s;
  return 0;
}

/* ---- atoms ----------------------------------------------------------------------------------- */

static int read_atom_table(reader_t *r) {
  size_t at = r->pos;
  if (get_leb(r, &r->natoms, "atom count")) return -1;
  if (r->natoms > MAX_ATOMS)
    return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "unreasonable atom count %u", r->natoms);
  if (r->natoms > (r->len - r->pos)) return truncated(r, "atom table"); /* each entry is >= 2 bytes */
  r->atoms = calloc(r->natoms ? r->natoms : 1, sizeof *r->atoms);
  if (!r->atoms) return nomem(r);
  for (uint32_t i = 0; i < r->natoms; i++) {
    uint8_t type;
    at = r->pos;
    if (r->v->bellard) { /* JS_WriteObjectAtoms: just the string */
      if (read_string(r, &r->atoms[i], "atom table")) return -1;
      continue;
    }
    if (get_u8(r, &type, "atom table")) return -1;
    if (type == ATOM_TYPE_CONST) {
      if (r->len - r->pos < 4) return truncated(r, "atom table");
      uint32_t a = load_u32(r->buf + r->pos);
      r->pos += 4;
      if (a >= r->v->atom_end) return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "out of range atom %u", a);
      r->atoms[i] = strdup(r->v->atoms[a]);
      if (!r->atoms[i]) return nomem(r);
    } else {
      if (type < ATOM_TYPE_STRING || type >= ATOM_TYPE_PRIVATE)
        return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "invalid atom type %u", type);
      if (read_string(r, &r->atoms[i], "atom table")) return -1;
    }
  }
  return 0;
}

/* Validate a serialized atom value (bc_idx_to_atom) and, if name != NULL, return its text (owned). */
static int resolve_atom(reader_t *r, uint32_t idx, size_t at, char **name) {
  char buf[16];
  const char *s;
  if (idx & ATOM_TAG_INT) {
    snprintf(buf, sizeof buf, "%u", idx & ~ATOM_TAG_INT);
    s = buf;
  } else if (idx < r->v->atom_end) {
    s = r->v->atoms[idx];
  } else if (idx - r->v->atom_end < r->natoms) {
    s = r->atoms[idx - r->v->atom_end];
  } else {
    return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "invalid atom index %u", idx);
  }
  if (name) {
    *name = strdup(s);
    if (!*name) return nomem(r);
  }
  return 0;
}

/* bc_get_atom: leb128 v; odd → integer atom v >> 1; even → serialized index v >> 1. */
static int read_atom(reader_t *r, char **name, const char *what) {
  uint32_t v;
  size_t at = r->pos;
  if (get_leb(r, &v, what)) return -1;
  if (v & 1) return resolve_atom(r, (v >> 1) | ATOM_TAG_INT, at, name);
  return resolve_atom(r, v >> 1, at, name);
}

/* ---- objects --------------------------------------------------------------------------------- */

static int read_object(reader_t *r, int32_t parent, int32_t slot);

/* One row of a pc2line table, the step both encodings share (quickjs-ng's, Bellard's pc2line and
 * rquickjs's pc2column): op 0 = leb128 pc delta + sleb128 value delta, else
 * op - PC2LINE_OP_FIRST = pc delta * PC2LINE_RANGE + value delta - PC2LINE_BASE.
 * Needs *i < n. @return 0, or -1 on a bad LEB128 (*i then points at it). */
static int pc2line_step(const uint8_t *p, uint32_t n, size_t *i, uint64_t *pc, int64_t *val) {
  uint32_t v;
  size_t used;
  uint8_t op = p[(*i)++];
  if (op != 0) {
    op -= PC2LINE_OP_FIRST;
    *pc += op / PC2LINE_RANGE;
    *val += op % PC2LINE_RANGE + PC2LINE_BASE;
    return 0;
  }
  if (leb_decode(p + *i, n - *i, &v, &used)) return -1;
  *pc += v;
  *i += used;
  if (leb_decode(p + *i, n - *i, &v, &used)) return -1;
  *val += zigzag(v);
  *i += used;
  return 0;
}

static int read_pc2line(reader_t *r, jmon_qjs_function_t *f, const uint8_t *p, uint32_t n, size_t base) {
  /* Each row takes at least 2 bytes (op + column delta), so n / 2 + 1 rows is enough room. */
  f->pc2line = malloc(((size_t)n / 2 + 1) * sizeof *f->pc2line);
  if (!f->pc2line) return nomem(r);
  uint64_t pc = 0; /* 64-bit so that a corrupt delta cannot wrap around */
  int64_t line = f->line, col = f->col;
  size_t i = 0, used;
  uint32_t v;
  while (i < n) {
    if (pc2line_step(p, n, &i, &pc, &line)) goto bad;
    if (leb_decode(p + i, n - i, &v, &used)) goto bad;
    col += zigzag(v);
    i += used;
    if (pc > f->bytecode_len || line < 0 || line > INT32_MAX || col < 0 || col > INT32_MAX)
      return fail_at(r, JMON_QJS_ERR_MALFORMED, base + i,
                     "pc2line row pc %llu line %lld col %lld is out of range", (unsigned long long)pc, (long long)line,
                     (long long)col);
    f->pc2line[f->npc2line++] = (jmon_qjs_pc2line_t){(uint32_t)pc, (int32_t)line, (int32_t)col};
  }
  return 0;
bad:
  return fail_at(r, JMON_QJS_ERR_MALFORMED, base + i, "bad LEB128 in the pc2line table");
}

/*
 * Bellard's pc2line (quickjs.c find_line_num) and rquickjs's pc2column (error_column_number.patch
 * find_column_num) share one encoding: op 0 = leb128 pc delta + sleb128 value delta, else
 * op - 1 = pc delta * 5 + value delta + 1; no column LEB per row. Rows (pc, value), value from `start`.
 */
typedef struct { uint32_t pc; int32_t v; } pcval_t;

static int decode_pcval(reader_t *r, const jmon_qjs_function_t *f, const uint8_t *p, uint32_t n, size_t base,
                        int64_t start, pcval_t **out, uint32_t *nout, const char *what) {
  *nout = 0;
  *out = malloc(((size_t)n + 1) * sizeof **out); /* each row takes at least one byte */
  if (!*out) return nomem(r);
  uint64_t pc = 0;
  int64_t val = start;
  size_t i = 0;
  while (i < n) {
    if (pc2line_step(p, n, &i, &pc, &val)) goto bad;
    if (pc > f->bytecode_len || val < 0 || val >= INT32_MAX)
      return fail_at(r, JMON_QJS_ERR_MALFORMED, base + i, "%s row pc %llu value %lld is out of range", what,
                     (unsigned long long)pc, (long long)val);
    (*out)[(*nout)++] = (pcval_t){(uint32_t)pc, (int32_t)val};
  }
  return 0;
bad:
  return fail_at(r, JMON_QJS_ERR_MALFORMED, base + i, "bad LEB128 in the %s table", what);
}

/* Bellard + rquickjs: merge the pc2line and pc2column rows into (pc, line, col) rows; `col0` is
 * the function's 0-based column_num (columns are reported 1-based, as the patched backtraces do). */
static int read_bellard_pc2line(reader_t *r, jmon_qjs_function_t *f, size_t lbase, uint32_t ln, size_t cbase,
                                uint32_t cn, int64_t col0) {
  pcval_t *lr = NULL, *cr = NULL;
  uint32_t nl = 0, nc = 0;
  int rc = -1;
  if (decode_pcval(r, f, r->buf + lbase, ln, lbase, f->line, &lr, &nl, "pc2line") ||
      decode_pcval(r, f, r->buf + cbase, cn, cbase, col0, &cr, &nc, "pc2column"))
    goto out;
  f->pc2line = malloc(((size_t)nl + nc + 1) * sizeof *f->pc2line);
  if (!f->pc2line) { nomem(r); goto out; }
  int32_t line = f->line, col = (int32_t)col0;
  uint32_t i = 0, j = 0;
  while (i < nl || j < nc) {
    uint32_t pc = i < nl && (j >= nc || lr[i].pc <= cr[j].pc) ? lr[i].pc : cr[j].pc;
    while (i < nl && lr[i].pc == pc) line = lr[i++].v;
    while (j < nc && cr[j].pc == pc) col = cr[j++].v;
    f->pc2line[f->npc2line++] = (jmon_qjs_pc2line_t){pc, line, col + 1};
  }
  rc = 0;
out:
  free(lr);
  free(cr);
  return rc;
}

/* Walk the bytecode with the opcode table: every opcode must exist and fit; mark atom operands. */
static int scan_bytecode(reader_t *r, jmon_qjs_function_t *f) {
  f->atom_mask = calloc((size_t)f->bytecode_len / 8 + 1, 1);
  if (!f->atom_mask) return nomem(r);
  uint32_t pos = 0;
  while (pos < f->bytecode_len) {
    uint8_t op = f->bytecode[pos];
    size_t at = f->bytecode_offset + pos;
    if (op >= r->v->opcode_count)
      return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "invalid opcode 0x%02x", op);
    const jmon_qjs_opcode_t *info = &r->ops[op];
    if (info->size > f->bytecode_len - pos)
      return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "opcode %s runs past the end of the bytecode", info->name);
    if (info->flags & JMON_QJS_OP_HAS_ATOM) {
      if (resolve_atom(r, load_u32(f->bytecode + pos + 1), at + 1, NULL)) return -1;
      for (uint32_t b = pos + 1; b < pos + 5; b++) f->atom_mask[b / 8] |= (uint8_t)(1u << (b % 8));
    }
    pos += info->size;
  }
  return 0;
}

static int add_function(reader_t *r, uint32_t *index) {
  jmon_qjs_module_t *m = r->out;
  if (m->nfunctions == r->cap_functions) {
    uint32_t cap = r->cap_functions ? 2 * r->cap_functions : 16;
    jmon_qjs_function_t *fs = realloc(m->functions, cap * sizeof *fs);
    if (!fs) return nomem(r);
    m->functions = fs;
    r->cap_functions = cap;
  }
  *index = m->nfunctions++;
  memset(&m->functions[*index], 0, sizeof m->functions[*index]);
  return 0;
}

/* JS_ReadFunctionTag, after the tag byte. */
static int read_function(reader_t *r, int32_t parent, int32_t slot) {
  uint16_t flags;
  uint8_t mode;
  uint32_t idx = 0, v, local_count;
  if (add_function(r, &idx)) return -1;
  /* Re-fetch the pointer after every nested read: the array may move. */
#define F (&r->out->functions[idx])
  F->parent = parent;
  F->cpool_index = slot;
  if (get_u16(r, &flags, "function flags") || get_u8(r, &mode, "function flags")) return -1;
  F->func_kind = (uint8_t)((flags >> FFLAG_FUNC_KIND_SHIFT) & 3);
  F->has_debug = (flags >> (r->v->bellard ? BELLARD_FFLAG_HAS_DEBUG_BIT : FFLAG_HAS_DEBUG_BIT)) & 1;
  F->is_strict = mode != 0;
  if (read_atom(r, &F->name, "function name")) return -1;
  static const char *const u16_fields[] = {"arg_count", "var_count", "defined_arg_count", "stack_size"};
  uint32_t u16v[4];
  for (int i = 0; i < 4; i++) {
    size_t at = r->pos;
    if (get_leb(r, &u16v[i], u16_fields[i])) return -1;
    /* QuickJS keeps these in uint16_t and would silently truncate: we refuse instead. */
    if (u16v[i] > 0xffff) return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "%s %u is out of range", u16_fields[i], u16v[i]);
  }
  F->arg_count = (uint16_t)u16v[0];
  F->var_count = (uint16_t)u16v[1];
  F->stack_size = (uint16_t)u16v[3];
  size_t at = r->pos;
  if (get_leb_int(r, &F->closure_var_count, "closure_var_count") ||
      get_leb_int(r, &F->cpool_count, "cpool_count") ||
      get_leb_int(r, &F->bytecode_len, "byte_code_len") ||
      get_leb_int(r, &local_count, "local_count"))
    return -1;
  /* JS_WriteFunctionTag writes arg_count + var_count locals, or 0 when vardefs were dropped. */
  if (local_count != 0 && local_count != (uint32_t)F->arg_count + F->var_count)
    return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "local count %u is not arg_count + var_count (%u)",
                   local_count, (uint32_t)F->arg_count + F->var_count);
  for (uint32_t i = 0; i < local_count; i++) {
    uint8_t vflags;
    /* scope_next is written as scope_next + 1 in a u32 and may wrap (QuickJS reads it into an int). */
    if (read_atom(r, NULL, "variable name") || get_leb(r, &v, "scope_level") ||
        get_leb(r, &v, "scope_next") || get_u8(r, &vflags, "variable flags"))
      return -1;
  }
  for (uint32_t i = 0; i < F->closure_var_count; i++) {
    uint8_t cflags;
    if (read_atom(r, NULL, "closure variable name") || get_leb_int(r, &v, "closure var_idx") ||
        get_u8(r, &cflags, "closure variable flags"))
      return -1;
  }
  uint32_t cpool_count = F->cpool_count;
  if (!r->v->bellard) /* Bellard's constant pool comes last */
    for (uint32_t i = 0; i < cpool_count; i++)
      if (read_object(r, (int32_t)idx, (int32_t)i)) return -1;
  uint32_t bc_len = F->bytecode_len;
  if (r->len - r->pos < bc_len) return truncated(r, "function bytecode");
  F->bytecode = r->buf + r->pos;
  F->bytecode_offset = r->pos;
  r->pos += bc_len;
  if (scan_bytecode(r, F)) return -1;
  if (F->has_debug && r->v->bellard) {
    uint32_t line, col, ln, cn;
    if (read_atom(r, &F->filename, "filename") || get_leb_int(r, &line, "line_num") ||
        get_leb_int(r, &ln, "pc2line_len"))
      return -1;
    if (r->len - r->pos < ln) return truncated(r, "pc2line table");
    size_t lbase = r->pos;
    r->pos += ln;
    if (get_leb_int(r, &col, "column_num") || get_leb_int(r, &cn, "pc2column_len")) return -1;
    if (r->len - r->pos < cn) return truncated(r, "pc2column table");
    size_t cbase = r->pos;
    r->pos += cn;
    if (col >= INT32_MAX) return fail_at(r, JMON_QJS_ERR_MALFORMED, cbase, "column_num %u is out of range", col);
    F->line = (int32_t)line;
    F->col = (int32_t)col + 1;
    if (read_bellard_pc2line(r, F, lbase, ln, cbase, cn, col)) return -1;
  } else if (F->has_debug) {
    uint32_t line, col, n;
    if (read_atom(r, &F->filename, "filename") || get_leb_int(r, &line, "line_num") ||
        get_leb_int(r, &col, "col_num") || get_leb_int(r, &n, "pc2line_len"))
      return -1;
    F->line = (int32_t)line;
    F->col = (int32_t)col;
    if (r->len - r->pos < n) return truncated(r, "pc2line table");
    size_t base = r->pos;
    r->pos += n;
    if (read_pc2line(r, F, r->buf + base, n, base)) return -1;
    if (get_leb_int(r, &n, "source_len")) return -1;
    if (r->len - r->pos < n) return truncated(r, "function source");
    F->source = n ? r->buf + r->pos : NULL;
    F->source_len = n;
    r->pos += n;
  } else {
    F->filename = strdup("");
    if (!F->filename) return nomem(r);
  }
  if (r->v->bellard)
    for (uint32_t i = 0; i < cpool_count; i++)
      if (read_object(r, (int32_t)idx, (int32_t)i)) return -1;
#undef F
  return 0;
}

/* JS_ReadModule, after the tag byte. */
static int read_module(reader_t *r, int32_t parent) {
  uint32_t n, v;
  uint8_t type;
  if (r->out->is_module)
    return fail_at(r, JMON_QJS_ERR_UNSUPPORTED, r->pos - 1, "more than one module record");
  r->out->is_module = true;
  free(r->out->module_name);
  r->out->module_name = NULL;
  if (read_atom(r, &r->out->module_name, "module name")) return -1;
  if (get_leb_int(r, &n, "req_module_entries_count")) return -1;
  for (uint32_t i = 0; i < n; i++)
    if (read_atom(r, NULL, "required module name")) return -1;
  if (get_leb_int(r, &n, "export_entries_count")) return -1;
  for (uint32_t i = 0; i < n; i++) {
    size_t at = r->pos;
    if (get_u8(r, &type, "export entry")) return -1;
    if (type == 0) { /* JS_EXPORT_TYPE_LOCAL */
      if (get_leb_int(r, &v, "export var_idx")) return -1;
    } else if (type == 1) { /* JS_EXPORT_TYPE_INDIRECT */
      if (get_leb_int(r, &v, "export req_module_idx") || read_atom(r, NULL, "export local name")) return -1;
    } else {
      return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "invalid export type %u", type);
    }
    if (read_atom(r, NULL, "export name")) return -1;
  }
  if (get_leb_int(r, &n, "star_export_entries_count")) return -1;
  for (uint32_t i = 0; i < n; i++)
    if (get_leb_int(r, &v, "star export req_module_idx")) return -1;
  if (get_leb_int(r, &n, "import_entries_count")) return -1;
  for (uint32_t i = 0; i < n; i++)
    if (get_leb_int(r, &v, "import var_idx") || read_atom(r, NULL, "import name") ||
        get_leb_int(r, &v, "import req_module_idx"))
      return -1;
  if (get_u8(r, &type, "module has_tla")) return -1;
  size_t at = r->pos;
  if (r->pos < r->len && r->buf[r->pos] != BC_TAG_FUNCTION_BYTECODE)
    return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "module function is not function bytecode (tag %u)", r->buf[r->pos]);
  return read_object(r, parent, -1);
}

/* Bellard's JS_ReadBigNum: sleb128 sign + exponent (e >> 1: 0 zero, 1 infinity, 2 NaN: no
 * mantissa), else leb128 len != 0 and len bytes (BigInt, BigFloat) or len packed BCD digits,
 * two per byte (BigDecimal). */
static int read_bellard_bignum(reader_t *r, uint8_t tag, size_t at) {
  int32_t e;
  uint32_t n;
  if (get_sleb(r, &e, "bignum exponent")) return -1;
  int32_t expn = e >> 1; /* arithmetic shift, as QuickJS's int32 `e >>= 1` */
  if (expn == 0 || expn == 1 || expn == 2) return 0;
  if (get_leb(r, &n, "bignum length")) return -1;
  if (n == 0) return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "invalid bignum length");
  return skip(r, tag == BELLARD_TAG_BIG_DECIMAL ? n / 2 + (n & 1) : n, "bignum");
}

/* The tags whose layout differs in Bellard's writer (see the top of this file). @return 1 when
 * `tag` is not one of them (read it as quickjs-ng's), else 0 or -1. */
static int read_bellard_object(reader_t *r, uint8_t tag, int32_t parent, size_t at) {
  uint32_t n;
  switch (tag) {
    case BC_TAG_BIG_INT: case BELLARD_TAG_BIG_FLOAT: case BELLARD_TAG_BIG_DECIMAL:
      return read_bellard_bignum(r, tag, at);
    case BC_TAG_ARRAY_BUFFER:
      if (get_leb(r, &n, "ArrayBuffer length")) return -1;
      return skip(r, n, "ArrayBuffer");
    case BC_TAG_SHARED_ARRAY_BUFFER:
      if (get_leb(r, &n, "SharedArrayBuffer length")) return -1;
      return skip(r, 8, "SharedArrayBuffer pointer");
    case BELLARD_TAG_DATE: case BELLARD_TAG_OBJECT_VALUE:
      return read_object(r, parent, -1);
    case BELLARD_TAG_OBJECT_REFERENCE:
      return get_leb(r, &n, "object reference");
    default:
      if (tag > BELLARD_TAG_BIG_DECIMAL) return fail_at(r, JMON_QJS_ERR_MALFORMED, at, "invalid tag %u", tag);
      return 1;
  }
}

/* JS_ReadObjectRec: one tagged value; functions are collected, everything else skipped. */
/* `slot`: the constant-pool index when the object is directly a cpool entry of `parent`, else -1. */
static int read_object(reader_t *r, int32_t parent, int32_t slot) {
  uint8_t tag, u8;
  uint32_t n, m;
  int32_t s32;
  int rc = -1;
  size_t at = r->pos;
  if (++r->depth > MAX_DEPTH) {
    fail_at(r, JMON_QJS_ERR_MALFORMED, at, "objects nested deeper than %d", MAX_DEPTH);
    goto out;
  }
  if (get_u8(r, &tag, "object tag")) goto out;
  if (r->v->bellard && (rc = read_bellard_object(r, tag, parent, at)) != 1) goto out;
  rc = -1;
  switch (tag) {
    case BC_TAG_NULL: case BC_TAG_UNDEFINED: case BC_TAG_BOOL_FALSE: case BC_TAG_BOOL_TRUE:
      rc = 0;
      break;
    case BC_TAG_INT32:
      rc = get_sleb(r, &s32, "int32");
      break;
    case BC_TAG_FLOAT64:
      rc = skip(r, 8, "float64");
      break;
    case BC_TAG_STRING:
      rc = read_string(r, NULL, "string");
      break;
    case BC_TAG_FUNCTION_BYTECODE:
      rc = read_function(r, parent, slot);
      break;
    case BC_TAG_MODULE:
      rc = read_module(r, parent);
      break;
    case BC_TAG_OBJECT:
      if (get_leb(r, &n, "object property count")) break;
      rc = 0;
      for (uint32_t i = 0; i < n && rc == 0; i++)
        rc = (read_atom(r, NULL, "property name") || read_object(r, parent, -1)) ? -1 : 0;
      break;
    case BC_TAG_ARRAY: case BC_TAG_TEMPLATE_OBJECT:
      if (get_leb(r, &n, "array length")) break;
      rc = 0;
      for (uint32_t i = 0; i < n && rc == 0; i++) rc = read_object(r, parent, -1);
      if (rc == 0 && tag == BC_TAG_TEMPLATE_OBJECT) rc = read_object(r, parent, -1); /* the raw strings */
      break;
    case BC_TAG_BIG_INT: /* length in bytes, then len/4 u32 limbs and len%4 bytes: len bytes in all */
      if (get_leb(r, &n, "BigInt length")) break;
      rc = skip(r, n, "BigInt");
      break;
    case BC_TAG_TYPED_ARRAY:
      if (get_u8(r, &u8, "typed array") || get_leb(r, &n, "typed array length") ||
          get_leb(r, &m, "typed array offset"))
        break;
      rc = read_object(r, parent, -1);
      break;
    case BC_TAG_ARRAY_BUFFER:
      if (get_leb(r, &n, "ArrayBuffer length") || get_leb(r, &m, "ArrayBuffer max length")) break;
      if (m < n) {
        fail_at(r, JMON_QJS_ERR_MALFORMED, at, "invalid array buffer");
        break;
      }
      rc = skip(r, n, "ArrayBuffer");
      break;
    case BC_TAG_SHARED_ARRAY_BUFFER:
      if (get_leb(r, &n, "SharedArrayBuffer length") || get_leb(r, &m, "SharedArrayBuffer max length")) break;
      rc = skip(r, 8, "SharedArrayBuffer pointer");
      break;
    case BC_TAG_REGEXP: /* pattern string, then the compiled regexp bytecode as a string */
      rc = (read_string(r, NULL, "RegExp pattern") || read_string(r, NULL, "RegExp bytecode")) ? -1 : 0;
      break;
    case BC_TAG_DATE: case BC_TAG_OBJECT_VALUE:
      rc = read_object(r, parent, -1);
      break;
    case BC_TAG_OBJECT_REFERENCE:
      rc = get_leb(r, &n, "object reference");
      break;
    case BC_TAG_MAP: case BC_TAG_SET:
      if (get_leb(r, &n, "Map/Set size")) break;
      rc = 0;
      for (uint32_t i = 0; i < n && rc == 0; i++) {
        rc = read_object(r, parent, -1);
        if (rc == 0 && tag == BC_TAG_MAP) rc = read_object(r, parent, -1);
      }
      break;
    case BC_TAG_SYMBOL:
      rc = read_atom(r, NULL, "symbol");
      break;
    default:
      fail_at(r, JMON_QJS_ERR_MALFORMED, at, "invalid tag %u", tag);
      break;
  }
out:
  r->depth--;
  return rc;
}

/* Opcode values used for name inference, checked against the generated table at run time. */
static int opcode_value(const reader_t *r, const char *name) {
  for (uint32_t i = 0; i < r->v->opcode_count; i++)
    if (strcmp(r->ops[i].name, name) == 0) return (int)i;
  return -1;
}

/*
 * Methods, class constructors and closures assigned to names are anonymous in the bytecode; QuickJS
 * names them at run time with the instruction that follows their creation in the parent
 * (OP_set_name, OP_define_method with "get "/"set " for accessors as js_method_set_properties does,
 * OP_define_class). We read the same operand, so the name is the one JS sees as fn.name.
 */
static int infer_names(reader_t *r) {
  const int op_fclosure = opcode_value(r, "fclosure"), op_fclosure8 = opcode_value(r, "fclosure8");
  const int op_push_const = opcode_value(r, "push_const"), op_push_const8 = opcode_value(r, "push_const8");
  const int op_set_name = opcode_value(r, "set_name"), op_define_method = opcode_value(r, "define_method");
  const int op_define_class = opcode_value(r, "define_class");
  jmon_qjs_module_t *m = r->out;
  for (uint32_t i = 0; i < m->nfunctions; i++) {
    jmon_qjs_function_t *f = &m->functions[i];
    if (f->name[0] || f->parent < 0 || f->cpool_index < 0) continue;
    const jmon_qjs_function_t *p = &m->functions[f->parent];
    uint32_t pos = 0;
    while (pos < p->bytecode_len) {
      const uint8_t *ins = p->bytecode + pos;
      uint32_t size = r->ops[ins[0]].size; /* scan_bytecode checked every opcode */
      int64_t k = -1;
      if (ins[0] == op_fclosure || ins[0] == op_push_const) k = load_u32(ins + 1);
      else if (ins[0] == op_fclosure8 || ins[0] == op_push_const8) k = ins[1];
      pos += size;
      if (k != f->cpool_index || pos >= p->bytecode_len) continue;
      const uint8_t *next = p->bytecode + pos;
      const char *prefix = "";
      if (next[0] == op_define_method) {
        uint8_t kind = next[5] & 3; /* OP_DEFINE_METHOD_METHOD 0, GETTER 1, SETTER 2 */
        prefix = kind == 1 ? "get " : kind == 2 ? "set " : "";
      } else if (next[0] != op_set_name && next[0] != op_define_class) {
        continue;
      }
      char *atom;
      if (resolve_atom(r, load_u32(next + 1), p->bytecode_offset + pos + 1, &atom)) return -1;
      char *name = malloc(strlen(prefix) + strlen(atom) + 1);
      if (!name) { free(atom); return nomem(r); }
      strcpy(name, prefix);
      strcat(name, atom);
      free(atom);
      free(f->name);
      f->name = name;
      f->name_inferred = true;
      break;
    }
  }
  return 0;
}

jmon_qjs_status_t jmon_qjs_parse(const uint8_t *buf, size_t len, jmon_qjs_module_t *out,
                                 char *err, size_t errlen) {
  return jmon_qjs_parse_with(buf, len, NULL, out, err, errlen);
}

jmon_qjs_status_t jmon_qjs_parse_with(const uint8_t *buf, size_t len, const jmon_qjs_opcode_t *ops,
                                      jmon_qjs_module_t *out, char *err, size_t errlen) {
  reader_t r = {.buf = buf, .len = len, .err = err, .errlen = errlen, .out = out};
  memset(out, 0, sizeof *out);
  if (err && errlen) err[0] = '\0';
  if (!buf) len = r.len = 0;
  if (get_u8(&r, &out->version, "version byte")) goto fail;
  r.v = jmon_qjs_variant_for(out->version);
  if (!r.v) {
    char known[160] = "";
    size_t k = 0;
    for (size_t i = 0; i < sizeof k_variants / sizeof k_variants[0] && k < sizeof known; i++)
      k += (size_t)snprintf(known + k, sizeof known - k, "%s0x%02x", i ? ", " : "", k_variants[i].bc_version);
    fail_at(&r, JMON_QJS_ERR_UNSUPPORTED, 0, "unsupported QuickJS bytecode version 0x%02x (this build reads %s)",
            out->version, known);
    goto fail;
  }
  out->variant = r.v;
  r.ops = ops ? ops : r.v->opcodes;
  if (read_atom_table(&r)) goto fail;
  if (read_object(&r, -1, -1)) goto fail;
  if (infer_names(&r)) goto fail;
  /* JS_ReadObject ignores what follows; a data segment holding more than one object is not what javy writes. */
  if (r.pos != len) {
    fail_at(&r, JMON_QJS_ERR_MALFORMED, r.pos, "%zu bytes after the serialized object", len - r.pos);
    goto fail;
  }
  if (out->nfunctions == 0) {
    fail_at(&r, JMON_QJS_ERR_MALFORMED, 0, "no function bytecode in the buffer");
    goto fail;
  }
  if (!out->module_name) {
    out->module_name = strdup("");
    if (!out->module_name) { nomem(&r); goto fail; }
  }
  for (uint32_t i = 0; i < r.natoms; i++) free(r.atoms[i]);
  free(r.atoms);
  return JMON_QJS_OK;
fail:
  for (uint32_t i = 0; r.atoms && i < r.natoms; i++) free(r.atoms[i]);
  free(r.atoms);
  jmon_qjs_free(out);
  return r.status;
}

void jmon_qjs_free(jmon_qjs_module_t *m) {
  if (!m) return;
  for (uint32_t i = 0; i < m->nfunctions; i++) {
    jmon_qjs_function_t *f = &m->functions[i];
    free(f->name);
    free(f->filename);
    free(f->atom_mask);
    free(f->pc2line);
  }
  free(m->functions);
  free(m->module_name);
  memset(m, 0, sizeof *m);
}

bool jmon_qjs_line_at(const jmon_qjs_function_t *f, uint32_t pc, int32_t *line, int32_t *col) {
  *line = 0;
  *col = 0;
  if (!f->has_debug) return false;
  *line = f->line;
  *col = f->col;
  /* Rows are in pc order: binary search for the last row with row.pc <= pc. */
  uint32_t lo = 0, hi = f->npc2line;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (f->pc2line[mid].pc <= pc) lo = mid + 1; else hi = mid;
  }
  if (lo > 0) {
    *line = f->pc2line[lo - 1].line;
    *col = f->pc2line[lo - 1].col;
  }
  return true;
}

bool jmon_qjs_bytecode_matches(const jmon_qjs_function_t *f, const uint8_t *heap, size_t avail) {
  if (avail < f->bytecode_len) return false;
  for (uint32_t i = 0; i < f->bytecode_len; i++) {
    if (f->atom_mask[i / 8] & (1u << (i % 8))) continue;
    if (heap[i] != f->bytecode[i]) return false;
  }
  return true;
}
