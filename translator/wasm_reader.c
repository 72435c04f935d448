/* wasm_reader.c: decodes a WebAssembly binary (sections and every instruction) into jmon_wasm_module_t.
 * Binary layout follows the WebAssembly core spec 2.0, chapter 5 "Binary Format". */
#include "wasm_module.h"
#include "leb128.h"
#include "wasm_opcodes.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Block kinds on the nesting stack, so `else` is only accepted inside an `if`. */
enum { FRAME_BLOCK = 0, FRAME_IF = 1, FRAME_ELSE = 2 };

typedef struct {
  const uint8_t *buf;
  size_t size;          /* file size */
  size_t pos;           /* current file offset */
  size_t end;           /* limit of the construct being read (section or function body) */
  int section_id;       /* section being read, -1 for the header */
  bool in_body;         /* reading a function body: overruns name the body */
  jmon_wasm_module_t *m;
  jmon_wasm_error_t *err;
  /* Scratch space reused for every expression, so a body costs one exact-size allocation. */
  jmon_instr_t *scratch;
  size_t scratch_cap;
  uint8_t *frames;
  size_t frames_cap;
} reader_t;

const char *jmon_wasm_strerror(jmon_wasm_status_t status) {
  switch (status) {
  case JMON_WASM_OK: return "ok";
  case JMON_WASM_ERR_IO: return "I/O error";
  case JMON_WASM_ERR_NOMEM: return "out of memory";
  case JMON_WASM_ERR_TRUNCATED: return "truncated module";
  case JMON_WASM_ERR_MALFORMED: return "malformed module";
  case JMON_WASM_ERR_UNSUPPORTED: return "unsupported feature";
  }
  return "unknown status";
}

/* Record the first error only: later ones are consequences of it. */
static jmon_wasm_status_t fail(reader_t *r, jmon_wasm_status_t status, size_t offset, const char *fmt,
                               ...) __attribute__((format(printf, 4, 5)));
static jmon_wasm_status_t fail(reader_t *r, jmon_wasm_status_t status, size_t offset, const char *fmt,
                               ...) {
  if (r->err && r->err->status == JMON_WASM_OK) {
    va_list ap;
    va_start(ap, fmt);
    r->err->status = status;
    r->err->offset = offset;
    vsnprintf(r->err->message, sizeof r->err->message, fmt, ap);
    va_end(ap);
  }
  return status;
}

/* The reader ran into the end of the current construct. Inside a section the section's declared
 * size is what was wrong (the file holds all of it), so only section headers report truncation. */
static jmon_wasm_status_t overrun(reader_t *r) {
  if (r->in_body)
    return fail(r, JMON_WASM_ERR_MALFORMED, r->end, "function body ends before its final end");
  if (r->section_id >= 0)
    return fail(r, JMON_WASM_ERR_MALFORMED, r->end, "unexpected end of section %d", r->section_id);
  return fail(r, JMON_WASM_ERR_TRUNCATED, r->size, "unexpected end of file");
}

#define TRY(expr)                                                                                  \
  do {                                                                                             \
    jmon_wasm_status_t try_status_ = (expr);                                                       \
    if (try_status_ != JMON_WASM_OK) return try_status_;                                           \
  } while (0)

static jmon_wasm_status_t leb_fail(reader_t *r, jmon_leb128_status_t st, size_t err_pos) {
  if (st == JMON_LEB128_TRUNCATED) {
    if (r->in_body)
      return fail(r, JMON_WASM_ERR_MALFORMED, err_pos, "truncated LEB128 at end of function body");
    if (r->section_id >= 0)
      return fail(r, JMON_WASM_ERR_MALFORMED, err_pos, "truncated LEB128 at end of section %d",
                  r->section_id);
    return fail(r, JMON_WASM_ERR_TRUNCATED, err_pos, "truncated LEB128");
  }
  return fail(r, JMON_WASM_ERR_MALFORMED, err_pos, "%s", jmon_leb128_strerror(st));
}

