/* wasm_writer.c: encodes a jmon_wasm_module_t back to the WebAssembly binary format, instruction by
 * instruction, with canonical (shortest) LEB128s so an unchanged module re-encodes byte-exactly. */
#include "wasm_module.h"
#include "leb128.h"
#include "wasm_opcodes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room reserved for a section or body size before its content is known; fixed up afterwards. */
#define SIZE_SLOT 5

typedef struct {
  uint8_t *p;
  size_t len, cap;
  bool oom;  /* sticky: once an allocation failed every later write is dropped */
} out_t;

static bool reserve(out_t *o, size_t n) {
  if (o->oom) return false;
  if (o->cap - o->len >= n) return true;
  size_t cap = o->cap ? o->cap : 4096;
  while (cap - o->len < n) cap *= 2;
  uint8_t *p = realloc(o->p, cap);
  if (!p) {
    o->oom = true;
    return false;
  }
  o->p = p;
  o->cap = cap;
  return true;
}

static void put_byte(out_t *o, uint8_t b) {
  if (reserve(o, 1)) o->p[o->len++] = b;
}

static void put_bytes(out_t *o, const void *src, size_t n) {
  if (n && reserve(o, n)) {
    memcpy(o->p + o->len, src, n);
    o->len += n;
  }
}

static void put_u32(out_t *o, uint32_t v) {
  if (reserve(o, JMON_LEB128_MAX_BYTES)) o->len += jmon_leb128_write_u(o->p + o->len, v);
}

static void put_name(out_t *o, const char *s, uint32_t len) {
  put_u32(o, len);
  put_bytes(o, s, len);
}

/* Start a length-prefixed region; @return the mark to pass to end_sized(). */
static size_t begin_sized(out_t *o) {
  size_t mark = o->len;
  if (reserve(o, SIZE_SLOT)) o->len += SIZE_SLOT;
  return mark;
}

/* Write the region's size in canonical form and slide its content down over the unused slot bytes. */
static void end_sized(out_t *o, size_t mark) {
  if (o->oom) return;
  size_t content = o->len - mark - SIZE_SLOT;
  uint8_t tmp[JMON_LEB128_MAX_BYTES];
  size_t n = jmon_leb128_write_u(tmp, (uint64_t)content);
  memmove(o->p + mark + n, o->p + mark + SIZE_SLOT, content);
  memcpy(o->p + mark, tmp, n);
  o->len = mark + n + content;
}

static void put_limits(out_t *o, const jmon_limits_t *l) {
  put_byte(o, l->has_max ? 1 : 0);
  put_u32(o, l->min);
  if (l->has_max) put_u32(o, l->max);
}

/* Largest encoding of one instruction apart from br_table labels and select types. */
#define MAX_INSTR_BYTES 32

