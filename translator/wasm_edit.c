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