static inline jmon_wasm_status_t read_u32(reader_t *r, uint32_t *out) {
  /* Inline fast path for one-byte values, the bulk of all indices and counts. */
  if (r->pos < r->end && !(r->buf[r->pos] & 0x80)) {
    *out = r->buf[r->pos++];
    return JMON_WASM_OK;
  }
  uint64_t v = 0;
  size_t err_pos;
  *out = 0; /* defined even on failure, which keeps -Wmaybe-uninitialized quiet in callers */
  jmon_leb128_status_t st = jmon_leb128_read_u(r->buf, r->end, &r->pos, 32, &v, &err_pos);
  if (st != JMON_LEB128_OK) return leb_fail(r, st, err_pos);
  *out = (uint32_t)v;
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_s(reader_t *r, unsigned bits, int64_t *out) {
  size_t err_pos;
  *out = 0;
  jmon_leb128_status_t st = jmon_leb128_read_s(r->buf, r->end, &r->pos, bits, out, &err_pos);
  if (st != JMON_LEB128_OK) return leb_fail(r, st, err_pos);
  return JMON_WASM_OK;
}

static inline jmon_wasm_status_t read_byte(reader_t *r, uint8_t *out) {
  if (r->pos >= r->end) {
    *out = 0;
    return overrun(r);
  }
  *out = r->buf[r->pos++];
  return JMON_WASM_OK;
}

/* Read a vector count, rejecting counts that cannot fit in what is left (each item takes >= 1 byte). */
static jmon_wasm_status_t read_count(reader_t *r, uint32_t *out) {
  size_t at = r->pos;
  TRY(read_u32(r, out));
  if (*out > r->end - r->pos) {
    if (r->in_body)
      return fail(r, JMON_WASM_ERR_MALFORMED, at, "count %u runs past end of function body", *out);
    return fail(r, JMON_WASM_ERR_MALFORMED, at, "count %u runs past end of section %d", *out,
                r->section_id);
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_name(reader_t *r, char **out, uint32_t *out_len) {
  uint32_t len;
  TRY(read_count(r, &len));
  char *s = malloc((size_t)len + 1);
  if (!s) return fail(r, JMON_WASM_ERR_NOMEM, r->pos, "out of memory");
  memcpy(s, r->buf + r->pos, len);
  s[len] = '\0';
  r->pos += len;
  *out = s;
  *out_len = len;
  return JMON_WASM_OK;
}

static void *alloc_array(reader_t *r, size_t n, size_t elem, jmon_wasm_status_t *st) {
  *st = JMON_WASM_OK;
  if (n == 0) return NULL;
  void *p = calloc(n, elem);
  if (!p) *st = fail(r, JMON_WASM_ERR_NOMEM, r->pos, "out of memory");
  return p;
}

static jmon_wasm_status_t check_valtype(reader_t *r, uint8_t t, size_t at) {
  switch (t) {
  case JMON_I32: case JMON_I64: case JMON_F32: case JMON_F64:
  case JMON_FUNCREF: case JMON_EXTERNREF:
    return JMON_WASM_OK;
  case JMON_V128:
    return fail(r, JMON_WASM_ERR_UNSUPPORTED, at,
                "SIMD value type v128 is not supported by wasm2c 1.0.32");
  default:
    return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid value type 0x%02x", t);
  }
}

static jmon_wasm_status_t read_valtype(reader_t *r, uint8_t *out) {
  size_t at = r->pos;
  TRY(read_byte(r, out));
  return check_valtype(r, *out, at);
}

static jmon_wasm_status_t read_reftype(reader_t *r, uint8_t *out) {
  size_t at = r->pos;
  TRY(read_byte(r, out));
  if (*out != JMON_FUNCREF && *out != JMON_EXTERNREF)
    return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid reference type 0x%02x", *out);
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_limits(reader_t *r, jmon_limits_t *l) {
  size_t at = r->pos;
  uint8_t flags;
  TRY(read_byte(r, &flags));
  if (flags == 2 || flags == 3)
    return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "shared memory (threads) is not supported");
  if (flags >= 4 && flags <= 7)
    return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "64-bit memory (memory64) is not supported");
  if (flags > 1) return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid limits flags 0x%02x", flags);
  l->has_max = flags == 1;
  TRY(read_u32(r, &l->min));
  if (l->has_max) TRY(read_u32(r, &l->max));
  return JMON_WASM_OK;
}

static uint32_t total_funcs(const jmon_wasm_module_t *m) { return m->nimported_funcs + m->nfuncs; }
static uint32_t total_tables(const jmon_wasm_module_t *m) { return m->nimported_tables + m->ntables; }
static uint32_t total_globals(const jmon_wasm_module_t *m) { return m->nimported_globals + m->nglobals; }
static uint32_t total_memories(const jmon_wasm_module_t *m) {
  return m->nimported_memories + m->nmemories;
}

static jmon_wasm_status_t check_index(reader_t *r, uint32_t index, uint32_t limit, const char *what,
                                      size_t at) {
  if (index >= limit)
    return fail(r, JMON_WASM_ERR_MALFORMED, at, "%s index %u out of range (%u defined)", what, index,
                limit);
  return JMON_WASM_OK;
}

static void free_instrs(jmon_instr_t *instrs, size_t n) {
  for (size_t i = 0; i < n; i++) {
    jmon_wasm_imm_t k = jmon_wasm_opcode_imm(instrs[i].opcode);
    if (k == JMON_IMM_BR_TABLE) free(instrs[i].imm.table.labels);
    else if (k == JMON_IMM_SELECT_TYPES) free(instrs[i].imm.select.types);
  }
}

static jmon_wasm_status_t unsupported_opcode(reader_t *r, uint8_t op, size_t at) {
  switch (op) {
  case 0xfd:
    return fail(r, JMON_WASM_ERR_UNSUPPORTED, at,
                "SIMD instruction (0xfd prefix) is not supported by wasm2c 1.0.32");
  case 0xfe:
    return fail(r, JMON_WASM_ERR_UNSUPPORTED, at,
                "threads instruction (0xfe prefix) is not supported");
  case 0xfb:
    return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "GC instruction (0xfb prefix) is not supported");
  case 0x06: case 0x07: case 0x08: case 0x09: case 0x18: case 0x19: case 0x1f: case 0x0a:
    return fail(r, JMON_WASM_ERR_UNSUPPORTED, at,
                "exception-handling instruction 0x%02x is not supported", op);
  case 0x12: case 0x13: case 0x15:
    return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "tail-call instruction 0x%02x is not supported",
                op);
  case 0x14: case 0xd3: case 0xd4: case 0xd5: case 0xd6:
    return fail(r, JMON_WASM_ERR_UNSUPPORTED, at,
                "typed function reference instruction 0x%02x is not supported", op);
  default:
    return fail(r, JMON_WASM_ERR_MALFORMED, at, "unknown opcode 0x%02x", op);
  }
}

static jmon_wasm_status_t read_block_type(reader_t *r, int64_t *out) {
  size_t at = r->pos;
  TRY(read_s(r, 33, out));
  int64_t bt = *out;
  if (bt >= 0) return check_index(r, (uint32_t)bt, r->m->ntypes, "type", at);
  if (bt == -64) return JMON_WASM_OK;
  if (bt >= -0x40) return check_valtype(r, (uint8_t)(bt + 0x80), at);
  return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid block type %lld", (long long)bt);
}

