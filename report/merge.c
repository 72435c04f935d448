/* merge.c: profile merge by identity on a mutable JSON tree (the rule is in merge.h). */
#include "merge.h"

#include "read_file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct mval mval_t;

/* Identity string -> item index, open addressing (arrays of objects only). */
typedef struct {
  size_t *slot;  /* item index + 1; 0 = empty */
  size_t cap;
} index_t;

struct mval {
  jmon_json_type_t type;
  bool boolean, is_uint;
  double number;
  uint64_t uint;
  char *string;
  size_t count, cap;   /* ARRAY/OBJECT */
  char **keys;         /* OBJECT */
  mval_t *items;
  char **ids;          /* ARRAY of objects: identity per item */
  index_t index;
  uint32_t js_id;      /* js_functions items: merged (internal) id */
  bool placeholder;    /* a top-level field reserved (key order) but not merged yet */
};

typedef struct {
  char *s;
  size_t n, cap;
  bool oom;
} buf_t;

struct jmon_merge {
  mval_t root;
  bool started, oom;
  size_t profiles, with_wasm_stacks, inputs;
  uint32_t njs;            /* internal JS ids handed out */
  uint32_t *idmap_from, *idmap_to;  /* the current input's js id map (sorted by from) */
  size_t nidmap;
  buf_t scratch;           /* identity of the item being merged */
};

/* ---- mutable tree ---------------------------------------------------------------------- */