static void put_instr(out_t *o, const jmon_instr_t *in) {
  if (!reserve(o, MAX_INSTR_BYTES)) return;
  uint8_t *p = o->p + o->len;
  size_t n = 0;
  uint16_t op = in->opcode;
  if (op >= 0x100) {
    p[n++] = (uint8_t)(op >> 8);
    n += jmon_leb128_write_u(p + n, op & 0xff);
  } else {
    p[n++] = (uint8_t)op;
  }
  switch (jmon_wasm_opcode_imm(op)) {
  case JMON_IMM_INVALID:
  case JMON_IMM_NONE:
    break;
  case JMON_IMM_BLOCK:
    n += jmon_leb128_write_s(p + n, in->imm.block_type);
    break;
  case JMON_IMM_LABEL:
  case JMON_IMM_FUNC:
  case JMON_IMM_LOCAL:
  case JMON_IMM_GLOBAL:
  case JMON_IMM_TABLE:
  case JMON_IMM_MEMORY:
  case JMON_IMM_DATA:
  case JMON_IMM_ELEM:
    n += jmon_leb128_write_u(p + n, in->imm.index);
    break;
  case JMON_IMM_REF_TYPE:
    p[n++] = (uint8_t)in->imm.index;
    break;
  case JMON_IMM_CALL_INDIRECT:
  case JMON_IMM_MEMORY_INIT:
  case JMON_IMM_MEMORY_COPY:
  case JMON_IMM_TABLE_INIT:
  case JMON_IMM_TABLE_COPY:
    n += jmon_leb128_write_u(p + n, in->imm.pair.a);
    n += jmon_leb128_write_u(p + n, in->imm.pair.b);
    break;
  case JMON_IMM_MEMARG:
    n += jmon_leb128_write_u(p + n, in->imm.mem.align);
    n += jmon_leb128_write_u(p + n, in->imm.mem.offset);
    break;
  case JMON_IMM_I32:
    n += jmon_leb128_write_s(p + n, in->imm.i32);
    break;
  case JMON_IMM_I64:
    n += jmon_leb128_write_s(p + n, in->imm.i64);
    break;
  case JMON_IMM_F32:
    for (int i = 0; i < 4; i++) p[n++] = (uint8_t)(in->imm.f32_bits >> (8 * i));
    break;
  case JMON_IMM_F64:
    for (int i = 0; i < 8; i++) p[n++] = (uint8_t)(in->imm.f64_bits >> (8 * i));
    break;
  case JMON_IMM_BR_TABLE:
    o->len += n;
    put_u32(o, in->imm.table.count);
    for (uint32_t i = 0; i <= in->imm.table.count; i++) put_u32(o, in->imm.table.labels[i]);
    return;
  case JMON_IMM_SELECT_TYPES:
    o->len += n;
    put_u32(o, in->imm.select.count);
    put_bytes(o, in->imm.select.types, in->imm.select.count);
    return;
  }
  o->len += n;
}

static void put_instrs(out_t *o, const jmon_instr_t *instrs, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) put_instr(o, &instrs[i]);
}

static void put_const_expr(out_t *o, const jmon_expr_t *e) {
  put_instrs(o, e->instrs, e->ninstrs);
  put_byte(o, 0x0b);
}

static void put_type_section(out_t *o, const jmon_wasm_module_t *m) {
  put_u32(o, m->ntypes);
  for (uint32_t i = 0; i < m->ntypes; i++) {
    const jmon_functype_t *t = &m->types[i];
    put_byte(o, 0x60);
    put_u32(o, t->nparams);
    put_bytes(o, t->params, t->nparams);
    put_u32(o, t->nresults);
    put_bytes(o, t->results, t->nresults);
  }
}

static void put_import_section(out_t *o, const jmon_wasm_module_t *m) {
  put_u32(o, m->nimports);
  for (uint32_t i = 0; i < m->nimports; i++) {
    const jmon_import_t *im = &m->imports[i];
    put_name(o, im->module, im->module_len);
    put_name(o, im->name, im->name_len);
    put_byte(o, im->kind);
    switch (im->kind) {
    case JMON_EXT_FUNC: put_u32(o, im->type_index); break;
    case JMON_EXT_TABLE: put_byte(o, im->elem_type); put_limits(o, &im->limits); break;
    case JMON_EXT_MEMORY: put_limits(o, &im->limits); break;
    case JMON_EXT_GLOBAL: put_byte(o, im->valtype); put_byte(o, im->mutable_); break;
    default: break;
    }
  }
}

static void put_function_section(out_t *o, const jmon_wasm_module_t *m) {
  put_u32(o, m->nfuncs);
  for (uint32_t i = 0; i < m->nfuncs; i++) put_u32(o, m->funcs[i].type_index);
}

static void put_table_section(out_t *o, const jmon_wasm_module_t *m) {
  put_u32(o, m->ntables);
  for (uint32_t i = 0; i < m->ntables; i++) {
    put_byte(o, m->tables[i].elem_type);
    put_limits(o, &m->tables[i].limits);
  }
}

static void put_memory_section(out_t *o, const jmon_wasm_module_t *m) {
  put_u32(o, m->nmemories);
  for (uint32_t i = 0; i < m->nmemories; i++) put_limits(o, &m->memories[i].limits);
}