/* Decode the immediates of one instruction whose opcode is already in `in`. */
static jmon_wasm_status_t read_immediates(reader_t *r, jmon_instr_t *in, jmon_wasm_imm_t kind,
                                          uint32_t nlocals, size_t depth) {
  jmon_wasm_module_t *m = r->m;
  size_t at = r->pos;
  switch (kind) {
  case JMON_IMM_INVALID:
  case JMON_IMM_NONE:
    return JMON_WASM_OK;
  case JMON_IMM_BLOCK:
    return read_block_type(r, &in->imm.block_type);
  case JMON_IMM_LABEL:
    TRY(read_u32(r, &in->imm.index));
    if (in->imm.index > depth)
      return fail(r, JMON_WASM_ERR_MALFORMED, at, "branch depth %u out of range", in->imm.index);
    return JMON_WASM_OK;
  case JMON_IMM_BR_TABLE: {
    uint32_t count;
    TRY(read_count(r, &count));
    uint32_t *labels = malloc(((size_t)count + 1) * sizeof *labels);
    if (!labels) return fail(r, JMON_WASM_ERR_NOMEM, at, "out of memory");
    in->imm.table.labels = labels;
    in->imm.table.count = count;
    for (uint32_t i = 0; i <= count; i++) {
      size_t lat = r->pos;
      TRY(read_u32(r, &labels[i]));
      if (labels[i] > depth)
        return fail(r, JMON_WASM_ERR_MALFORMED, lat, "branch depth %u out of range", labels[i]);
    }
    return JMON_WASM_OK;
  }
  case JMON_IMM_FUNC:
    TRY(read_u32(r, &in->imm.index));
    return check_index(r, in->imm.index, total_funcs(m), "function", at);
  case JMON_IMM_CALL_INDIRECT:
    TRY(read_u32(r, &in->imm.pair.a));
    TRY(check_index(r, in->imm.pair.a, m->ntypes, "type", at));
    at = r->pos;
    TRY(read_u32(r, &in->imm.pair.b));
    return check_index(r, in->imm.pair.b, total_tables(m), "table", at);
  case JMON_IMM_LOCAL:
    TRY(read_u32(r, &in->imm.index));
    return check_index(r, in->imm.index, nlocals, "local", at);
  case JMON_IMM_GLOBAL:
    TRY(read_u32(r, &in->imm.index));
    return check_index(r, in->imm.index, total_globals(m), "global", at);
  case JMON_IMM_TABLE:
    TRY(read_u32(r, &in->imm.index));
    return check_index(r, in->imm.index, total_tables(m), "table", at);
  case JMON_IMM_MEMARG:
    TRY(read_u32(r, &in->imm.mem.align));
    /* Bit 6 of the alignment field announces an explicit memory index (multi-memory). */
    if (in->imm.mem.align >= 64)
      return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "multiple memories are not supported");
    return read_u32(r, &in->imm.mem.offset);
  case JMON_IMM_MEMORY:
    TRY(read_u32(r, &in->imm.index));
    if (in->imm.index != 0)
      return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "multiple memories are not supported");
    return JMON_WASM_OK;
  case JMON_IMM_I32: {
    int64_t v;
    TRY(read_s(r, 32, &v));
    in->imm.i32 = (int32_t)v;
    return JMON_WASM_OK;
  }
  case JMON_IMM_I64:
    return read_s(r, 64, &in->imm.i64);
  case JMON_IMM_F32:
    if (r->end - r->pos < 4) return overrun(r);
    in->imm.f32_bits = (uint32_t)r->buf[r->pos] | (uint32_t)r->buf[r->pos + 1] << 8 |
                       (uint32_t)r->buf[r->pos + 2] << 16 | (uint32_t)r->buf[r->pos + 3] << 24;
    r->pos += 4;
    return JMON_WASM_OK;
  case JMON_IMM_F64: {
    if (r->end - r->pos < 8) return overrun(r);
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | r->buf[r->pos + (size_t)i];
    in->imm.f64_bits = v;
    r->pos += 8;
    return JMON_WASM_OK;
  }
  case JMON_IMM_SELECT_TYPES: {
    uint32_t count;
    TRY(read_count(r, &count));
    if (count != 1)
      return fail(r, JMON_WASM_ERR_MALFORMED, at, "typed select needs exactly 1 type, not %u", count);
    uint8_t *types = malloc(count);
    if (!types) return fail(r, JMON_WASM_ERR_NOMEM, at, "out of memory");
    in->imm.select.types = types;
    in->imm.select.count = count;
    for (uint32_t i = 0; i < count; i++) TRY(read_valtype(r, &types[i]));
    return JMON_WASM_OK;
  }
  case JMON_IMM_REF_TYPE: {
    uint8_t t;
    TRY(read_reftype(r, &t));
    in->imm.index = t;
    return JMON_WASM_OK;
  }
  case JMON_IMM_DATA:
    TRY(read_u32(r, &in->imm.index));
    if (m->has_datacount) return check_index(r, in->imm.index, m->datacount, "data segment", at);
    return fail(r, JMON_WASM_ERR_MALFORMED, at, "data.drop needs a data count section");
  case JMON_IMM_ELEM:
    TRY(read_u32(r, &in->imm.index));
    return check_index(r, in->imm.index, m->nelems, "element segment", at);
  case JMON_IMM_MEMORY_INIT:
    TRY(read_u32(r, &in->imm.pair.a));
    if (!m->has_datacount)
      return fail(r, JMON_WASM_ERR_MALFORMED, at, "memory.init needs a data count section");
    TRY(check_index(r, in->imm.pair.a, m->datacount, "data segment", at));
    at = r->pos;
    TRY(read_u32(r, &in->imm.pair.b));
    if (in->imm.pair.b != 0)
      return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "multiple memories are not supported");
    return JMON_WASM_OK;
  case JMON_IMM_MEMORY_COPY:
    TRY(read_u32(r, &in->imm.pair.a));
    TRY(read_u32(r, &in->imm.pair.b));
    if (in->imm.pair.a != 0 || in->imm.pair.b != 0)
      return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "multiple memories are not supported");
    return JMON_WASM_OK;
  case JMON_IMM_TABLE_INIT:
    TRY(read_u32(r, &in->imm.pair.a));
    TRY(check_index(r, in->imm.pair.a, m->nelems, "element segment", at));
    at = r->pos;
    TRY(read_u32(r, &in->imm.pair.b));
    return check_index(r, in->imm.pair.b, total_tables(m), "table", at);
  case JMON_IMM_TABLE_COPY:
    TRY(read_u32(r, &in->imm.pair.a));
    TRY(check_index(r, in->imm.pair.a, total_tables(m), "table", at));
    at = r->pos;
    TRY(read_u32(r, &in->imm.pair.b));
    return check_index(r, in->imm.pair.b, total_tables(m), "table", at);
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t push_frame(reader_t *r, size_t depth, uint8_t kind) {
  if (depth >= r->frames_cap) {
    size_t cap = r->frames_cap ? r->frames_cap * 2 : 64;
    uint8_t *p = realloc(r->frames, cap);
    if (!p) return fail(r, JMON_WASM_ERR_NOMEM, r->pos, "out of memory");
    r->frames = p;
    r->frames_cap = cap;
  }
  r->frames[depth] = kind;
  return JMON_WASM_OK;
}

