/* js_table.c: emit jmon_js_info for the glue (see js_table.h). */
#include "js_table.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { char *p; size_t n, cap; bool failed; } tbuf_t;

static void tb_printf(tbuf_t *b, const char *fmt, ...) {
  if (b->failed) return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
    va_end(ap);
    if (need < 0) { b->failed = true; return; }
    if (b->p && b->n + (size_t)need < b->cap) { b->n += (size_t)need; return; }
    size_t cap = b->cap ? b->cap * 2 : 1 << 16;
    while (cap < b->n + (size_t)need + 1) cap *= 2;
    char *q = realloc(b->p, cap);
    if (!q) { b->failed = true; return; }
    b->p = q;
    b->cap = cap;
  }
}

static void tb_string(tbuf_t *b, const char *s) {
  if (!s) { tb_printf(b, "NULL"); return; }
  tb_printf(b, "\"");
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') tb_printf(b, "\\%c", *p);
    else if (*p < 32 || *p >= 127) tb_printf(b, "\\%03o", *p);
    else tb_printf(b, "%c", *p);
  }
  tb_printf(b, "\"");
}

static void tb_bytes(tbuf_t *b, const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) tb_printf(b, "%u,%s", p[i], (i % 32 == 31) ? "\n" : "");
}

int jmon_js_table_write(const jmon_qjs_module_t *qm, uint32_t interp_func, uint32_t pc_load_offset,
                        const char *quickjs, const char *warning, char **out) {
  tbuf_t b = {0};
  uint32_t nf = qm ? qm->nfunctions : 0;
  size_t code_len = 0, nrows = 0;
  for (uint32_t i = 0; i < nf; i++) {
    code_len += qm->functions[i].bytecode_len;
    nrows += qm->functions[i].npc2line;
  }
  tb_printf(&b, "#include \"js_monitor.h\"\n");
  /* One concatenated code array; the mask has a bit per code byte (atom operands). */
  tb_printf(&b, "static const uint8_t g_js_code[%zu] = {\n", code_len + 1);
  for (uint32_t i = 0; i < nf; i++) tb_bytes(&b, qm->functions[i].bytecode, qm->functions[i].bytecode_len);
  tb_printf(&b, "0};\n");
  uint8_t *mask = calloc(code_len / 8 + 1, 1);
  if (!mask) { free(b.p); return -1; }
  size_t bit = 0;
  for (uint32_t i = 0; i < nf; i++) {
    const jmon_qjs_function_t *fn = &qm->functions[i];
    for (uint32_t k = 0; k < fn->bytecode_len; k++, bit++)
      if (fn->atom_mask[k >> 3] & (1u << (k & 7))) mask[bit >> 3] |= (uint8_t)(1u << (bit & 7));
  }
  tb_printf(&b, "static const uint8_t g_js_mask[%zu] = {\n", code_len / 8 + 1);
  tb_bytes(&b, mask, code_len / 8 + 1);
  tb_printf(&b, "};\n");
  free(mask);
  tb_printf(&b, "static const jmon_js_line_t g_js_lines[%zu] = {\n", nrows + 1);
  for (uint32_t i = 0; i < nf; i++)
    for (uint32_t r = 0; r < qm->functions[i].npc2line; r++)
      tb_printf(&b, "{%u,%d,%d},\n", qm->functions[i].pc2line[r].pc, qm->functions[i].pc2line[r].line,
                qm->functions[i].pc2line[r].col);
  tb_printf(&b, "{0,0,0}};\n");
  tb_printf(&b, "static const jmon_js_func_info_t g_js_funcs[%u] = {\n", nf + 1);
  size_t off = 0, row = 0;
  for (uint32_t i = 0; i < nf; i++) {
    const jmon_qjs_function_t *fn = &qm->functions[i];
    tb_printf(&b, "{");
    tb_string(&b, fn->name);
    tb_printf(&b, ", ");
    tb_string(&b, fn->filename);
    tb_printf(&b, ", %d, %d, %zu, %u, %zu, %u},\n", fn->line, fn->col, off, fn->bytecode_len, row, fn->npc2line);
    off += fn->bytecode_len;
    row += fn->npc2line;
  }
  tb_printf(&b, "{0}};\n");
  tb_printf(&b, "const jmon_js_info_t jmon_js_info = {%u, %u, ", interp_func, pc_load_offset);
  tb_string(&b, quickjs);
  tb_printf(&b, ", %u, g_js_funcs, g_js_code, g_js_mask, g_js_lines, ", nf);
  tb_string(&b, warning);
  tb_printf(&b, "};\n");
  if (b.failed) {
    free(b.p);
    return -1;
  }
  *out = b.p;
  return 0;
}
