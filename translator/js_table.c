/* js_table.c: emit jmon_js_info for the glue (see js_table.h). */
#include "js_table.h"

#include "text_buffer.h"
#include "../generated/quickjs_opcodes.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void tb_bytes(jmon_text_t *b, const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) jmon_text_printf(b, "%u,%s", p[i], (i % 32 == 31) ? "\n" : "");
}

static void tb_string(jmon_text_t *b, const char *s) { jmon_text_c_string(b, s, s ? strlen(s) : 0); }

/* Files: the map's sources first (index = source index), then each distinct bytecode filename. */
typedef struct { const char **names; uint32_t n, nsources; } files_t;

static int32_t file_index(files_t *fs, int32_t source, const char *filename) {
  if (source >= 0) return source;
  for (uint32_t i = fs->nsources; i < fs->n; i++)
    if (strcmp(fs->names[i], filename) == 0) return (int32_t)i;
  fs->names[fs->n] = filename;
  return (int32_t)fs->n++;
}

/* Builtins by (table index, magic), names joined for aliases (one C function and magic under
 * several names: Date.prototype.getTime / valueOf, ...). */
static int cmp_builtin(const void *a, const void *b) {
  const jmon_qjs_builtin_t *x = *(const jmon_qjs_builtin_t *const *)a, *y = *(const jmon_qjs_builtin_t *const *)b;
  if (x->table_index != y->table_index) return x->table_index < y->table_index ? -1 : 1;
  if (x->magic != y->magic) return x->magic < y->magic ? -1 : 1;
  return x < y ? -1 : x > y;   /* array order among aliases */
}

static int write_natives(jmon_text_t *b, const jmon_js_natives_t *n) {
  const jmon_qjs_layout_t *L = n ? n->layout : NULL;
  if (L) {
    jmon_text_printf(b, "static const uint8_t g_js_class_kind[%u] = {", L->nclasses);
    for (uint32_t i = 0; i < L->nclasses; i++) jmon_text_printf(b, "%u,", L->class_kind[i]);
    jmon_text_printf(b, "};\nstatic const jmon_js_layout_t g_js_layout = {%uu, %uu, %u, g_js_class_kind, "
                        "%u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, "
                        "%u, %u, %u, %u, %u, %u, %u, %u, %uu, %u, %u, %u};\n",
                     L->tag_object, L->flag_generator, L->nclasses, L->obj_class_id, L->obj_func_b, L->obj_cfunc,
                     L->obj_magic, L->obj_cfunc_data, L->b_buf, L->b_len, L->b_line, L->b_col, L->col_bias, L->async_cur_func,
                     L->ctx_rt, L->rt_class_array, L->class_size, L->class_call, L->b_func_name, L->b_realm,
                     L->b_filename, L->rt_atom_array, L->str_chars, L->obj_shape, L->obj_prop, L->gc_type_byte,
                     L->gc_type_shape, L->shape_prop_size, L->shape_prop_count, L->shape_props, L->atom_name,
                     L->tag_string, L->str_kind_word, L->ctx_global, L->atom_global_this);
  }
  size_t nb = n && n->builtins ? n->builtins->nentries : 0, nout = 0;
  const jmon_qjs_builtin_t **sorted = malloc((nb ? nb : 1) * sizeof *sorted);
  if (!sorted) return -1;
  for (size_t i = 0; i < nb; i++) sorted[i] = &n->builtins->entries[i];
  qsort(sorted, nb, sizeof *sorted, cmp_builtin);
  jmon_text_printf(b, "static const jmon_js_builtin_t g_js_builtins[%zu] = {\n", nb + 1);
  for (size_t i = 0; i < nb;) {
    size_t j = i;
    jmon_text_t name = {0};
    for (; j < nb && sorted[j]->table_index == sorted[i]->table_index && sorted[j]->magic == sorted[i]->magic; j++)
      jmon_text_printf(&name, "%s%s", j > i ? " / " : "", sorted[j]->name);
    jmon_text_printf(b, "{%uu, %d, %uu, ", sorted[i]->table_index, sorted[i]->magic, sorted[i]->wasm_func);
    jmon_text_c_string(b, name.p ? name.p : "", name.p ? strlen(name.p) : 0);
    jmon_text_printf(b, "},\n");
    if (name.failed) b->failed = true;
    free(name.p);
    nout++;
    i = j;
  }
  jmon_text_printf(b, "{0}};\n");
  free(sorted);
  size_t nt = n && n->table ? n->ntable : 0;
  jmon_text_printf(b, "static const uint32_t g_js_table[%zu] = {\n", nt + 1);
  for (size_t i = 0; i < nt; i++) jmon_text_printf(b, "%uu,%s", n->table[i], i % 16 == 15 ? "\n" : "");
  jmon_text_printf(b, "0};\n");
  jmon_text_printf(b, "#define JMON_JS_NATIVES %s, %zu, g_js_builtins, %zu, g_js_table\n", L ? "&g_js_layout" : "NULL",
                   nout, nt);
  return 0;
}

