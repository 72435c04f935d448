/* dynamic_link.c: merge a javy dynamic module into its plugin (see dynamic_link.h for the why). */
#include "dynamic_link.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_opcodes.h"

#define WASI_MODULE "wasi_snapshot_preview1"

static jmon_link_status_t link_fail(jmon_link_result_t *res, jmon_link_status_t st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(res->message, sizeof res->message, fmt, ap);
  va_end(ap);
  return st;
}

static bool is_realloc_name(const char *name) {
  return strcmp(name, "cabi_realloc") == 0 || strcmp(name, "canonical_abi_realloc") == 0;
}

const char *jmon_link_dynamic_namespace(const jmon_wasm_module_t *m) {
  for (uint32_t i = 0; i < m->nimports; i++) {
    const jmon_import_t *imp = &m->imports[i];
    if (strcmp(imp->module, WASI_MODULE) == 0) continue;
    if (imp->kind == JMON_EXT_MEMORY ||
        (imp->kind == JMON_EXT_FUNC && (strcmp(imp->name, "invoke") == 0 || is_realloc_name(imp->name))))
      return imp->module;
  }
  return NULL;
}

static bool same_functype(const jmon_functype_t *a, const jmon_functype_t *b) {
  return a && b && a->nparams == b->nparams && a->nresults == b->nresults &&
         (a->nparams == 0 || memcmp(a->params, b->params, a->nparams) == 0) &&
         (a->nresults == 0 || memcmp(a->results, b->results, a->nresults) == 0);
}

void jmon_link_free(jmon_link_result_t *res) {
  for (uint32_t i = 0; i < res->nfunc_names; i++) free(res->func_names[i]);
  free(res->func_names);
  res->func_names = NULL;
  res->nfunc_names = 0;
}

/* Index maps from the app's index spaces to the merged module's. */
typedef struct {
  uint32_t *types, *funcs, *globals, *tables;
  uint32_t memory;        /* the plugin's memory behind the app's memory 0 */
  uint32_t data_base;     /* the app's data segment i becomes data_base + i */
} maps_t;

static jmon_link_status_t remap_instr(jmon_instr_t *in, const jmon_wasm_module_t *app, const maps_t *mp,
                                      jmon_link_result_t *res, const char *app_path) {
  switch (jmon_wasm_opcode_imm(in->opcode)) {
  case JMON_IMM_BLOCK:
    if (in->imm.block_type >= 0) {
      if ((uint64_t)in->imm.block_type >= app->ntypes) goto bad;
      in->imm.block_type = mp->types[in->imm.block_type];
    }
    break;
  case JMON_IMM_FUNC:
    if (in->imm.index >= app->nimported_funcs + app->nfuncs) goto bad;
    in->imm.index = mp->funcs[in->imm.index];
    break;
  case JMON_IMM_CALL_INDIRECT:
    if (in->imm.pair.a >= app->ntypes || in->imm.pair.b >= app->nimported_tables) goto bad;
    in->imm.pair.a = mp->types[in->imm.pair.a];
    in->imm.pair.b = mp->tables[in->imm.pair.b];
    break;
  case JMON_IMM_GLOBAL:
    if (in->imm.index >= app->nimported_globals + app->nglobals) goto bad;
    in->imm.index = mp->globals[in->imm.index];
    break;
  case JMON_IMM_TABLE:
    if (in->imm.index >= app->nimported_tables) goto bad;
    in->imm.index = mp->tables[in->imm.index];
    break;
  case JMON_IMM_TABLE_COPY:
    if (in->imm.pair.a >= app->nimported_tables || in->imm.pair.b >= app->nimported_tables) goto bad;
    in->imm.pair.a = mp->tables[in->imm.pair.a];
    in->imm.pair.b = mp->tables[in->imm.pair.b];
    break;
  case JMON_IMM_MEMORY:   /* memory.size/grow/fill: the reader accepts memory 0 only */
    in->imm.index = mp->memory;
    break;
  case JMON_IMM_MEMORY_COPY:
    in->imm.pair.a = in->imm.pair.b = mp->memory;
    break;
  case JMON_IMM_MEMORY_INIT:
    if (in->imm.pair.a >= app->ndatas) goto bad;
    in->imm.pair.a += mp->data_base;
    in->imm.pair.b = mp->memory;
    break;
  case JMON_IMM_DATA:
    if (in->imm.index >= app->ndatas) goto bad;
    in->imm.index += mp->data_base;
    break;
  case JMON_IMM_ELEM:
  case JMON_IMM_TABLE_INIT:
    goto bad;   /* the app has no element segments (checked before) */
  default:
    break;
  }
  /* Offsets are file offsets of the plugin from here on; app instructions have none. */
  in->offset = 0;
  return JMON_LINK_OK;
bad:
  return link_fail(res, JMON_LINK_UNSUPPORTED, "%s: offset 0x%x: %s refers to something the app does not have",
                   app_path, (unsigned)in->offset, jmon_wasm_opcode_name(in->opcode));
}