static void mval_free(mval_t *v) {
  free(v->string);
  for (size_t i = 0; i < v->count; i++) {
    mval_free(&v->items[i]);
    if (v->keys) free(v->keys[i]);
    if (v->ids) free(v->ids[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->ids);
  free(v->index.slot);
  memset(v, 0, sizeof *v);
}

static int reserve(mval_t *v, size_t n) {
  if (n <= v->cap) return 0;
  size_t cap = v->cap ? v->cap * 2 : 8;
  while (cap < n) cap *= 2;
  mval_t *items = realloc(v->items, cap * sizeof *items);
  if (!items) return -1;
  v->items = items;
  if (v->type == JMON_JSON_OBJECT) {
    char **keys = realloc(v->keys, cap * sizeof *keys);
    if (!keys) return -1;
    v->keys = keys;
  }
  if (v->ids || v->type == JMON_JSON_ARRAY) {
    char **ids = realloc(v->ids, cap * sizeof *ids);
    if (!ids) return -1;
    if (!v->ids) memset(ids, 0, cap * sizeof *ids);
    v->ids = ids;
  }
  v->cap = cap;
  return 0;
}

static int copy(mval_t *dst, const jmon_json_t *src) {
  memset(dst, 0, sizeof *dst);
  dst->type = src->type;
  dst->boolean = src->boolean;
  dst->number = src->number;
  dst->is_uint = src->is_uint;
  dst->uint = src->uint;
  if (src->type == JMON_JSON_STRING) return (dst->string = strdup(src->string)) ? 0 : -1;
  if (src->type != JMON_JSON_ARRAY && src->type != JMON_JSON_OBJECT) return 0;
  if (reserve(dst, src->count) != 0) return -1;
  for (size_t i = 0; i < src->count; i++) {
    if (dst->keys && !(dst->keys[i] = strdup(src->keys[i]))) return -1;
    if (dst->ids) dst->ids[i] = NULL;
    dst->count = i + 1;
    if (copy(&dst->items[i], &src->items[i]) != 0) return -1;
  }
  return 0;
}

static mval_t *field(mval_t *obj, const char *key) {
  for (size_t i = 0; obj->type == JMON_JSON_OBJECT && i < obj->count; i++)
    if (!strcmp(obj->keys[i], key)) return &obj->items[i];
  return NULL;
}

static void remove_field(mval_t *obj, const char *key) {
  for (size_t i = 0; i < obj->count; i++)
    if (!strcmp(obj->keys[i], key)) {
      mval_free(&obj->items[i]);
      free(obj->keys[i]);
      memmove(&obj->items[i], &obj->items[i + 1], (obj->count - i - 1) * sizeof *obj->items);
      memmove(&obj->keys[i], &obj->keys[i + 1], (obj->count - i - 1) * sizeof *obj->keys);
      obj->count--;
      return;
    }
}

/* ---- identity -------------------------------------------------------------------------- */


static void put(buf_t *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 128;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) {
      b->oom = true;
      return;
    }
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

static void put_u64(buf_t *b, uint64_t v) {
  char t[24];
  put(b, t, (size_t)snprintf(t, sizeof t, "%" PRIu64, v));
}

/* Integers that measure (summed); every other integer names (identity), except keep_first.
 * Summing an integer that names something (an index) would corrupt it silently, while an
 * unknown measure taken as identity only keeps items apart (sums stay right): so measures are
 * the listed ones. */
static const char *const measures[] = {"calls", "resumes", "count", "fuel", "samples"};
static const char *const measure_suffixes[] = {"_fuel", "_calls", "_count", "_resumes"};
static const char *const keep_first[] = {"addr", "schema", "id"};

static bool in_list(const char *key, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(key, list[i])) return true;
  return false;
}
#define IN(key, list) in_list(key, list, sizeof list / sizeof *list)

static bool is_measure(const char *key) {
  if (IN(key, measures)) return true;
  size_t n = strlen(key);
  for (size_t i = 0; i < sizeof measure_suffixes / sizeof *measure_suffixes; i++) {
    size_t k = strlen(measure_suffixes[i]);
    if (n > k && !strcmp(key + n - k, measure_suffixes[i])) return true;
  }
  return false;
}

static bool uint_array(const jmon_json_t *v) {
  if (v->type != JMON_JSON_ARRAY) return false;
  for (size_t i = 0; i < v->count; i++)
    if (v->items[i].type != JMON_JSON_NUMBER || !v->items[i].is_uint) return false;
  return true;
}

static bool objects_array(const jmon_json_t *v) {
  if (v->type != JMON_JSON_ARRAY) return false;
  for (size_t i = 0; i < v->count; i++)
    if (v->items[i].type != JMON_JSON_OBJECT) return false;
  return true;
}

static bool mobjects_array(const mval_t *v) {
  if (v->type != JMON_JSON_ARRAY) return false;
  for (size_t i = 0; i < v->count; i++)
    if (v->items[i].type != JMON_JSON_OBJECT) return false;
  return true;
}

static bool is_identity(const char *key, const jmon_json_t *v) {
  switch (v->type) {
    case JMON_JSON_STRING: case JMON_JSON_BOOL: case JMON_JSON_NULL: return true;
    case JMON_JSON_NUMBER: return v->is_uint && !is_measure(key) && !IN(key, keep_first);
    case JMON_JSON_ARRAY: return v->count > 0 && uint_array(v);
    default: return false;
  }
}

/* How an item of a top-level array is read: js_functions drop their run-local id, js_stacks
 * frames and the `id` of other js_* arrays (js_builtins) are JS ids mapped through the input's
 * id map;  * frames go through the input's id map. */
typedef struct {
  bool skip_id, map_frames, map_id;
} mode_t_;

static int map_js_id(jmon_merge_t *m, uint64_t from, uint64_t *to) {
  size_t lo = 0, hi = m->nidmap;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (m->idmap_from[mid] == from) {
      *to = m->idmap_to[mid];
      return 0;
    }
    if (m->idmap_from[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/* A frame no js_functions entry names keeps a distinct, stable id above the rest. */
static uint64_t mapped_frame(jmon_merge_t *m, uint64_t f) {
  uint64_t to;
  return map_js_id(m, f, &to) == 0 ? to : (0x80000000u | (f & 0x7fffffff));
}

/* The identity string of an object item (its identity fields in key order) into m->scratch. */
static int identity(jmon_merge_t *m, const jmon_json_t *item, mode_t_ mode) {
  enum { MAXK = 64 };
  size_t idx[MAXK], n = 0;
  for (size_t i = 0; i < item->count && n < MAXK; i++) {
    if (mode.skip_id && !strcmp(item->keys[i], "id")) continue;
    if (!is_identity(item->keys[i], &item->items[i])) continue;
    size_t k = n++;  /* insertion sort: a handful of keys */
    while (k && strcmp(item->keys[idx[k - 1]], item->keys[i]) > 0) {
      idx[k] = idx[k - 1];
      k--;
    }
    idx[k] = i;
  }
  buf_t *b = &m->scratch;
  b->n = 0;
  put(b, "", 0);
  for (size_t k = 0; k < n; k++) {
    const char *key = item->keys[idx[k]];
    const jmon_json_t *v = &item->items[idx[k]];
    put(b, key, strlen(key));
    put(b, "\x1f", 1);
    if (v->type == JMON_JSON_STRING) put(b, v->string, strlen(v->string));
    else if (v->type == JMON_JSON_BOOL) put(b, v->boolean ? "true" : "false", v->boolean ? 4 : 5);
    else if (v->type == JMON_JSON_NULL) put(b, "null", 4);
    else if (v->type == JMON_JSON_NUMBER) put_u64(b, v->uint);
    else
      for (size_t i = 0; i < v->count; i++) {
        bool frames = mode.map_frames && !strcmp(key, "frames");
        put_u64(b, frames ? mapped_frame(m, v->items[i].uint) : v->items[i].uint);
        put(b, ",", 1);
      }
    put(b, "\x1e", 1);
  }
  return b->oom ? -1 : 0;
}

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* Index of the item with identity `id`, or SIZE_MAX. */
static size_t lookup(const mval_t *arr, const char *id) {
  if (!arr->index.cap) return SIZE_MAX;
  for (size_t h = hash(id) & (arr->index.cap - 1);; h = (h + 1) & (arr->index.cap - 1)) {
    size_t s = arr->index.slot[h];
    if (!s) return SIZE_MAX;
    if (!strcmp(arr->ids[s - 1], id)) return s - 1;
  }
}

static void index_insert(index_t *ix, char **ids, size_t item) {
  size_t h = hash(ids[item]) & (ix->cap - 1);
  while (ix->slot[h]) h = (h + 1) & (ix->cap - 1);
  ix->slot[h] = item + 1;
}

static int index_add(mval_t *arr, size_t item) {
  if ((arr->count + 1) * 2 > arr->index.cap) {
    size_t cap = arr->index.cap ? arr->index.cap * 2 : 64;
    while ((arr->count + 1) * 2 > cap) cap *= 2;
    size_t *slot = calloc(cap, sizeof *slot);
    if (!slot) return -1;
    free(arr->index.slot);
    arr->index = (index_t){slot, cap};
    for (size_t i = 0; i < arr->count; i++)
      if (i != item && arr->ids[i]) index_insert(&arr->index, arr->ids, i);
  }
  index_insert(&arr->index, arr->ids, item);
  return 0;
}

/* ---- merging --------------------------------------------------------------------------- */

static int merge_fields(jmon_merge_t *m, mval_t *acc, const jmon_json_t *src, bool top,
                        bool skip_id);
static int merge_array(jmon_merge_t *m, mval_t *acc, const jmon_json_t *src, const char *key,
                       bool top);

/* Append field `key` to object acc. @return its value (type NULL), or NULL on OOM. */
static mval_t *add_field(mval_t *acc, const char *key) {
  if (reserve(acc, acc->count + 1) != 0) return NULL;
  size_t at = acc->count;
  if (!(acc->keys[at] = strdup(key))) return NULL;
  acc->items[at] = (mval_t){.type = JMON_JSON_NULL};
  acc->count++;
  return &acc->items[at];
}

/* A first-seen value: arrays of objects get identities (they merge later), the rest is copied. */
static int adopt(jmon_merge_t *m, mval_t *dst, const jmon_json_t *src, const char *key, bool top) {
  if (objects_array(src)) {
    *dst = (mval_t){.type = JMON_JSON_ARRAY};
    return merge_array(m, dst, src, key, top);
  }
  return copy(dst, src);
}

/* A first-seen item of an array of objects. */
static int adopt_item(jmon_merge_t *m, mval_t *dst, const jmon_json_t *src, mode_t_ mode) {
  *dst = (mval_t){.type = JMON_JSON_OBJECT};
  for (size_t i = 0; i < src->count; i++) {
    const char *key = src->keys[i];
    if (mode.skip_id && !strcmp(key, "id")) continue;
    mval_t *f = add_field(dst, key);
    if (!f || adopt(m, f, &src->items[i], key, false) != 0) return -1;
    if (mode.map_id && !strcmp(key, "id") && f->type == JMON_JSON_NUMBER && f->is_uint)
      f->uint = mapped_frame(m, f->uint);
    if (mode.map_frames && !strcmp(key, "frames") && f->type == JMON_JSON_ARRAY)
      for (size_t k = 0; k < f->count; k++) f->items[k].uint = mapped_frame(m, f->items[k].uint);
  }
  return 0;
}

static int merge_array(jmon_merge_t *m, mval_t *acc, const jmon_json_t *src, const char *key,
                       bool top) {
  bool js_funcs = top && !strcmp(key, "js_functions");
  mode_t_ mode = {js_funcs, top && !strcmp(key, "js_stacks"),
                  top && !js_funcs && !strncmp(key, "js_", 3)};
  if (js_funcs) {
    m->nidmap = 0;
    free(m->idmap_from);
    free(m->idmap_to);
    m->idmap_from = malloc((src->count ? src->count : 1) * sizeof *m->idmap_from);
    m->idmap_to = malloc((src->count ? src->count : 1) * sizeof *m->idmap_to);
    if (!m->idmap_from || !m->idmap_to) return -1;
  }
  for (size_t i = 0; i < src->count; i++) {
    const jmon_json_t *it = &src->items[i];
    if (it->type != JMON_JSON_OBJECT) continue;
    if (identity(m, it, mode) != 0) return -1;
    size_t at = lookup(acc, m->scratch.s);
    if (at == SIZE_MAX) {
      if (reserve(acc, acc->count + 1) != 0) return -1;
      at = acc->count;
      acc->ids[at] = NULL;
      acc->items[at] = (mval_t){.type = JMON_JSON_OBJECT};
      acc->count++;
      if (!(acc->ids[at] = strdup(m->scratch.s)) || index_add(acc, at) != 0 ||
          adopt_item(m, &acc->items[at], it, mode) != 0)
        return -1;
      if (js_funcs) acc->items[at].js_id = m->njs++;
    } else if (merge_fields(m, &acc->items[at], it, false, mode.skip_id) != 0) {
      return -1;
    }
    const jmon_json_t *idv = js_funcs ? jmon_json_get(it, "id") : NULL;
    if (idv && idv->is_uint && idv->uint <= UINT32_MAX) {
      /* insertion sort keeps the map sorted; the writer lists ids in order anyway */
      size_t k = m->nidmap++;
      while (k && m->idmap_from[k - 1] > idv->uint) {
        m->idmap_from[k] = m->idmap_from[k - 1];
        m->idmap_to[k] = m->idmap_to[k - 1];
        k--;
      }
      m->idmap_from[k] = (uint32_t)idv->uint;
      m->idmap_to[k] = acc->items[at].js_id;
    }
  }
  return 0;
}

static bool exit_is_clean(const jmon_json_t *ex) {
  const jmon_json_t *code = jmon_json_get(ex, "code"), *trap = jmon_json_get(ex, "trap");
  return (!code || (code->type == JMON_JSON_NUMBER && code->number == 0)) &&
         (!trap || trap->type == JMON_JSON_NULL);
}

static bool mexit_is_clean(mval_t *ex) {
  const mval_t *code = field(ex, "code"), *trap = field(ex, "trap");
  return (!code || (code->type == JMON_JSON_NUMBER && code->number == 0)) &&
         (!trap || trap->type == JMON_JSON_NULL);
}

/* Merge object `src` into object `acc`. */
static int merge_fields(jmon_merge_t *m, mval_t *acc, const jmon_json_t *src, bool top,
                        bool skip_id) {
  /* js_functions first: js_stacks and js_builtins need this input's id map. A top-level key
   * seen for the first time is reserved in pass 0, so the output keeps the input's key order. */
  for (int pass = 0; pass < (top ? 2 : 1); pass++)
    for (size_t i = 0; i < src->count; i++) {
      const char *key = src->keys[i];
      bool late = top && strcmp(key, "js_functions");
      const jmon_json_t *s = &src->items[i];
      mval_t *a = field(acc, key);
      if ((top && !strcmp(key, "merged_profiles")) || (skip_id && !strcmp(key, "id"))) continue;
      if (pass == 1 && !late) continue;
      if (pass == 0 && late) {
        if (!a) {
          if (!(a = add_field(acc, key))) return -1;
          a->placeholder = true;
        }
        continue;
      }
      if (a && a->placeholder) {
        a->placeholder = false;
        if (adopt(m, a, s, key, top) != 0) return -1;
      } else if (!a) {
        mval_t *f = add_field(acc, key);
        if (!f || adopt(m, f, s, key, top) != 0) return -1;
      } else if (top && !strcmp(key, "exit")) {
        if (mexit_is_clean(a) && !exit_is_clean(s)) {
          mval_free(a);
          if (copy(a, s) != 0) return -1;
        }
      } else if (top && !strcmp(key, "warnings") && a->type == JMON_JSON_ARRAY &&
                 s->type == JMON_JSON_ARRAY) {
        for (size_t k = 0; k < s->count; k++) {
          bool seen = s->items[k].type != JMON_JSON_STRING;
          for (size_t j = 0; j < a->count && !seen; j++)
            seen = a->items[j].type == JMON_JSON_STRING && !strcmp(a->items[j].string, s->items[k].string);
          if (seen || a->count >= 1000) continue;
          if (reserve(a, a->count + 1) != 0) return -1;
          a->ids[a->count] = NULL;
          if (copy(&a->items[a->count++], &s->items[k]) != 0) return -1;
        }
      } else if (a->type == JMON_JSON_NUMBER && s->type == JMON_JSON_NUMBER && a->is_uint &&
                 s->is_uint && is_measure(key)) {
        a->uint = a->uint + s->uint < a->uint ? UINT64_MAX : a->uint + s->uint;
        a->number = (double)a->uint;
      } else if (mobjects_array(a) && objects_array(s)) {
        if (merge_array(m, a, s, key, top) != 0) return -1;
      }
      /* anything else (strings, floats, objects such as interpreter) keeps the first value */
    }
  return 0;
}

jmon_merge_t *jmon_merge_new(void) {
  jmon_merge_t *m = calloc(1, sizeof *m);
  if (m) m->root.type = JMON_JSON_OBJECT;
  return m;
}

size_t jmon_merge_count(const jmon_merge_t *m) { return m->profiles; }

static const char *str_of(const jmon_json_t *doc, const char *key) {
  const jmon_json_t *v = jmon_json_get(doc, key);
  return v && v->type == JMON_JSON_STRING ? v->string : NULL;
}

static const char *mstr_of(mval_t *obj, const char *key) {
  mval_t *v = field(obj, key);
  return v && v->type == JMON_JSON_STRING ? v->string : NULL;
}

int jmon_merge_add(jmon_merge_t *m, const jmon_json_t *doc, const char *name, char *err,
                   size_t errsz) {
  const jmon_json_t *tf = jmon_json_get(doc, "total_fuel");
  if (!doc || doc->type != JMON_JSON_OBJECT || !tf || !tf->is_uint) {
    snprintf(err, errsz, "%s: not a jmon profile (no integer total_fuel)", name);
    return -1;
  }
  if (m->started) {
    static const char *const same[] = {"module_sha256", "probes", "fuel_model"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
      const char *a = mstr_of(&m->root, same[i]), *b = str_of(doc, same[i]);
      if ((a || b) && (!a || !b || strcmp(a, b))) {
        snprintf(err, errsz, "%s: different %s (%.16s vs %.16s of the first profile): merge only "
                 "profiles of one app_mon", name, !strcmp(same[i], "module_sha256") ?
                 "module (module_sha256" : same[i], b ? b : "none", a ? a : "none");
        if (!strcmp(same[i], "module_sha256")) {
          /* "different module (module_sha256 X vs Y ...)": close the parenthesis */
          snprintf(err, errsz, "%s: different module (module_sha256 %.16s... vs %.16s... of the "
                   "first profile): merge only profiles of one app_mon", name, b ? b : "none",
                   a ? a : "none");
        }
        return -1;
      }
    }
  }
  const jmon_json_t *mp = jmon_json_get(doc, "merged_profiles");
  m->profiles += mp && mp->is_uint && mp->uint ? mp->uint : 1;
  m->inputs++;
  m->nidmap = 0;
  if (jmon_json_get(doc, "wasm_stacks")) m->with_wasm_stacks++;
  int rc = merge_fields(m, &m->root, doc, true, false);
  m->started = true;
  if (rc != 0) {
    m->oom = true;
    snprintf(err, errsz, "out of memory");
  }
  return rc;
}

int jmon_merge_add_file(jmon_merge_t *m, const char *path, char *err, size_t errsz) {
  size_t len;
  char *text = jmon_read_file(path, &len, err, errsz);
  if (!text) return -1;
  char jerr[200];
  jmon_json_t *doc = jmon_json_parse(text, len, jerr, sizeof jerr);
  free(text);
  if (!doc) {
    snprintf(err, errsz, "%s: not a JSON profile: %s", path, jerr);
    return -1;
  }
  int rc = jmon_merge_add(m, doc, path, err, errsz);
  jmon_json_free(doc);
  return rc;
}

/* ---- output ---------------------------------------------------------------------------- */

typedef struct {
  const mval_t *arr;
  const uint32_t *rank;  /* js_stacks: internal js id -> output id */
} sort_ctx_t;
static sort_ctx_t sort_ctx;

static uint64_t weight(const mval_t *item) {
  const mval_t *w = field((mval_t *)item, "self_fuel");
  if (!w) w = field((mval_t *)item, "fuel");
  return w && w->is_uint ? w->uint : 0;
}

static uint64_t out_frame(uint64_t f) {
  return f < 0x80000000u && sort_ctx.rank ? sort_ctx.rank[f] : f;
}

static int cmp_items(const void *pa, const void *pb) {
  size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
  const mval_t *x = &sort_ctx.arr->items[a], *y = &sort_ctx.arr->items[b];
  uint64_t wx = weight(x), wy = weight(y);
  if (wx != wy) return wx < wy ? 1 : -1;
  if (sort_ctx.rank) {
    const mval_t *fx = field((mval_t *)x, "frames"), *fy = field((mval_t *)y, "frames");
    size_t nx = fx ? fx->count : 0, ny = fy ? fy->count : 0;
    for (size_t i = 0; i < nx && i < ny; i++) {
      uint64_t u = out_frame(fx->items[i].uint), v = out_frame(fy->items[i].uint);
      if (u != v) return u < v ? -1 : 1;
    }
    if (nx != ny) return nx < ny ? -1 : 1;
  }
  const char *ix = sort_ctx.arr->ids[a], *iy = sort_ctx.arr->ids[b];
  return strcmp(ix ? ix : "", iy ? iy : "");
}

/* Item order for an array of objects (NULL for other arrays, or on OOM with *oom set). */
static size_t *order(const mval_t *arr, const uint32_t *rank, bool *oom) {
  if (!mobjects_array(arr) || !arr->ids) return NULL;
  size_t *idx = malloc((arr->count ? arr->count : 1) * sizeof *idx);
  if (!idx) {
    *oom = true;
    return NULL;
  }
  for (size_t i = 0; i < arr->count; i++) idx[i] = i;
  sort_ctx = (sort_ctx_t){arr, rank};
  qsort(idx, arr->count, sizeof *idx, cmp_items);
  return idx;
}

static void write_value(FILE *o, const mval_t *v, const uint32_t *rank, bool *oom);

static void write_number(FILE *o, const mval_t *v) {
  if (v->is_uint) fprintf(o, "%" PRIu64, v->uint);
  else fprintf(o, "%.17g", v->number);
}

static void write_object(FILE *o, const mval_t *v, const uint32_t *rank, bool *oom,
                         int64_t js_id) {
  fputc('{', o);
  bool first = true;
  if (js_id >= 0) {
    fprintf(o, "\"id\": %" PRId64, js_id);
    first = false;
  }
  for (size_t i = 0; i < v->count; i++) {
    if (!first) fputs(", ", o);
    first = false;
    jmon_json_write_string(o, v->keys[i]);
    fputs(": ", o);
    write_value(o, &v->items[i], rank, oom);
  }
  fputc('}', o);
}

static void write_value(FILE *o, const mval_t *v, const uint32_t *rank, bool *oom) {
  switch (v->type) {
    case JMON_JSON_NULL: fputs("null", o); break;
    case JMON_JSON_BOOL: fputs(v->boolean ? "true" : "false", o); break;
    case JMON_JSON_NUMBER: write_number(o, v); break;
    case JMON_JSON_STRING: jmon_json_write_string(o, v->string); break;
    case JMON_JSON_OBJECT: write_object(o, v, rank, oom, -1); break;
    case JMON_JSON_ARRAY: {
      size_t *idx = order(v, NULL, oom);
      fputc('[', o);
      for (size_t i = 0; i < v->count; i++) {
        if (i) fputs(", ", o);
        write_value(o, &v->items[idx ? idx[i] : i], rank, oom);
      }
      fputc(']', o);
      free(idx);
      break;
    }
  }
}

int jmon_merge_write(jmon_merge_t *m, FILE *o, char *err, size_t errsz) {
  if (!m->started) {
    snprintf(err, errsz, "nothing to merge");
    return -1;
  }
  bool oom = m->oom;
  mval_t *root = &m->root;
  if (m->with_wasm_stacks && m->with_wasm_stacks != m->inputs) remove_field(root, "wasm_stacks");
  /* Output JS ids: the rank of each function in the sorted js_functions. */
  mval_t *jf = field(root, "js_functions");
  size_t *jorder = jf ? order(jf, NULL, &oom) : NULL;
  uint32_t *rank = calloc(m->njs ? m->njs : 1, sizeof *rank);
  if (!rank) oom = true;
  for (size_t k = 0; jorder && rank && k < jf->count; k++) rank[jf->items[jorder[k]].js_id] = (uint32_t)k;
  fputs("{\n", o);
  if (!field(root, "tool")) fprintf(o, "  \"merged_profiles\": %zu%s", m->profiles, root->count ? ",\n" : "");
  for (size_t i = 0; i < root->count && !oom; i++) {
    const char *key = root->keys[i];
    const mval_t *v = &root->items[i];
    if (i) fputs(",\n", o);
    fputs("  ", o);
    jmon_json_write_string(o, key);
    fputs(": ", o);
    if (!strcmp(key, "tool")) {
      write_value(o, v, NULL, &oom);
      fprintf(o, ",\n  \"merged_profiles\": %zu", m->profiles);
      continue;
    }
    bool js_stacks = !strcmp(key, "js_stacks");
    if (v->type == JMON_JSON_ARRAY && mobjects_array(v) && v->ids) {
      size_t *idx = order(v, js_stacks ? rank : NULL, &oom);
      fputs("[", o);
      for (size_t k = 0; idx && k < v->count; k++) {
        const mval_t *it = &v->items[idx[k]];
        fputs(k ? ",\n    " : "\n    ", o);
        if (jf == v) {
          write_object(o, it, NULL, &oom, rank[it->js_id]);
        } else if (!strncmp(key, "js_", 3)) {  /* JS ids in frames (js_stacks) and id (js_builtins) */
          fputc('{', o);
          for (size_t f = 0; f < it->count; f++) {
            if (f) fputs(", ", o);
            jmon_json_write_string(o, it->keys[f]);
            fputs(": ", o);
            if (!strcmp(it->keys[f], "id") && it->items[f].type == JMON_JSON_NUMBER && it->items[f].is_uint) {
              sort_ctx.rank = rank;
              fprintf(o, "%" PRIu64, out_frame(it->items[f].uint));
            } else if (js_stacks && !strcmp(it->keys[f], "frames") && it->items[f].type == JMON_JSON_ARRAY) {
              sort_ctx.rank = rank;
              fputc('[', o);
              for (size_t d = 0; d < it->items[f].count; d++)
                fprintf(o, "%s%" PRIu64, d ? ", " : "", out_frame(it->items[f].items[d].uint));
              fputc(']', o);
            } else {
              write_value(o, &it->items[f], NULL, &oom);
            }
          }
          fputc('}', o);
        } else {
          write_value(o, it, NULL, &oom);
        }
      }
      fputs(v->count ? "\n  ]" : "]", o);
      free(idx);
    } else {
      write_value(o, v, NULL, &oom);
    }
  }
  fputs("\n}\n", o);
  free(jorder);
  free(rank);
  if (oom) {
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  return 0;
}

void jmon_merge_free(jmon_merge_t *m) {
  if (!m) return;
  mval_free(&m->root);
  free(m->idmap_from);
  free(m->idmap_to);
  free(m->scratch.s);
  free(m);
}