static void put_global_section(out_t *o, const jmon_wasm_module_t *m) {
  put_u32(o, m->nglobals);
  for (uint32_t i = 0; i < m->nglobals; i++) {
    put_byte(o, m->globals[i].valtype);
    put_byte(o, m->globals[i].mutable_);
    put_const_expr(o, &m->globals[i].init);
  }
}

static void put_export_section(out_t *o, const jmon_wasm_module_t *m) {
  put_u32(o, m->nexports);
  for (uint32_t i = 0; i < m->nexports; i++) {
    put_name(o, m->exports[i].name, m->exports[i].name_len);
    put_byte(o, m->exports[i].kind);
    put_u32(o, m->exports[i].index);
  }
}

static void put_elem_section(out_t *o, const jmon_wasm_module_t *m) {
  put_u32(o, m->nelems);
  for (uint32_t i = 0; i < m->nelems; i++) {
    const jmon_elem_t *e = &m->elems[i];
    bool active = !(e->flags & 1);
    bool exprs = (e->flags & 4) != 0;
    put_u32(o, e->flags);
    if (active && (e->flags & 2)) put_u32(o, e->table_index);
    if (active) put_const_expr(o, &e->offset);
    if (e->flags & 3) put_byte(o, exprs ? e->ref_type : e->elem_kind);
    put_u32(o, e->nitems);
    for (uint32_t j = 0; j < e->nitems; j++) {
      if (exprs) put_const_expr(o, &e->exprs[j]);
      else put_u32(o, e->func_indices[j]);
    }
  }
}

static void put_code_section(out_t *o, const jmon_wasm_module_t *m) {
  put_u32(o, m->nfuncs);
  for (uint32_t i = 0; i < m->nfuncs; i++) {
    const jmon_func_t *f = &m->funcs[i];
    size_t mark = begin_sized(o);
    put_u32(o, f->nlocal_groups);
    for (uint32_t j = 0; j < f->nlocal_groups; j++) {
      put_u32(o, f->locals[j].count);
      put_byte(o, f->locals[j].type);
    }
    put_instrs(o, f->instrs, f->ninstrs);
    end_sized(o, mark);
  }
}

static void put_data_section(out_t *o, const jmon_wasm_module_t *m) {
  put_u32(o, m->ndatas);
  for (uint32_t i = 0; i < m->ndatas; i++) {
    const jmon_data_t *d = &m->datas[i];
    put_u32(o, d->flags);
    if (d->flags == 2) put_u32(o, d->memory_index);
    if (d->flags != 1) put_const_expr(o, &d->offset);
    put_u32(o, d->size);
    put_bytes(o, d->owned_bytes ? d->owned_bytes : d->bytes, d->size);
  }
}

/* A section is written when the input had it or when it has content now. */
static bool section_wanted(const jmon_wasm_module_t *m, uint8_t id) {
  if (m->present[id]) return true;
  switch (id) {
  case JMON_SEC_TYPE: return m->ntypes > 0;
  case JMON_SEC_IMPORT: return m->nimports > 0;
  case JMON_SEC_FUNCTION: return m->nfuncs > 0;
  case JMON_SEC_TABLE: return m->ntables > 0;
  case JMON_SEC_MEMORY: return m->nmemories > 0;
  case JMON_SEC_GLOBAL: return m->nglobals > 0;
  case JMON_SEC_EXPORT: return m->nexports > 0;
  case JMON_SEC_START: return m->has_start;
  case JMON_SEC_ELEM: return m->nelems > 0;
  case JMON_SEC_DATACOUNT: return m->has_datacount;
  case JMON_SEC_CODE: return m->nfuncs > 0;
  case JMON_SEC_DATA: return m->ndatas > 0;
  default: return false;
  }
}