static char *name_with_prefix(const char *prefix, const char *name, uint32_t len) {
  size_t n = strlen(prefix) + len + 1;
  char *s = malloc(n);
  if (s) snprintf(s, n, "%s%.*s", prefix, (int)len, name);
  return s;
}

/* Profile names: the plugin's functions by its own exports (before the static-shape export
 * filter drops invoke and compile-src), the app's as app:<export> or app:f<N>. */
static jmon_link_status_t make_names(const jmon_wasm_module_t *plugin, const jmon_wasm_module_t *app,
                                     uint32_t plugin_total, jmon_link_result_t *res) {
  uint32_t total = plugin_total + app->nfuncs;
  res->func_names = calloc(total ? total : 1, sizeof *res->func_names);
  if (!res->func_names) return JMON_LINK_NOMEM;
  res->nfunc_names = total;
  for (uint32_t x = 0; x < plugin->nexports; x++) {
    const jmon_export_t *e = &plugin->exports[x];
    if (e->kind != JMON_EXT_FUNC || e->index >= plugin_total || e->index < plugin->nimported_funcs ||
        res->func_names[e->index])
      continue;
    if (!(res->func_names[e->index] = name_with_prefix("", e->name, e->name_len))) return JMON_LINK_NOMEM;
  }
  for (uint32_t i = 0; i < app->nfuncs; i++) {
    uint32_t app_index = app->nimported_funcs + i;
    const jmon_export_t *ex = NULL;
    for (uint32_t x = 0; x < app->nexports && !ex; x++)
      if (app->exports[x].kind == JMON_EXT_FUNC && app->exports[x].index == app_index) ex = &app->exports[x];
    char fallback[32];
    snprintf(fallback, sizeof fallback, "f%u", app_index);
    char *s = ex ? name_with_prefix("app:", ex->name, ex->name_len)
                 : name_with_prefix("app:", fallback, (uint32_t)strlen(fallback));
    if (!s) return JMON_LINK_NOMEM;
    res->func_names[plugin_total + i] = s;
  }
  return JMON_LINK_OK;
}

/* The plugin's exports javy's static module keeps (memory and the realloc export, in plugin
 * order), then the app's, remapped. */
static jmon_link_status_t merge_exports(jmon_wasm_module_t *plugin, const jmon_wasm_module_t *app, const maps_t *mp,
                                        jmon_link_result_t *res, const char *app_path) {
  uint32_t kept = 0;
  for (uint32_t i = 0; i < plugin->nexports; i++) {
    jmon_export_t *e = &plugin->exports[i];
    bool keep = (e->kind == JMON_EXT_MEMORY && strcmp(e->name, "memory") == 0) ||
                (e->kind == JMON_EXT_FUNC && is_realloc_name(e->name));
    if (keep) plugin->exports[kept++] = *e;
    else free(e->name);
  }
  plugin->nexports = kept;
  jmon_export_t *exports = realloc(plugin->exports, (kept + app->nexports + 1) * sizeof *exports);
  if (!exports) return JMON_LINK_NOMEM;
  plugin->exports = exports;
  for (uint32_t i = 0; i < app->nexports; i++) {
    const jmon_export_t *ae = &app->exports[i];
    for (uint32_t k = 0; k < kept; k++)
      if (strcmp(exports[k].name, ae->name) == 0)
        return link_fail(res, JMON_LINK_UNSUPPORTED, "%s: exports `%s`, a name its plugin's module keeps", app_path,
                         ae->name);
    jmon_export_t ne = *ae;
    switch (ae->kind) {
    case JMON_EXT_FUNC: ne.index = mp->funcs[ae->index]; break;
    case JMON_EXT_GLOBAL: ne.index = mp->globals[ae->index]; break;
    case JMON_EXT_MEMORY: ne.index = mp->memory; break;
    case JMON_EXT_TABLE: ne.index = mp->tables[ae->index]; break;
    default: break;
    }
    if (!(ne.name = name_with_prefix("", ae->name, ae->name_len))) return JMON_LINK_NOMEM;
    exports[plugin->nexports++] = ne;
  }
  return JMON_LINK_OK;
}