int jmon_js_table_write(const jmon_qjs_module_t *qm, const jmon_js_origin_t *origins, const jmon_smap_t *map,
                        uint32_t interp_func, uint32_t pc_load_offset, const char *quickjs, const char *warning,
                        const jmon_js_natives_t *natives, char **out) {
  jmon_text_t b = {0};
  uint32_t nf = qm ? qm->nfunctions : 0;
  size_t code_len = 0, nrows = 0;
  for (uint32_t i = 0; i < nf; i++) {
    code_len += qm->functions[i].bytecode_len;
    nrows += qm->functions[i].npc2line;
  }
  uint32_t nsources = origins && map ? map->nsources : 0;
  files_t fs = {calloc((size_t)nsources + nf + 1, sizeof(char *)), nsources, nsources};
  if (!fs.names) return -1;
  for (uint32_t i = 0; i < nsources; i++) fs.names[i] = map->sources[i];
  jmon_text_printf(&b, "#include \"js_monitor.h\"\n");
  /* One concatenated code array; the mask has a bit per code byte (atom operands). */
  jmon_text_printf(&b, "static const uint8_t g_js_code[%zu] = {\n", code_len + 1);
  for (uint32_t i = 0; i < nf; i++) tb_bytes(&b, qm->functions[i].bytecode, qm->functions[i].bytecode_len);
  jmon_text_printf(&b, "0};\n");
  uint8_t *mask = calloc(code_len / 8 + 1, 1);
  if (!mask) { free(b.p); free(fs.names); return -1; }
  size_t bit = 0;
  for (uint32_t i = 0; i < nf; i++) {
    const jmon_qjs_function_t *fn = &qm->functions[i];
    for (uint32_t k = 0; k < fn->bytecode_len; k++, bit++)
      if (fn->atom_mask[k >> 3] & (1u << (k & 7))) mask[bit >> 3] |= (uint8_t)(1u << (bit & 7));
  }
  jmon_text_printf(&b, "static const uint8_t g_js_mask[%zu] = {\n", code_len / 8 + 1);
  tb_bytes(&b, mask, code_len / 8 + 1);
  jmon_text_printf(&b, "};\n");
  free(mask);
  jmon_text_printf(&b, "static const jmon_js_line_t g_js_lines[%zu] = {\n", nrows + 1);
  for (uint32_t i = 0; i < nf; i++) {
    const char *fname = qm->functions[i].filename ? qm->functions[i].filename : "";
    for (uint32_t r = 0; r < qm->functions[i].npc2line; r++)
      jmon_text_printf(&b, "{%u,%d,%d,%d},\n", qm->functions[i].pc2line[r].pc,
                       origins ? origins[i].row_lines[r] : qm->functions[i].pc2line[r].line,
                       qm->functions[i].pc2line[r].col, file_index(&fs, origins ? origins[i].row_sources[r] : -1, fname));
  }
  jmon_text_printf(&b, "{0,0,0,0}};\n");
  jmon_text_printf(&b, "static const jmon_js_func_info_t g_js_funcs[%u] = {\n", nf + 1);
  size_t off = 0, row = 0;
  for (uint32_t i = 0; i < nf; i++) {
    const jmon_qjs_function_t *fn = &qm->functions[i];
    const jmon_js_origin_t *o = origins ? &origins[i] : NULL;
    jmon_text_printf(&b, "{");
    tb_string(&b, o ? o->name : fn->name);
    jmon_text_printf(&b, ", ");
    tb_string(&b, o ? o->file : fn->filename);
    jmon_text_printf(&b, ", %d, %d, %zu, %u, %zu, %u, ", o ? o->line : fn->line, o ? o->col : fn->col, off,
                     fn->bytecode_len, row, fn->npc2line);
    tb_string(&b, o ? o->package : "");
    jmon_text_printf(&b, ", %d, %d, %d, %d, %d, %d},\n", o ? o->gen_line : 0, o ? o->gen_col : 0, o && o->inferred,
                     file_index(&fs, o ? o->source : -1, fn->filename ? fn->filename : ""), fn->line, fn->col);
    off += fn->bytecode_len;
    row += fn->npc2line;
  }
  jmon_text_printf(&b, "{0}};\n");
  /* The opcode names of the QuickJS the bytecode was read as (never another variant's). */
  uint32_t nops = qm && qm->variant ? qm->variant->opcode_count : 0;
  if (nops) {
    jmon_text_printf(&b, "static const char *const g_js_opnames[%u] = {\n", nops);
    for (uint32_t i = 0; i < nops; i++) {
      jmon_text_c_string(&b, qm->variant->opcodes[i].name, strlen(qm->variant->opcodes[i].name));
      jmon_text_printf(&b, ",%s", i % 8 == 7 ? "\n" : " ");
    }
    jmon_text_printf(&b, "};\n");
  }
  /* Each file and its package (js_origin.h: "" unless a map named it). */
  jmon_text_printf(&b, "static const char *const g_js_files[%u] = {\n", fs.n + 1);
  for (uint32_t i = 0; i < fs.n; i++) {
    tb_string(&b, fs.names[i]);
    jmon_text_printf(&b, ",\n");
  }
  jmon_text_printf(&b, "0};\nstatic const char *const g_js_packages[%u] = {\n", fs.n + 1);
  for (uint32_t i = 0; i < fs.n; i++) {
    char pkg[256] = "";
    if (i < nsources) jmon_js_package_of(fs.names[i], pkg, sizeof pkg);
    tb_string(&b, pkg);
    jmon_text_printf(&b, ",\n");
  }
  jmon_text_printf(&b, "0};\n");
  if (write_natives(&b, natives) != 0) {
    free(b.p);
    free(fs.names);
    return -1;
  }
  jmon_text_printf(&b, "const jmon_js_info_t jmon_js_info = {%u, %u, ", interp_func, pc_load_offset);
  jmon_text_c_string(&b, quickjs, quickjs ? strlen(quickjs) : 0);
  jmon_text_printf(&b, ", %u, g_js_funcs, g_js_code, g_js_mask, g_js_lines, ", nf);
  jmon_text_c_string(&b, warning, warning ? strlen(warning) : 0);
  jmon_text_printf(&b, ", %u, %s, JMON_JS_NATIVES, %u, g_js_files, g_js_packages};\n", nops, nops ? "g_js_opnames" : "NULL", fs.n);
  free(fs.names);
  if (b.failed) {
    free(b.p);
    return -1;
  }
  *out = b.p;
  return 0;
}
