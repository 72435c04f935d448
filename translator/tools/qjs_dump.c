/* qjs_dump.c: dev tool that lists the JS functions (name, file:line:col, pc2line) in QuickJS bytecode or a javy module. */
#include "../qjs_bytecode.h"
#include "../wasm_module.h"
#include "../../generated/quickjs_opcodes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void) {
  fprintf(stderr, "usage: jmon-qjs-dump [-d] FILE.bc|FILE.wasm\n"
                  "  lists each JS function of serialized QuickJS bytecode: index, name,\n"
                  "  file:line:col, bytecode length and offset, and its pc2line rows.\n"
                  "  A .wasm (javy static module) is read for its last passive data segment.\n"
                  "  -d also disassembles: pc, opcode, source line:col.\n");
  return 2;
}

static uint8_t *read_all(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  uint8_t *buf = NULL;
  size_t cap = 0, n = 0;
  for (;;) {
    if (n == cap) {
      cap = cap ? 2 * cap : 65536;
      uint8_t *nb = realloc(buf, cap);
      if (!nb) { free(buf); fclose(f); return NULL; }
      buf = nb;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) { free(buf); return NULL; }
  *size = n;
  return buf;
}

static const char *kind_name(uint8_t kind) {
  static const char *const names[] = {"normal", "generator", "async", "async_generator"};
  return kind < 4 ? names[kind] : "?";
}

static void disassemble(const jmon_qjs_module_t *m, const jmon_qjs_function_t *f) {
  uint32_t pc = 0;
  while (pc < f->bytecode_len) {
    const jmon_qjs_opcode_t *op = &m->variant->opcodes[f->bytecode[pc]];
    int32_t line, col;
    jmon_qjs_line_at(f, pc, &line, &col);
    printf("    %5u  %-24s %d:%d\n", pc, op->name, line, col);
    pc += op->size; /* the parser checked every opcode fits */
  }
}

int main(int argc, char **argv) {
  int argi = 1;
  bool dis = false;
  if (argc > 1 && strcmp(argv[1], "-d") == 0) { dis = true; argi++; }
  if (argc - argi != 1 || strcmp(argv[argi], "--help") == 0) return usage();
  const char *path = argv[argi];
  size_t size = 0;
  uint8_t *bytes = read_all(path, &size);
  if (!bytes) {
    fprintf(stderr, "jmon-qjs-dump: error: %s: cannot read\n", path);
    return 1;
  }
  const uint8_t *bc = bytes;
  size_t bc_len = size, bc_file_offset = 0;
  jmon_wasm_module_t wasm;
  memset(&wasm, 0, sizeof wasm);
  bool is_wasm = size >= 4 && memcmp(bytes, "\0asm", 4) == 0;
  if (is_wasm) {
    jmon_wasm_error_t werr;
    if (jmon_wasm_read(bytes, size, &wasm, &werr) != JMON_WASM_OK) { /* takes ownership of bytes */
      fprintf(stderr, "jmon-qjs-dump: error: %s: offset 0x%zx: %s\n", path, werr.offset, werr.message);
      return 1;
    }
    const jmon_data_t *seg = NULL;
    for (uint32_t i = 0; i < wasm.ndatas; i++)
      if (wasm.datas[i].flags == 1) seg = &wasm.datas[i];
    if (!seg) {
      fprintf(stderr, "jmon-qjs-dump: error: %s: no passive data segment (not a javy static module?)\n", path);
      jmon_wasm_free(&wasm);
      return 1;
    }
    bc = seg->bytes;
    bc_len = seg->size;
    bc_file_offset = seg->file_offset;
  }
  jmon_qjs_module_t m;
  char err[256];
  int rc = 0;
  if (jmon_qjs_parse(bc, bc_len, &m, err, sizeof err) != JMON_QJS_OK) {
    fprintf(stderr, "jmon-qjs-dump: error: %s: %s%s\n", path, is_wasm ? "in the bytecode segment: " : "", err);
    rc = 1;
    goto done;
  }
  printf("%s: QuickJS bytecode version 0x%02x (%s), %zu bytes at file offset 0x%zx, %s \"%s\", %u functions\n",
         path, m.version, m.variant->description, bc_len, bc_file_offset, m.is_module ? "module" : "script",
         m.module_name, m.nfunctions);
  for (uint32_t i = 0; i < m.nfunctions; i++) {
    const jmon_qjs_function_t *f = &m.functions[i];
    printf("#%u %s %s:%d:%d len %u at 0x%zx parent %d %s%s\n", i, f->name[0] ? f->name : "<anonymous>",
           f->filename, f->line, f->col, f->bytecode_len, f->bytecode_offset, f->parent,
           kind_name(f->func_kind), f->has_debug ? "" : " (no debug info)");
    if (f->npc2line) {
      printf("  pc2line:");
      for (uint32_t j = 0; j < f->npc2line; j++)
        printf(" %u=%d:%d", f->pc2line[j].pc, f->pc2line[j].line, f->pc2line[j].col);
      printf("\n");
    }
    if (dis) disassemble(&m, f);
  }
  jmon_qjs_free(&m);
done:
  if (is_wasm) jmon_wasm_free(&wasm); else free(bytes);
  return rc;
}
