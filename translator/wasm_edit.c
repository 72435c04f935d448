/* wasm_edit.c: small edits of a decoded module shared by the rewriter and the test tools. */
#include <stdlib.h>
#include <string.h>

#include "leb128.h"
#include "wasm_module.h"

long jmon_wasm_ensure_type(jmon_wasm_module_t *m, const uint8_t *params, uint32_t np,
                           const uint8_t *results, uint32_t nr) {
  for (uint32_t t = 0; t < m->ntypes; t++) {
    const jmon_functype_t *ft = &m->types[t];
    /* (an empty list may be a NULL array: memcmp must not see it) */
    if (ft->nparams == np && ft->nresults == nr && (np == 0 || memcmp(ft->params, params, np) == 0) &&
        (nr == 0 || memcmp(ft->results, results, nr) == 0))
      return t;
  }
  jmon_functype_t *types = realloc(m->types, (m->ntypes + 1) * sizeof *types);
  if (!types) return -1;
  m->types = types;
  jmon_functype_t *ft = &m->types[m->ntypes];
  memset(ft, 0, sizeof *ft);
  ft->params = malloc(np ? np : 1);
  ft->results = malloc(nr ? nr : 1);
  if (!ft->params || !ft->results) {
    free(ft->params);
    free(ft->results);
    return -1;
  }
  if (np) memcpy(ft->params, params, np);
  if (nr) memcpy(ft->results, results, nr);
  ft->nparams = np;
  ft->nresults = nr;
  return m->ntypes++;
}

/* ---- function names: the "name" custom section (tool-conventions, Names subsection id 1:
 * vec(func index u32, name vec(byte))) ---- */

static int read_u32(const uint8_t *b, size_t end, size_t *pos, uint32_t *v) {
  uint64_t x;
  size_t err_pos;
  if (jmon_leb128_read_u(b, end, pos, 32, &x, &err_pos) != JMON_LEB128_OK) return -1;
  *v = (uint32_t)x;
  return 0;
}

char **jmon_wasm_function_names(const jmon_wasm_module_t *m) {
  const jmon_custom_t *c = jmon_wasm_find_custom(m, "name");
  uint32_t nfuncs = m->nimported_funcs + m->nfuncs;
  if (!c || !nfuncs) return NULL;
  char **names = calloc(nfuncs, sizeof *names);
  if (!names) return NULL;
  const uint8_t *b = c->bytes;
  size_t pos = 0, end = c->size;
  while (pos < end) {
    uint8_t id = b[pos++];
    uint32_t size;
    if (read_u32(b, end, &pos, &size) != 0 || size > end - pos) break;
    size_t sub_end = pos + size;
    if (id == 1) {
      uint32_t count;
      if (read_u32(b, sub_end, &pos, &count) != 0) break;
      for (uint32_t i = 0; i < count; i++) {
        uint32_t idx, len;
        if (read_u32(b, sub_end, &pos, &idx) != 0 || read_u32(b, sub_end, &pos, &len) != 0 ||
            len > sub_end - pos)
          break;
        if (idx < nfuncs && !names[idx] && len > 0) {
          names[idx] = malloc(len + 1);
          if (!names[idx]) {
            jmon_wasm_free_names(names, nfuncs);
            return NULL;
          }
          memcpy(names[idx], b + pos, len);
          names[idx][len] = '\0';
        }
        pos += len;
      }
    }
    pos = sub_end;
  }
  return names;
}

void jmon_wasm_free_names(char **names, uint32_t n) {
  if (!names) return;
  for (uint32_t i = 0; i < n; i++) free(names[i]);
  free(names);
}

int jmon_wasm_set_function_names(jmon_wasm_module_t *m, const char *const *names, uint32_t first,
                                 uint32_t count) {
  /* Payload: subsection 1 = vec of (index, name), indices ascending. */
  size_t body = jmon_leb128_size_u(count);
  for (uint32_t i = 0; i < count; i++) {
    size_t len = strlen(names[i]);
    body += jmon_leb128_size_u(first + i) + jmon_leb128_size_u(len) + len;
  }
  size_t total = 1 + jmon_leb128_size_u(body) + body;
  if (total > UINT32_MAX) return -1;
  uint8_t *p = malloc(total), *q = p;
  char *cname = malloc(5);
  if (!p || !cname) {
    free(p);
    free(cname);
    return -1;
  }
  memcpy(cname, "name", 5);
  *q++ = 1;
  q += jmon_leb128_write_u(q, body);
  q += jmon_leb128_write_u(q, count);
  for (uint32_t i = 0; i < count; i++) {
    size_t len = strlen(names[i]);
    q += jmon_leb128_write_u(q, first + i);
    q += jmon_leb128_write_u(q, len);
    memcpy(q, names[i], len);
    q += len;
  }
  /* Drop an old name section; the new one goes after the last section, where tools expect it. */
  uint32_t k = 0;
  for (uint32_t i = 0; i < m->ncustoms; i++) {
    jmon_custom_t *c = &m->customs[i];
    if (c->name_len == 4 && memcmp(c->name, "name", 4) == 0) {
      free(c->name);
      free(c->owned_bytes);
      continue;
    }
    m->customs[k++] = *c;
  }
  m->ncustoms = k;
  jmon_custom_t *cs = realloc(m->customs, (m->ncustoms + 1) * sizeof *cs);
  if (!cs) {
    free(p);
    free(cname);
    return -1;
  }
  m->customs = cs;
  jmon_custom_t *c = &m->customs[m->ncustoms++];
  memset(c, 0, sizeof *c);
  c->name = cname;
  c->name_len = 4;
  c->owned_bytes = p;
  c->bytes = p;
  c->size = (uint32_t)total;
  c->after_section = JMON_SEC_DATA;   /* written after the last section, present or not */
  return 0;
}

/* Put section `id` into the recorded section order before the first of `before` (or at the end). */
static void note_section(jmon_wasm_module_t *m, uint8_t id, uint8_t before_a, uint8_t before_b) {
  if (m->present[id]) return;
  m->present[id] = true;
  if (m->nsection_order >= sizeof m->section_order) return;
  uint32_t pos = m->nsection_order;
  for (uint32_t i = 0; i < m->nsection_order; i++)
    if (m->section_order[i] == before_a || m->section_order[i] == before_b) { pos = i; break; }
  memmove(&m->section_order[pos + 1], &m->section_order[pos], m->nsection_order - pos);
  m->section_order[pos] = id;
  m->nsection_order++;
}

long jmon_wasm_append_data(jmon_wasm_module_t *m, const jmon_data_t *d) {
  jmon_data_t *datas = realloc(m->datas, (m->ndatas + 1) * sizeof *datas);
  if (!datas) return -1;
  m->datas = datas;
  datas[m->ndatas] = *d;
  m->datacount = m->ndatas + 1;
  if (!m->has_datacount) {
    m->has_datacount = true;
    note_section(m, JMON_SEC_DATACOUNT, JMON_SEC_CODE, JMON_SEC_DATA);
  }
  note_section(m, JMON_SEC_DATA, 0xff, 0xff);
  return m->ndatas++;
}