/* The plugin's export of `kind` named `name`, or NULL. */
static const jmon_export_t *plugin_export(const jmon_wasm_module_t *p, uint8_t kind, const char *name) {
  return jmon_wasm_find_export(p, kind, name);
}

static const char *kind_name(uint8_t kind) {
  static const char *const names[] = {"function", "table", "memory", "global"};
  return kind < 4 ? names[kind] : "import";
}

jmon_link_status_t jmon_link_dynamic(jmon_wasm_module_t *plugin, jmon_wasm_module_t *app,
                                     const jmon_link_options_t *opts, jmon_link_result_t *res) {
  const char *ap = opts->app_path, *pp = opts->plugin_path;
  maps_t mp = {0};
  jmon_link_status_t st = JMON_LINK_OK;

  /* The plugin: javy's ABI, and not already a javy module. */
  if (jmon_wasm_find_export(plugin, JMON_EXT_FUNC, "_start"))
    return link_fail(res, JMON_LINK_NOT_PLUGIN, "%s: --plugin: exports `_start`: it is a javy module, not a plugin", pp);
  const jmon_export_t *mem = plugin_export(plugin, JMON_EXT_MEMORY, "memory");
  if (!plugin_export(plugin, JMON_EXT_FUNC, "invoke") || !mem ||
      (!plugin_export(plugin, JMON_EXT_FUNC, "cabi_realloc") &&
       !plugin_export(plugin, JMON_EXT_FUNC, "canonical_abi_realloc")))
    return link_fail(res, JMON_LINK_NOT_PLUGIN,
                     "%s: --plugin: not a javy plugin (it must export invoke, cabi_realloc or canonical_abi_realloc, "
                     "and memory)", pp);
  if (mem->index != 0)
    return link_fail(res, JMON_LINK_UNSUPPORTED, "%s: the exported memory is not memory 0", pp);

  /* The namespace: the plugin's import_namespace section (javy's codegen requires it). */
  const jmon_custom_t *nsec = jmon_wasm_find_custom(plugin, "import_namespace");
  const char *app_ns = jmon_link_dynamic_namespace(app);
  if (nsec) {
    const uint8_t *b = nsec->owned_bytes ? nsec->owned_bytes : nsec->bytes;
    if (nsec->size == 0 || nsec->size >= sizeof res->import_namespace || memchr(b, 0, nsec->size))
      return link_fail(res, JMON_LINK_NOT_PLUGIN, "%s: its `import_namespace` custom section is not a usable name", pp);
    memcpy(res->import_namespace, b, nsec->size);
    res->import_namespace[nsec->size] = 0;
  } else if (app_ns) {
    snprintf(res->import_namespace, sizeof res->import_namespace, "%s", app_ns);
    snprintf(res->warning, sizeof res->warning,
             "%s has no `import_namespace` custom section: linking %s's imports from `%s` to it", pp, ap, app_ns);
  }
  const char *ns = res->import_namespace;
  if (!app_ns)
    return link_fail(res, JMON_LINK_NOT_DYNAMIC,
                     "%s: --plugin given, but it imports nothing from the plugin's namespace `%s`: it is not a javy "
                     "dynamic module (build a static module without --plugin)", ap, *ns ? ns : "?");
  if (strcmp(app_ns, ns) != 0)
    return link_fail(res, JMON_LINK_NAMESPACE, "%s: imports from namespace `%s`, but plugin %s's import namespace is `%s`",
                     ap, app_ns, pp, ns);
  for (uint32_t i = 0; i < app->nimports; i++) {
    const jmon_import_t *imp = &app->imports[i];
    if (strcmp(imp->module, ns) != 0)
      return link_fail(res, JMON_LINK_UNSUPPORTED,
                       "%s: imports %s.%s: a dynamic module may import only from its plugin's namespace `%s`", ap,
                       imp->module, imp->name, ns);
  }
  if (app->nmemories || app->ntables || app->nelems || app->has_start)
    return link_fail(res, JMON_LINK_UNSUPPORTED,
                     "%s: defines its own %s: not a javy dynamic module", ap,
                     app->nmemories ? "memory" : app->ntables ? "table" : app->nelems ? "element segments" : "start function");

  uint32_t plugin_total = plugin->nimported_funcs + plugin->nfuncs;
  mp.types = calloc(app->ntypes + 1, sizeof *mp.types);
  mp.funcs = calloc(app->nimported_funcs + app->nfuncs + 1, sizeof *mp.funcs);
  mp.globals = calloc(app->nimported_globals + app->nglobals + 1, sizeof *mp.globals);
  mp.tables = calloc(app->nimported_tables + 1, sizeof *mp.tables);
  if (!mp.types || !mp.funcs || !mp.globals || !mp.tables) { st = JMON_LINK_NOMEM; goto done; }
  mp.data_base = plugin->ndatas;

  /* Names first: they need the plugin's exports before the export filter below. */
  if ((st = make_names(plugin, app, plugin_total, res)) != JMON_LINK_OK) goto done;

  for (uint32_t t = 0; t < app->ntypes; t++) {
    const jmon_functype_t *ft = &app->types[t];
    long k = jmon_wasm_ensure_type(plugin, ft->params, ft->nparams, ft->results, ft->nresults);
    if (k < 0) { st = JMON_LINK_NOMEM; goto done; }
    mp.types[t] = (uint32_t)k;
  }
  plugin->present[JMON_SEC_TYPE] = true;

  /* Imports: each one the plugin's export of that name, kind and type. */
  uint32_t nf = 0, ng = 0, nt = 0;
  for (uint32_t i = 0; i < app->nimports; i++) {
    const jmon_import_t *imp = &app->imports[i];
    const jmon_export_t *e = plugin_export(plugin, imp->kind, imp->name);
    if (!e) {
      st = link_fail(res, JMON_LINK_MISSING_EXPORT, "%s: imports %s `%s.%s`, which plugin %s does not export", ap,
                     kind_name(imp->kind), imp->module, imp->name, pp);
      goto done;
    }
    switch (imp->kind) {
    case JMON_EXT_FUNC:
      if (!same_functype(imp->type_index < app->ntypes ? &app->types[imp->type_index] : NULL,
                         jmon_wasm_func_type(plugin, e->index))) {
        st = link_fail(res, JMON_LINK_MISSING_EXPORT, "%s: imports function `%s.%s` with another type than plugin %s "
                       "exports", ap, imp->module, imp->name, pp);
        goto done;
      }
      mp.funcs[nf++] = e->index;
      break;
    case JMON_EXT_GLOBAL: mp.globals[ng++] = e->index; break;
    case JMON_EXT_TABLE: mp.tables[nt++] = e->index; break;
    case JMON_EXT_MEMORY: mp.memory = e->index; break;
    default: break;
    }
  }
  for (uint32_t i = 0; i < app->nfuncs; i++) mp.funcs[app->nimported_funcs + i] = plugin_total + i;
  uint32_t plugin_globals = plugin->nimported_globals + plugin->nglobals;
  for (uint32_t i = 0; i < app->nglobals; i++) mp.globals[app->nimported_globals + i] = plugin_globals + i;

  /* Functions: moved over, every reference renumbered. */
  for (uint32_t i = 0; i < app->nfuncs; i++) {
    jmon_func_t *f = &app->funcs[i];
    if (f->type_index >= app->ntypes) {
      st = link_fail(res, JMON_LINK_UNSUPPORTED, "%s: function %u has no type", ap, app->nimported_funcs + i);
      goto done;
    }
    for (uint32_t k = 0; k < f->ninstrs; k++)
      if ((st = remap_instr(&f->instrs[k], app, &mp, res, ap)) != JMON_LINK_OK) goto done;
  }
  /* Defined globals (javy emits none; cheap to carry): appended after the plugin's. */
  if (app->nglobals) {
    jmon_global_t *g = realloc(plugin->globals, (plugin->nglobals + app->nglobals) * sizeof *g);
    if (!g) { st = JMON_LINK_NOMEM; goto done; }
    plugin->globals = g;
    for (uint32_t i = 0; i < app->nglobals; i++) {
      jmon_global_t *ng2 = &g[plugin->nglobals + i];
      *ng2 = app->globals[i];
      for (uint32_t k = 0; k < ng2->init.ninstrs; k++)
        if ((st = remap_instr(&ng2->init.instrs[k], app, &mp, res, ap)) != JMON_LINK_OK) goto done;
    }
    plugin->nglobals += app->nglobals;
    app->nglobals = 0;   /* the init expressions moved */
    plugin->present[JMON_SEC_GLOBAL] = true;
  }

  if (app->nfuncs) {
    jmon_func_t *funcs = realloc(plugin->funcs, (plugin->nfuncs + app->nfuncs) * sizeof *funcs);
    if (!funcs) { st = JMON_LINK_NOMEM; goto done; }
    plugin->funcs = funcs;
    for (uint32_t i = 0; i < app->nfuncs; i++) {
      funcs[plugin->nfuncs + i] = app->funcs[i];
      funcs[plugin->nfuncs + i].type_index = mp.types[app->funcs[i].type_index];
      funcs[plugin->nfuncs + i].body_offset = funcs[plugin->nfuncs + i].code_offset = 0;
    }
    plugin->nfuncs += app->nfuncs;
    res->app_first_func = plugin_total;
    res->app_nfuncs = app->nfuncs;
    app->nfuncs = 0;   /* ownership moved */
    plugin->present[JMON_SEC_FUNCTION] = plugin->present[JMON_SEC_CODE] = true;
  }

  /* Data: copied (the app's bytes point into its input buffer), active ones onto the plugin's memory. */
  for (uint32_t i = 0; i < app->ndatas; i++) {
    jmon_data_t d = app->datas[i];
    const uint8_t *src = d.owned_bytes ? d.owned_bytes : d.bytes;
    d.owned_bytes = malloc(d.size ? d.size : 1);
    if (!d.owned_bytes) { st = JMON_LINK_NOMEM; goto done; }
    if (d.size) memcpy(d.owned_bytes, src, d.size);
    d.bytes = d.owned_bytes;
    d.file_offset = 0;
    memset(&d.offset, 0, sizeof d.offset);
    if (d.flags != 1) {
      /* An active segment (javy emits none): its offset expression, copied and remapped. */
      d.flags = mp.memory == 0 ? 0 : 2;
      d.memory_index = mp.memory;
      d.offset.ninstrs = app->datas[i].offset.ninstrs;
      d.offset.instrs = calloc(d.offset.ninstrs + 1, sizeof *d.offset.instrs);
      if (!d.offset.instrs) { free(d.owned_bytes); st = JMON_LINK_NOMEM; goto done; }
      memcpy(d.offset.instrs, app->datas[i].offset.instrs, d.offset.ninstrs * sizeof *d.offset.instrs);
      for (uint32_t k = 0; k < d.offset.ninstrs; k++)
        if ((st = remap_instr(&d.offset.instrs[k], app, &mp, res, ap)) != JMON_LINK_OK) {
          free(d.owned_bytes);
          free(d.offset.instrs);
          goto done;
        }
    }
    if (jmon_wasm_append_data(plugin, &d) < 0) {
      free(d.owned_bytes);
      free(d.offset.instrs);
      st = JMON_LINK_NOMEM;
      goto done;
    }
  }

  st = merge_exports(plugin, app, &mp, res, ap);

done:
  if (st == JMON_LINK_NOMEM) link_fail(res, st, "out of memory while linking %s to %s", ap, pp);
  free(mp.types);
  free(mp.funcs);
  free(mp.globals);
  free(mp.tables);
  return st;
}
