/* wasm_edit.c: small edits of a decoded module shared by the rewriter and the test tools. */
#include <stdlib.h>
#include <string.h>

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
