/* format_svg.c: a self-contained, deterministic SVG flame graph of the merged call tree. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

#define SVG_WIDTH 1200.0  /* user units for the whole of total fuel */
#define PAD 10.0
#define ROW 16.0
#define HEADER 34.0

typedef struct {
  uint32_t frame;      /* UINT32_MAX for the root ("all") */
  uint32_t child, sibling, parent;
  uint64_t value;
  uint32_t depth;
} node_t;

typedef struct {
  node_t *v;
  size_t n, cap;
} tree_t;

static uint32_t new_node(tree_t *t, uint32_t frame, uint32_t parent, uint32_t depth) {
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 256;
    node_t *v = realloc(t->v, cap * sizeof *v);
    if (!v) return UINT32_MAX;
    t->v = v;
    t->cap = cap;
  }
  t->v[t->n] = (node_t){frame, UINT32_MAX, UINT32_MAX, parent, 0, depth};
  return (uint32_t)t->n++;
}

static void xml_text(FILE *o, const char *s, size_t max) {
  for (size_t i = 0; s[i] && i < max; i++) {
    switch (s[i]) {
      case '<': fputs("&lt;", o); break;
      case '>': fputs("&gt;", o); break;
      case '&': fputs("&amp;", o); break;
      case '"': fputs("&quot;", o); break;
      default:
        if ((unsigned char)s[i] < 0x20) fputc(' ', o);
        else fputc(s[i], o);
    }
  }
}

/* A warm colour from the label (FNV-1a), stable across runs. */
static void color(const char *label, unsigned rgb[3]) {
  uint32_t h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)label; *p; p++) h = (h ^ *p) * 16777619u;
  rgb[0] = 200 + h % 56;
  rgb[1] = 60 + (h >> 8) % 150;
  rgb[2] = 30 + (h >> 16) % 50;
}

static const jmon_samples_t *sort_samples;
static int cmp_child(const void *a, const void *b) {
  const node_t *x = *(node_t *const *)a, *y = *(node_t *const *)b;
  return strcmp(sort_samples->frames[x->frame].label, sort_samples->frames[y->frame].label);
}

int jmon_format_svg(FILE *o, const jmon_profile_t *p, const jmon_samples_t *s, char *err,
                    size_t errsz) {
  tree_t t = {0};
  node_t **kids = NULL;
  uint32_t *stack = NULL;
  if (new_node(&t, UINT32_MAX, UINT32_MAX, 0) == UINT32_MAX) goto oom;
  uint32_t maxdepth = 0;
  for (size_t i = 0; i < s->nsamples; i++) {
    const jmon_sample_t *x = &s->samples[i];
    uint32_t cur = 0;
    t.v[0].value += x->weight;
    for (size_t d = 0; d < x->depth; d++) {
      uint32_t c = t.v[cur].child;
      while (c != UINT32_MAX && t.v[c].frame != x->frames[d]) c = t.v[c].sibling;
      if (c == UINT32_MAX) {
        c = new_node(&t, x->frames[d], cur, (uint32_t)d + 1);
        if (c == UINT32_MAX) goto oom;
        t.v[c].sibling = t.v[cur].child;
        t.v[cur].child = c;
      }
      t.v[c].value += x->weight;
      cur = c;
      if (d + 1 > maxdepth) maxdepth = (uint32_t)d + 1;
    }
  }
  /* Children in label order, as flamegraph.pl does: the picture does not depend on input order. */
  kids = malloc(t.n * sizeof *kids);
  if (!kids) goto oom;
  sort_samples = s;
  for (size_t i = 0; i < t.n; i++) {
    size_t k = 0;
    for (uint32_t c = t.v[i].child; c != UINT32_MAX; c = t.v[c].sibling) kids[k++] = &t.v[c];
    if (k < 2) continue;
    qsort(kids, k, sizeof *kids, cmp_child);
    t.v[i].child = (uint32_t)(kids[0] - t.v);
    for (size_t j = 0; j + 1 < k; j++) kids[j]->sibling = (uint32_t)(kids[j + 1] - t.v);
    kids[k - 1]->sibling = UINT32_MAX;
  }

  double height = HEADER + (maxdepth + 1) * ROW + PAD;
  double scale = s->total ? SVG_WIDTH / (double)s->total : 0.0;
  fprintf(o, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
          "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
          " viewBox=\"0 0 %.0f %.0f\" font-family=\"Verdana, sans-serif\" font-size=\"12\">\n"
          "<style>rect.f:hover{stroke:#000;stroke-width:0.5}</style>\n"
          "<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" fill=\"#fdf8ee\"/>\n"
          "<text x=\"%.0f\" y=\"22\" text-anchor=\"middle\" font-size=\"16\">",
          SVG_WIDTH + 2 * PAD, height, SVG_WIDTH + 2 * PAD, height, (SVG_WIDTH + 2 * PAD) / 2);
  xml_text(o, *p->module ? p->module : "jmon", 200);
  fprintf(o, " — %s fuel flame graph, total %" PRIu64 "</text>\n", s->js ? "JS" : "wasm", s->total);

  /* Depth-first, children left to right; x of a child = x of parent + widths of its elders. */
  double *xs = malloc(t.n * sizeof *xs);
  stack = malloc((t.n + 1) * sizeof *stack);
  if (!xs || !stack) {
    free(xs);
    goto oom;
  }
  size_t sp = 0;
  xs[0] = PAD;
  stack[sp++] = 0;
  while (sp) {
    uint32_t id = stack[--sp];
    const node_t *nd = &t.v[id];
    const char *label = nd->frame == UINT32_MAX ? "all" : s->frames[nd->frame].label;
    double w = (double)nd->value * scale;
    double y = height - PAD - (nd->depth + 1) * ROW;
    unsigned rgb[3];
    color(label, rgb);
    fputs("<g><title>", o);
    xml_text(o, label, 4096);
    fprintf(o, " — %" PRIu64 " fuel (%.2f%%)</title><rect class=\"f\" x=\"%.4f\" y=\"%.1f\""
            " width=\"%.4f\" height=\"%.1f\" fill=\"rgb(%u,%u,%u)\" data-fuel=\"%" PRIu64 "\"/>",
            nd->value, s->total ? 100.0 * (double)nd->value / (double)s->total : 0.0, xs[id], y,
            w, ROW - 1, rgb[0], rgb[1], rgb[2], nd->value);
    if (w > 28) { /* a label only where about 4 characters fit (7 units per character) */
      size_t fit = (size_t)((w - 6) / 7);
      fprintf(o, "<text x=\"%.4f\" y=\"%.1f\">", xs[id] + 3, y + ROW - 4);
      xml_text(o, label, fit);
      if (strlen(label) > fit && fit > 2) fputs("..", o);
      fputs("</text>", o);
    }
    fputs("</g>\n", o);
    /* push children right to left so they pop left to right */
    size_t k = 0;
    double x = xs[id];
    for (uint32_t c = nd->child; c != UINT32_MAX; c = t.v[c].sibling) {
      xs[c] = x;
      x += (double)t.v[c].value * scale;
      kids[k++] = &t.v[c];
    }
    while (k) stack[sp++] = (uint32_t)(kids[--k] - t.v);
  }
  fputs("</svg>\n", o);
  free(xs);
  free(stack);
  free(kids);
  free(t.v);
  return 0;
oom:
  free(stack);
  free(kids);
  free(t.v);
  snprintf(err, errsz, "out of memory");
  return -1;
}