static void put_section(out_t *o, const jmon_wasm_module_t *m, uint8_t id) {
  put_byte(o, id);
  size_t mark = begin_sized(o);
  switch (id) {
  case JMON_SEC_TYPE: put_type_section(o, m); break;
  case JMON_SEC_IMPORT: put_import_section(o, m); break;
  case JMON_SEC_FUNCTION: put_function_section(o, m); break;
  case JMON_SEC_TABLE: put_table_section(o, m); break;
  case JMON_SEC_MEMORY: put_memory_section(o, m); break;
  case JMON_SEC_GLOBAL: put_global_section(o, m); break;
  case JMON_SEC_EXPORT: put_export_section(o, m); break;
  case JMON_SEC_START: put_u32(o, m->start_func); break;
  case JMON_SEC_ELEM: put_elem_section(o, m); break;
  case JMON_SEC_DATACOUNT: put_u32(o, m->datacount); break;
  case JMON_SEC_CODE: put_code_section(o, m); break;
  case JMON_SEC_DATA: put_data_section(o, m); break;
  default: break;
  }
  end_sized(o, mark);
}

/* Custom sections recorded after non-custom section `after` (0 = before every section). */
static void put_customs_after(out_t *o, const jmon_wasm_module_t *m, uint8_t after) {
  for (uint32_t i = 0; i < m->ncustoms; i++) {
    const jmon_custom_t *c = &m->customs[i];
    if (c->after_section != after) continue;
    put_byte(o, JMON_SEC_CUSTOM);
    size_t mark = begin_sized(o);
    put_name(o, c->name, c->name_len);
    put_bytes(o, c->owned_bytes ? c->owned_bytes : c->bytes, c->size);
    end_sized(o, mark);
  }
}

jmon_wasm_status_t jmon_wasm_write(const jmon_wasm_module_t *m, uint8_t **out_bytes,
                                   size_t *out_size, jmon_wasm_error_t *err) {
  /* The order the binary format requires; the reader rejects any other, so it is also the input's. */
  static const uint8_t order[] = {
      JMON_SEC_TYPE,   JMON_SEC_IMPORT, JMON_SEC_FUNCTION,  JMON_SEC_TABLE,
      JMON_SEC_MEMORY, JMON_SEC_GLOBAL, JMON_SEC_EXPORT,    JMON_SEC_START,
      JMON_SEC_ELEM,   JMON_SEC_DATACOUNT, JMON_SEC_CODE,   JMON_SEC_DATA};
  static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  out_t o = {0};
  *out_bytes = NULL;
  *out_size = 0;
  if (err) memset(err, 0, sizeof *err);
  /* Most of a module is copied through; sizing to the input avoids regrowing. */
  reserve(&o, m->input_size ? m->input_size + 64 : 4096);
  put_bytes(&o, header, sizeof header);
  put_customs_after(&o, m, 0);
  for (size_t i = 0; i < sizeof order; i++) {
    if (section_wanted(m, order[i])) put_section(&o, m, order[i]);
    put_customs_after(&o, m, order[i]);
  }
  if (o.oom) {
    free(o.p);
    if (err) {
      err->status = JMON_WASM_ERR_NOMEM;
      snprintf(err->message, sizeof err->message, "out of memory");
    }
    return JMON_WASM_ERR_NOMEM;
  }
  *out_bytes = o.p;
  *out_size = o.len;
  return JMON_WASM_OK;
}

jmon_wasm_status_t jmon_wasm_write_file(const jmon_wasm_module_t *m, const char *path,
                                        jmon_wasm_error_t *err) {
  jmon_wasm_error_t local_err;
  if (!err) err = &local_err;
  uint8_t *bytes;
  size_t size;
  jmon_wasm_status_t st = jmon_wasm_write(m, &bytes, &size, err);
  if (st != JMON_WASM_OK) return st;
  FILE *f = fopen(path, "wb");
  if (!f) goto io_fail;
  if (fwrite(bytes, 1, size, f) != size) {
    int e = errno;
    fclose(f);
    errno = e;
    goto io_fail;
  }
  if (fclose(f) != 0) goto io_fail;
  free(bytes);
  return JMON_WASM_OK;
io_fail:
  err->status = JMON_WASM_ERR_IO;
  err->offset = 0;
  snprintf(err->message, sizeof err->message, "cannot write: %s", strerror(errno));
  free(bytes);
  return JMON_WASM_ERR_IO;
}