/*
 * Decode instructions up to the `end` that closes the outermost level. Function bodies keep
 * that final `end` (is_body), constant expressions drop it.
 */
static jmon_wasm_status_t read_code(reader_t *r, bool is_body, uint32_t nlocals,
                                    jmon_instr_t **out, uint32_t *out_n) {
  size_t n = 0, depth = 0;
  jmon_wasm_status_t st = JMON_WASM_OK;
  for (;;) {
    if (n == r->scratch_cap) {
      size_t cap = r->scratch_cap ? r->scratch_cap * 2 : 1024;
      jmon_instr_t *p = realloc(r->scratch, cap * sizeof *p);
      if (!p) {
        st = fail(r, JMON_WASM_ERR_NOMEM, r->pos, "out of memory");
        goto fail;
      }
      r->scratch = p;
      r->scratch_cap = cap;
    }
    jmon_instr_t *in = &r->scratch[n];
    size_t at = r->pos;
    if (at >= r->end) {
      st = overrun(r);
      goto fail;
    }
    uint8_t b = r->buf[r->pos++];
    uint16_t op = b;
    if (b == JMON_OP_PREFIX_FC) {
      uint32_t sub;
      if ((st = read_u32(r, &sub)) != JMON_WASM_OK) goto fail;
      if (sub > 0xff || jmon_wasm_opcode_imm((uint16_t)(0xfc00 | sub)) == JMON_IMM_INVALID) {
        st = fail(r, JMON_WASM_ERR_MALFORMED, at, "unknown opcode 0xfc 0x%x", sub);
        goto fail;
      }
      op = (uint16_t)(0xfc00 | sub);
    }
    jmon_wasm_imm_t kind = jmon_wasm_opcode_imm(op);
    if (kind == JMON_IMM_INVALID) {
      st = unsupported_opcode(r, b, at);
      goto fail;
    }
    in->opcode = op;
    in->offset = (uint32_t)at;
    memset(&in->imm, 0, sizeof in->imm);
    n++; /* counted before its immediates so a failure still frees what they allocated */
    if ((st = read_immediates(r, in, kind, nlocals, depth)) != JMON_WASM_OK) goto fail;
    switch (op) {
    case JMON_OP_BLOCK:
    case JMON_OP_LOOP:
    case JMON_OP_IF:
      if ((st = push_frame(r, depth, op == JMON_OP_IF ? FRAME_IF : FRAME_BLOCK)) != JMON_WASM_OK)
        goto fail;
      depth++;
      break;
    case JMON_OP_ELSE:
      if (depth == 0 || r->frames[depth - 1] != FRAME_IF) {
        st = fail(r, JMON_WASM_ERR_MALFORMED, at, "else without a matching if");
        goto fail;
      }
      r->frames[depth - 1] = FRAME_ELSE;
      break;
    case JMON_OP_END:
      if (depth == 0) goto done;
      depth--;
      break;
    default:
      break;
    }
  }
done:;
  size_t keep = is_body ? n : n - 1;
  jmon_instr_t *instrs = NULL;
  if (keep) {
    instrs = malloc(keep * sizeof *instrs);
    if (!instrs) {
      st = fail(r, JMON_WASM_ERR_NOMEM, r->pos, "out of memory");
      goto fail;
    }
    memcpy(instrs, r->scratch, keep * sizeof *instrs);
  }
  *out = instrs;
  *out_n = (uint32_t)keep;
  return JMON_WASM_OK;
fail:
  free_instrs(r->scratch, n);
  return st;
}

static jmon_wasm_status_t read_const_expr(reader_t *r, jmon_expr_t *e) {
  return read_code(r, false, 0, &e->instrs, &e->ninstrs);
}

static jmon_wasm_status_t read_type_section(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  uint32_t count;
  jmon_wasm_status_t st;
  TRY(read_count(r, &count));
  m->types = alloc_array(r, count, sizeof *m->types, &st);
  TRY(st);
  m->ntypes = count;
  for (uint32_t i = 0; i < count; i++) {
    jmon_functype_t *t = &m->types[i];
    size_t at = r->pos;
    uint8_t form;
    TRY(read_byte(r, &form));
    if (form == 0x5e || form == 0x5f || form == 0x4e || form == 0x50 || form == 0x4f)
      return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "GC type form 0x%02x is not supported", form);
    if (form != 0x60) return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid type form 0x%02x", form);
    TRY(read_count(r, &t->nparams));
    t->params = alloc_array(r, t->nparams, 1, &st);
    TRY(st);
    for (uint32_t j = 0; j < t->nparams; j++) TRY(read_valtype(r, &t->params[j]));
    uint32_t nresults;
    TRY(read_count(r, &nresults));
    t->results = alloc_array(r, nresults, 1, &st);
    TRY(st);
    t->nresults = nresults;
    for (uint32_t j = 0; j < t->nresults; j++) TRY(read_valtype(r, &t->results[j]));
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_import_section(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  uint32_t count;
  jmon_wasm_status_t st;
  TRY(read_count(r, &count));
  m->imports = alloc_array(r, count, sizeof *m->imports, &st);
  TRY(st);
  m->nimports = count;
  for (uint32_t i = 0; i < count; i++) {
    jmon_import_t *im = &m->imports[i];
    TRY(read_name(r, &im->module, &im->module_len));
    TRY(read_name(r, &im->name, &im->name_len));
    size_t at = r->pos;
    TRY(read_byte(r, &im->kind));
    switch (im->kind) {
    case JMON_EXT_FUNC:
      at = r->pos;
      TRY(read_u32(r, &im->type_index));
      TRY(check_index(r, im->type_index, m->ntypes, "type", at));
      m->nimported_funcs++;
      break;
    case JMON_EXT_TABLE:
      TRY(read_reftype(r, &im->elem_type));
      TRY(read_limits(r, &im->limits));
      m->nimported_tables++;
      break;
    case JMON_EXT_MEMORY:
      TRY(read_limits(r, &im->limits));
      m->nimported_memories++;
      break;
    case JMON_EXT_GLOBAL:
      TRY(read_valtype(r, &im->valtype));
      at = r->pos;
      TRY(read_byte(r, &im->mutable_));
      if (im->mutable_ > 1)
        return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid mutability 0x%02x", im->mutable_);
      m->nimported_globals++;
      break;
    case 4:
      return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "tag imports (exception handling) are not supported");
    default:
      return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid import kind 0x%02x", im->kind);
    }
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_function_section(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  uint32_t count;
  jmon_wasm_status_t st;
  TRY(read_count(r, &count));
  m->funcs = alloc_array(r, count, sizeof *m->funcs, &st);
  TRY(st);
  m->nfuncs = count;
  for (uint32_t i = 0; i < count; i++) {
    size_t at = r->pos;
    TRY(read_u32(r, &m->funcs[i].type_index));
    TRY(check_index(r, m->funcs[i].type_index, m->ntypes, "type", at));
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_table_section(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  uint32_t count;
  jmon_wasm_status_t st;
  TRY(read_count(r, &count));
  m->tables = alloc_array(r, count, sizeof *m->tables, &st);
  TRY(st);
  m->ntables = count;
  for (uint32_t i = 0; i < count; i++) {
    TRY(read_reftype(r, &m->tables[i].elem_type));
    TRY(read_limits(r, &m->tables[i].limits));
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_memory_section(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  uint32_t count;
  jmon_wasm_status_t st;
  size_t at = r->pos;
  TRY(read_count(r, &count));
  if (count + m->nimported_memories > 1)
    return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "multiple memories are not supported");
  m->memories = alloc_array(r, count, sizeof *m->memories, &st);
  TRY(st);
  m->nmemories = count;
  for (uint32_t i = 0; i < count; i++) TRY(read_limits(r, &m->memories[i].limits));
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_global_section(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  uint32_t count;
  jmon_wasm_status_t st;
  TRY(read_count(r, &count));
  m->globals = alloc_array(r, count, sizeof *m->globals, &st);
  TRY(st);
  m->nglobals = count;
  for (uint32_t i = 0; i < count; i++) {
    jmon_global_t *g = &m->globals[i];
    TRY(read_valtype(r, &g->valtype));
    size_t at = r->pos;
    TRY(read_byte(r, &g->mutable_));
    if (g->mutable_ > 1)
      return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid mutability 0x%02x", g->mutable_);
    TRY(read_const_expr(r, &g->init));
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_export_section(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  uint32_t count;
  jmon_wasm_status_t st;
  TRY(read_count(r, &count));
  m->exports = alloc_array(r, count, sizeof *m->exports, &st);
  TRY(st);
  m->nexports = count;
  for (uint32_t i = 0; i < count; i++) {
    jmon_export_t *e = &m->exports[i];
    TRY(read_name(r, &e->name, &e->name_len));
    size_t at = r->pos;
    TRY(read_byte(r, &e->kind));
    if (e->kind == 4)
      return fail(r, JMON_WASM_ERR_UNSUPPORTED, at, "tag exports (exception handling) are not supported");
    if (e->kind > JMON_EXT_GLOBAL)
      return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid export kind 0x%02x", e->kind);
    size_t iat = r->pos;
    TRY(read_u32(r, &e->index));
    switch (e->kind) {
    case JMON_EXT_FUNC: TRY(check_index(r, e->index, total_funcs(m), "function", iat)); break;
    case JMON_EXT_TABLE: TRY(check_index(r, e->index, total_tables(m), "table", iat)); break;
    case JMON_EXT_MEMORY: TRY(check_index(r, e->index, total_memories(m), "memory", iat)); break;
    default: TRY(check_index(r, e->index, total_globals(m), "global", iat)); break;
    }
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_start_section(reader_t *r) {
  size_t at = r->pos;
  TRY(read_u32(r, &r->m->start_func));
  r->m->has_start = true;
  return check_index(r, r->m->start_func, total_funcs(r->m), "function", at);
}

/* Element segment flags (spec 5.5.12): bit 0 passive/declarative, bit 1 explicit table or
 * declarative, bit 2 items are expressions. */
static jmon_wasm_status_t read_elem_section(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  uint32_t count;
  jmon_wasm_status_t st;
  TRY(read_count(r, &count));
  m->elems = alloc_array(r, count, sizeof *m->elems, &st);
  TRY(st);
  m->nelems = count;
  for (uint32_t i = 0; i < count; i++) {
    jmon_elem_t *e = &m->elems[i];
    size_t at = r->pos;
    TRY(read_u32(r, &e->flags));
    if (e->flags > 7)
      return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid element segment flags %u", e->flags);
    bool active = !(e->flags & 1);
    bool exprs = (e->flags & 4) != 0;
    if (active && (e->flags & 2)) {
      at = r->pos;
      TRY(read_u32(r, &e->table_index));
      TRY(check_index(r, e->table_index, total_tables(m), "table", at));
    }
    if (active) TRY(read_const_expr(r, &e->offset));
    e->ref_type = JMON_FUNCREF;
    if (e->flags & 3) {
      if (exprs) {
        TRY(read_reftype(r, &e->ref_type));
      } else {
        at = r->pos;
        TRY(read_byte(r, &e->elem_kind));
        if (e->elem_kind != 0)
          return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid element kind 0x%02x", e->elem_kind);
      }
    }
    uint32_t nitems;
    TRY(read_count(r, &nitems));
    if (exprs) {
      e->exprs = alloc_array(r, nitems, sizeof *e->exprs, &st);
      TRY(st);
      e->nitems = nitems;
      for (uint32_t j = 0; j < nitems; j++) TRY(read_const_expr(r, &e->exprs[j]));
    } else {
      e->func_indices = alloc_array(r, nitems, sizeof *e->func_indices, &st);
      TRY(st);
      e->nitems = nitems;
      for (uint32_t j = 0; j < nitems; j++) {
        at = r->pos;
        TRY(read_u32(r, &e->func_indices[j]));
        TRY(check_index(r, e->func_indices[j], total_funcs(m), "function", at));
      }
    }
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_datacount_section(reader_t *r) {
  TRY(read_u32(r, &r->m->datacount));
  r->m->has_datacount = true;
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_code_section(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  uint32_t count;
  size_t at = r->pos;
  TRY(read_count(r, &count));
  if (count != m->nfuncs)
    return fail(r, JMON_WASM_ERR_MALFORMED, at,
                "code section has %u bodies but the function section declares %u", count,
                m->nfuncs);
  size_t section_end = r->end;
  for (uint32_t i = 0; i < count; i++) {
    jmon_func_t *f = &m->funcs[i];
    f->body_offset = (uint32_t)r->pos;
    uint32_t body_size;
    TRY(read_u32(r, &body_size));
    if (body_size > r->end - r->pos)
      return fail(r, JMON_WASM_ERR_MALFORMED, f->body_offset, "function body %u extends past end of section",
                  m->nimported_funcs + i);
    size_t body_end = r->pos + body_size;
    r->end = body_end;
    r->in_body = true;
    uint32_t ngroups;
    TRY(read_count(r, &ngroups));
    jmon_wasm_status_t st;
    f->locals = alloc_array(r, ngroups, sizeof *f->locals, &st);
    TRY(st);
    f->nlocal_groups = ngroups;
    const jmon_functype_t *type = &m->types[f->type_index];
    uint64_t nlocals = type->nparams;
    for (uint32_t j = 0; j < ngroups; j++) {
      size_t lat = r->pos;
      TRY(read_u32(r, &f->locals[j].count));
      TRY(read_valtype(r, &f->locals[j].type));
      nlocals += f->locals[j].count;
      if (nlocals > UINT32_MAX)
        return fail(r, JMON_WASM_ERR_MALFORMED, lat, "too many locals");
    }
    f->code_offset = (uint32_t)r->pos;
    TRY(read_code(r, true, (uint32_t)nlocals, &f->instrs, &f->ninstrs));
    if (r->pos != body_end)
      return fail(r, JMON_WASM_ERR_MALFORMED, r->pos,
                  "function body %u has %zu bytes after its final end", m->nimported_funcs + i,
                  body_end - r->pos);
    r->end = section_end;
    r->in_body = false;
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_data_section(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  uint32_t count;
  jmon_wasm_status_t st;
  size_t at = r->pos;
  TRY(read_count(r, &count));
  if (m->has_datacount && count != m->datacount)
    return fail(r, JMON_WASM_ERR_MALFORMED, at,
                "data section has %u segments but the data count section says %u", count,
                m->datacount);
  m->datas = alloc_array(r, count, sizeof *m->datas, &st);
  TRY(st);
  m->ndatas = count;
  for (uint32_t i = 0; i < count; i++) {
    jmon_data_t *d = &m->datas[i];
    at = r->pos;
    TRY(read_u32(r, &d->flags));
    if (d->flags > 2)
      return fail(r, JMON_WASM_ERR_MALFORMED, at, "invalid data segment flags %u", d->flags);
    if (d->flags == 2) {
      at = r->pos;
      TRY(read_u32(r, &d->memory_index));
      TRY(check_index(r, d->memory_index, total_memories(m), "memory", at));
    }
    if (d->flags != 1) TRY(read_const_expr(r, &d->offset));
    TRY(read_count(r, &d->size));
    d->bytes = r->buf + r->pos;
    d->file_offset = (uint32_t)r->pos;
    r->pos += d->size;
  }
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_custom_section(reader_t *r, uint8_t after) {
  jmon_wasm_module_t *m = r->m;
  jmon_custom_t *p = realloc(m->customs, (m->ncustoms + 1) * sizeof *p);
  if (!p) return fail(r, JMON_WASM_ERR_NOMEM, r->pos, "out of memory");
  m->customs = p;
  jmon_custom_t *c = &m->customs[m->ncustoms++];
  memset(c, 0, sizeof *c);
  c->after_section = after;
  TRY(read_name(r, &c->name, &c->name_len));
  c->bytes = r->buf + r->pos;
  c->size = (uint32_t)(r->end - r->pos);
  r->pos = r->end;
  return JMON_WASM_OK;
}

/* Position of each known section id in the required order (data count sits before code). */
static int section_rank(uint8_t id) {
  static const int rank[13] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
  return id < 13 ? rank[id] : -1;
}

static jmon_wasm_status_t read_sections(reader_t *r) {
  jmon_wasm_module_t *m = r->m;
  int last_rank = 0;
  uint8_t last_id = 0;
  while (r->pos < r->size) {
    size_t id_at = r->pos;
    r->end = r->size;
    r->section_id = -1;
    uint8_t id;
    TRY(read_byte(r, &id));
    size_t size_at = r->pos;
    uint32_t size;
    TRY(read_u32(r, &size));
    if (size > r->size - r->pos)
      return fail(r, JMON_WASM_ERR_TRUNCATED, size_at, "section %u extends past end of file", id);
    if (id == 13)
      return fail(r, JMON_WASM_ERR_UNSUPPORTED, id_at,
                  "tag section (exception handling) is not supported");
    int rank = section_rank(id);
    if (rank < 0) return fail(r, JMON_WASM_ERR_MALFORMED, id_at, "unknown section id %u", id);
    if (id != JMON_SEC_CUSTOM) {
      if (m->present[id]) return fail(r, JMON_WASM_ERR_MALFORMED, id_at, "duplicate section %u", id);
      if (rank < last_rank)
        return fail(r, JMON_WASM_ERR_MALFORMED, id_at, "section %u is out of order", id);
      last_rank = rank;
      m->present[id] = true;
      m->section_order[m->nsection_order++] = id;
    }
    r->end = r->pos + size;
    r->section_id = id;
    switch (id) {
    case JMON_SEC_CUSTOM: TRY(read_custom_section(r, last_id)); break;
    case JMON_SEC_TYPE: TRY(read_type_section(r)); break;
    case JMON_SEC_IMPORT: TRY(read_import_section(r)); break;
    case JMON_SEC_FUNCTION: TRY(read_function_section(r)); break;
    case JMON_SEC_TABLE: TRY(read_table_section(r)); break;
    case JMON_SEC_MEMORY: TRY(read_memory_section(r)); break;
    case JMON_SEC_GLOBAL: TRY(read_global_section(r)); break;
    case JMON_SEC_EXPORT: TRY(read_export_section(r)); break;
    case JMON_SEC_START: TRY(read_start_section(r)); break;
    case JMON_SEC_ELEM: TRY(read_elem_section(r)); break;
    case JMON_SEC_DATACOUNT: TRY(read_datacount_section(r)); break;
    case JMON_SEC_CODE: TRY(read_code_section(r)); break;
    case JMON_SEC_DATA: TRY(read_data_section(r)); break;
    default: break;
    }
    if (r->pos != r->end)
      return fail(r, JMON_WASM_ERR_MALFORMED, r->pos, "section %u has %zu unused bytes", id,
                  r->end - r->pos);
    if (id != JMON_SEC_CUSTOM) last_id = id;
  }
  r->end = r->size;
  if (m->nfuncs > 0 && !m->present[JMON_SEC_CODE])
    return fail(r, JMON_WASM_ERR_TRUNCATED, r->size, "function section without a code section");
  if (m->has_datacount && m->datacount > 0 && !m->present[JMON_SEC_DATA])
    return fail(r, JMON_WASM_ERR_TRUNCATED, r->size, "data count section without a data section");
  return JMON_WASM_OK;
}

static jmon_wasm_status_t read_header(reader_t *r) {
  static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};
  static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
  for (size_t i = 0; i < 8; i++) {
    if (i >= r->size) return fail(r, JMON_WASM_ERR_TRUNCATED, r->size, "truncated header");
    uint8_t want = i < 4 ? magic[i] : version[i - 4];
    if (r->buf[i] == want) continue;
    if (i < 4) return fail(r, JMON_WASM_ERR_MALFORMED, i, "bad magic number (not a wasm file)");
    if (r->size >= 8 && r->buf[6] == 0x01 && r->buf[7] == 0x00)
      return fail(r, JMON_WASM_ERR_UNSUPPORTED, 4, "component-model binaries are not supported");
    return fail(r, JMON_WASM_ERR_MALFORMED, i, "unsupported wasm version");
  }
  r->pos = 8;
  return JMON_WASM_OK;
}

jmon_wasm_status_t jmon_wasm_read(uint8_t *bytes, size_t size, jmon_wasm_module_t *out,
                                  jmon_wasm_error_t *err) {
  jmon_wasm_error_t local_err;
  if (!err) err = &local_err;
  memset(err, 0, sizeof *err);
  memset(out, 0, sizeof *out);
  out->input = bytes;
  out->input_size = size;
  reader_t r = {.buf = bytes, .size = size, .end = size, .section_id = -1, .m = out, .err = err};
  jmon_wasm_status_t st;
  if (size > UINT32_MAX) {
    st = fail(&r, JMON_WASM_ERR_UNSUPPORTED, 0, "modules of 4 GiB or more are not supported");
    goto fail;
  }
  if ((st = read_header(&r)) != JMON_WASM_OK) goto fail;
  if ((st = read_sections(&r)) != JMON_WASM_OK) goto fail;
  free(r.scratch);
  free(r.frames);
  return JMON_WASM_OK;
fail:
  free(r.scratch);
  free(r.frames);
  jmon_wasm_free(out);
  return st;
}

jmon_wasm_status_t jmon_wasm_read_file(const char *path, jmon_wasm_module_t *out,
                                       jmon_wasm_error_t *err) {
  jmon_wasm_error_t local_err;
  if (!err) err = &local_err;
  memset(err, 0, sizeof *err);
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (!f) {
    err->status = JMON_WASM_ERR_IO;
    snprintf(err->message, sizeof err->message, "cannot open: %s", strerror(errno));
    return JMON_WASM_ERR_IO;
  }
  /* Read in growing chunks so pipes and /dev/stdin work as well as regular files. */
  size_t cap = 1 << 16, len = 0;
  uint8_t *buf = malloc(cap);
  if (!buf) goto nomem;
  for (;;) {
    if (len == cap) {
      uint8_t *p = realloc(buf, cap * 2);
      if (!p) goto nomem;
      buf = p;
      cap *= 2;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    int e = errno;
    free(buf);
    fclose(f);
    err->status = JMON_WASM_ERR_IO;
    snprintf(err->message, sizeof err->message, "read failed: %s", strerror(e));
    return JMON_WASM_ERR_IO;
  }
  fclose(f);
  return jmon_wasm_read(buf, len, out, err);
nomem:
  free(buf);
  fclose(f);
  err->status = JMON_WASM_ERR_NOMEM;
  snprintf(err->message, sizeof err->message, "out of memory");
  return JMON_WASM_ERR_NOMEM;
}

static void free_expr(jmon_expr_t *e) {
  free_instrs(e->instrs, e->ninstrs);
  free(e->instrs);
}

void jmon_wasm_free(jmon_wasm_module_t *m) {
  if (!m) return;
  for (uint32_t i = 0; i < m->ntypes; i++) {
    free(m->types[i].params);
    free(m->types[i].results);
  }
  free(m->types);
  for (uint32_t i = 0; i < m->nimports; i++) {
    free(m->imports[i].module);
    free(m->imports[i].name);
  }
  free(m->imports);
  for (uint32_t i = 0; i < m->nfuncs; i++) {
    free(m->funcs[i].locals);
    free_instrs(m->funcs[i].instrs, m->funcs[i].ninstrs);
    free(m->funcs[i].instrs);
  }
  free(m->funcs);
  free(m->tables);
  free(m->memories);
  for (uint32_t i = 0; i < m->nglobals; i++) free_expr(&m->globals[i].init);
  free(m->globals);
  for (uint32_t i = 0; i < m->nexports; i++) free(m->exports[i].name);
  free(m->exports);
  for (uint32_t i = 0; i < m->nelems; i++) {
    jmon_elem_t *e = &m->elems[i];
    free_expr(&e->offset);
    free(e->func_indices);
    if (e->exprs)
      for (uint32_t j = 0; j < e->nitems; j++) free_expr(&e->exprs[j]);
    free(e->exprs);
  }
  free(m->elems);
  for (uint32_t i = 0; i < m->ndatas; i++) {
    free_expr(&m->datas[i].offset);
    free(m->datas[i].owned_bytes);
  }
  free(m->datas);
  for (uint32_t i = 0; i < m->ncustoms; i++) {
    free(m->customs[i].name);
    free(m->customs[i].owned_bytes);
  }
  free(m->customs);
  free(m->input);
  memset(m, 0, sizeof *m);
}

const jmon_functype_t *jmon_wasm_func_type(const jmon_wasm_module_t *m, uint32_t func) {
  uint32_t type_index;
  if (func < m->nimported_funcs) {
    uint32_t seen = 0;
    type_index = UINT32_MAX;
    for (uint32_t i = 0; i < m->nimports; i++) {
      if (m->imports[i].kind != JMON_EXT_FUNC) continue;
      if (seen++ == func) {
        type_index = m->imports[i].type_index;
        break;
      }
    }
  } else if (func - m->nimported_funcs < m->nfuncs) {
    type_index = m->funcs[func - m->nimported_funcs].type_index;
  } else {
    return NULL;
  }
  return type_index < m->ntypes ? &m->types[type_index] : NULL;
}

const jmon_export_t *jmon_wasm_find_export(const jmon_wasm_module_t *m, uint8_t kind,
                                           const char *name) {
  size_t len = strlen(name);
  for (uint32_t i = 0; i < m->nexports; i++) {
    const jmon_export_t *e = &m->exports[i];
    if (e->kind == kind && e->name_len == len && memcmp(e->name, name, len) == 0) return e;
  }
  return NULL;
}

const jmon_custom_t *jmon_wasm_find_custom(const jmon_wasm_module_t *m, const char *name) {
  size_t len = strlen(name);
  for (uint32_t i = 0; i < m->ncustoms; i++) {
    const jmon_custom_t *c = &m->customs[i];
    if (c->name_len == len && memcmp(c->name, name, len) == 0) return c;
  }
  return NULL;
}
