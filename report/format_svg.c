/* format_svg.c: self-contained interactive SVG flame graphs (normal and differential). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

#define SVG_WIDTH 1200.0  /* user units for the whole of the root's fuel */
#define PAD 10.0
#define ROW 16.0
#define HEADER 54.0       /* title, then the controls line */
#define FOOTER 22.0       /* the details line under the graph */
#define CHAR_W 7.0        /* label width per character at font-size 12 (Verdana, approximate) */

typedef struct {
  char *label;
  uint32_t child, sibling;  /* first child, next sibling (UINT32_MAX: none) */
  uint64_t value, base;     /* value: width (new fuel in a diff); base: a diff's base fuel */
  uint64_t start;           /* offset of the frame in fuel units from the root's left edge */
  uint32_t depth;
} node_t;

struct jmon_flame {
  node_t *v;
  size_t n, cap;
  bool diff;
  uint32_t maxdepth;
};

static uint32_t new_node(jmon_flame_t *t, const char *label, uint32_t depth) {
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 256;
    node_t *v = realloc(t->v, cap * sizeof *v);
    if (!v) return UINT32_MAX;
    t->v = v;
    t->cap = cap;
  }
  char *l = strdup(label);
  if (!l) return UINT32_MAX;
  t->v[t->n] = (node_t){l, UINT32_MAX, UINT32_MAX, 0, 0, 0, depth};
  return (uint32_t)t->n++;
}

jmon_flame_t *jmon_flame_new(bool diff) {
  jmon_flame_t *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->diff = diff;
  if (new_node(t, "all", 0) == UINT32_MAX) {
    jmon_flame_free(t);
    return NULL;
  }
  return t;
}

void jmon_flame_free(jmon_flame_t *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) free(t->v[i].label);
  free(t->v);
  free(t);
}

int jmon_flame_add(jmon_flame_t *t, const char *const *labels, size_t depth, uint64_t value,
                   uint64_t base) {
  uint32_t cur = 0;
  t->v[0].value += value;
  t->v[0].base += base;
  for (size_t d = 0; d < depth; d++) {
    uint32_t c = t->v[cur].child;
    while (c != UINT32_MAX && strcmp(t->v[c].label, labels[d])) c = t->v[c].sibling;
    if (c == UINT32_MAX) {
      c = new_node(t, labels[d], (uint32_t)d + 1);
      if (c == UINT32_MAX) return -1;
      t->v[c].sibling = t->v[cur].child;
      t->v[cur].child = c;
    }
    t->v[c].value += value;
    t->v[c].base += base;
    cur = c;
    if (d + 1 > t->maxdepth) t->maxdepth = (uint32_t)d + 1;
  }
  return 0;
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
static void warm(const char *label, unsigned rgb[3]) {
  uint32_t h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)label; *p; p++) h = (h ^ *p) * 16777619u;
  rgb[0] = 200 + h % 56;
  rgb[1] = 60 + (h >> 8) % 150;
  rgb[2] = 30 + (h >> 16) % 50;
}

/* Brendan Gregg's differential colouring (flamegraph.pl with difffolded.pl input): by the change
 * of the frame's own (self) fuel — red grew, blue shrank, white unchanged — with the saturation
 * relative to the largest self change, so the frames whose code changed stand out, not their
 * callers (whose inclusive change is in the tooltip). */
static void diff_color(int64_t delta, uint64_t maxdelta, unsigned rgb[3]) {
  unsigned fade = maxdelta ? (unsigned)(210.0 * (double)(delta < 0 ? -delta : delta) / (double)maxdelta) : 0;
  if (delta > 0) rgb[0] = 255, rgb[1] = rgb[2] = 255 - fade;
  else if (delta < 0) rgb[2] = 255, rgb[0] = rgb[1] = 255 - fade;
  else rgb[0] = rgb[1] = rgb[2] = 250;
}

static int cmp_child(const void *a, const void *b) {
  const node_t *x = *(node_t *const *)a, *y = *(node_t *const *)b;
  return strcmp(x->label, y->label);
}

/* Children in label order, as flamegraph.pl does: the picture does not depend on input order.
 * Then each node's start = parent's start + the values of its elder siblings. */
static int layout(jmon_flame_t *t) {
  node_t **kids = malloc(t->n * sizeof *kids);
  if (!kids) return -1;
  for (size_t i = 0; i < t->n; i++) {
    size_t k = 0;
    for (uint32_t c = t->v[i].child; c != UINT32_MAX; c = t->v[c].sibling) kids[k++] = &t->v[c];
    if (k > 1) {
      qsort(kids, k, sizeof *kids, cmp_child);
      t->v[i].child = (uint32_t)(kids[0] - t->v);
      for (size_t j = 0; j + 1 < k; j++) kids[j]->sibling = (uint32_t)(kids[j + 1] - t->v);
      kids[k - 1]->sibling = UINT32_MAX;
    }
  }
  free(kids);
  /* nodes are created after their parents, so one forward pass sees every parent first */
  for (size_t i = 0; i < t->n; i++) {
    uint64_t x = t->v[i].start;
    for (uint32_t c = t->v[i].child; c != UINT32_MAX; c = t->v[c].sibling) {
      t->v[c].start = x;
      x += t->v[c].value;
    }
  }
  return 0;
}

/* The viewer: zoom on click, reset, search with the matched share. Works on the data-* attributes
 * (integers in fuel units), so zooming is exact. Runs at the end of the document (no onload). */
static const char viewer_js[] =
    "(function(){\n"
    "var W=1200,PAD=10,CW=7,svg=document.currentScript?document.currentScript.ownerSVGElement||"
    "document.currentScript.closest('svg'):document.documentElement;\n"
    "if(!svg)svg=document.querySelector('svg');\n"
    "var fr=[].slice.call(svg.querySelectorAll('g.fr')).map(function(g){return{g:g,"
    "r:g.querySelector('rect'),t:g.querySelector('text'),n:g.getAttribute('data-n'),"
    "s:+g.getAttribute('data-s'),v:+g.getAttribute('data-v'),d:+g.getAttribute('data-d'),"
    "fill:g.querySelector('rect').getAttribute('fill')}});\n"
    "var total=fr.length?fr[0].v:0,details=svg.querySelector('#details'),"
    "unz=svg.querySelector('#unzoom'),matched=svg.querySelector('#matched');\n"
    "function label(f,w){var fit=Math.floor((w-6)/CW);if(fit<3){f.t.textContent='';return;}"
    "f.t.textContent=f.n.length<=fit?f.n:f.n.substring(0,fit-2)+'..';}\n"
    "function place(f,x,w){f.r.setAttribute('x',x.toFixed(4));f.r.setAttribute('width',"
    "w.toFixed(4));f.t.setAttribute('x',(x+3).toFixed(4));label(f,w);f.g.style.display='';}\n"
    "function zoom(z){var sc=W/z.v;fr.forEach(function(f){"
    "if(f.d<z.d&&f.s<=z.s&&f.s+f.v>=z.s+z.v){place(f,PAD,W);f.g.classList.add('parent');}"
    "else if(f.d>=z.d&&f.s>=z.s&&f.s+f.v<=z.s+z.v){f.g.classList.remove('parent');"
    "place(f,PAD+(f.s-z.s)*sc,f.v*sc);}else{f.g.style.display='none';}});"
    "unz.classList.toggle('hide',z===fr[0]);}\n"
    "function reset(){zoom(fr[0]);}\n"
    "function esc(s){return s.replace(/[.*+?^${}()|[\\]\\\\]/g,'\\\\$&');}\n"
    "function search(term){var re;if(!term){clear();return 0;}"
    "try{re=new RegExp(term);}catch(e){re=new RegExp(esc(term));}"
    "var hit=fr.filter(function(f){return f.d>0&&re.test(f.n);});"
    "fr.forEach(function(f){f.r.setAttribute('fill',f.fill);f.g.classList.remove('hit');});"
    "hit.forEach(function(f){f.r.setAttribute('fill','rgb(230,0,230)');f.g.classList.add('hit');});"
    "hit.sort(function(a,b){return a.s-b.s||a.d-b.d;});var sum=0,end=-1;"
    "hit.forEach(function(f){if(f.s>=end){sum+=f.v;end=f.s+f.v;}else if(f.s+f.v>end){"
    "sum+=f.s+f.v-end;end=f.s+f.v;}});"
    "var pct=total?100*sum/total:0;matched.textContent='Matched: '+pct.toFixed(2)+'%';"
    "svg.setAttribute('data-matched',String(sum));return sum;}\n"
    "function clear(){fr.forEach(function(f){f.r.setAttribute('fill',f.fill);"
    "f.g.classList.remove('hit');});matched.textContent='';svg.removeAttribute('data-matched');}\n"
    "fr.forEach(function(f){f.g.addEventListener('click',function(e){zoom(f);e.stopPropagation();});"
    "f.g.addEventListener('mouseover',function(){details.textContent=f.g.querySelector('title')"
    ".textContent;});f.g.addEventListener('mouseout',function(){details.textContent=' ';});});\n"
    "unz.addEventListener('click',reset);\n"
    "svg.querySelector('#search').addEventListener('click',function(){"
    "var t=window.prompt('Search (regular expression)','');if(t!==null)search(t);});\n"
    "svg.querySelector('#clear').addEventListener('click',clear);\n"
    "document.addEventListener('keydown',function(e){if((e.ctrlKey||e.metaKey)&&e.key==='f'){"
    "e.preventDefault();var t=window.prompt('Search (regular expression)','');if(t!==null)"
    "search(t);}else if(e.key==='Escape'){clear();reset();}});\n"
    "svg.jmonFlame={zoom:function(i){zoom(fr[i]);},reset:reset,search:search,clear:clear};\n"
    "})();\n";

/* Self fuel change of a node: its own change minus its children's. */
static int64_t self_delta(const jmon_flame_t *t, const node_t *nd) {
  int64_t d = (int64_t)nd->value - (int64_t)nd->base;
  for (uint32_t c = nd->child; c != UINT32_MAX; c = t->v[c].sibling)
    d -= (int64_t)t->v[c].value - (int64_t)t->v[c].base;
  return d;
}

static void write_frame(FILE *o, const jmon_flame_t *t, const node_t *nd, double height,
                        uint64_t maxdelta) {
  uint64_t total = t->v[0].value;
  double scale = total ? SVG_WIDTH / (double)total : 0.0;
  double x = PAD + (double)nd->start * scale, w = (double)nd->value * scale;
  double y = height - FOOTER - (nd->depth + 1) * ROW;
  unsigned rgb[3];
  int64_t delta = (int64_t)nd->value - (int64_t)nd->base;
  if (t->diff) diff_color(self_delta(t, nd), maxdelta, rgb);
  else warm(nd->label, rgb);
  fprintf(o, "<g class=\"fr\" data-s=\"%" PRIu64 "\" data-v=\"%" PRIu64 "\" data-d=\"%u\" data-n=\"",
          nd->start, nd->value, nd->depth);
  xml_text(o, nd->label, 4096);
  fputs("\"><title>", o);
  xml_text(o, nd->label, 4096);
  double pct = total ? 100.0 * (double)nd->value / (double)total : 0.0;
  if (t->diff) {
    fprintf(o, " — base %" PRIu64 ", new %" PRIu64 " fuel, %+" PRId64, nd->base, nd->value, delta);
    if (nd->base) fprintf(o, " (%+.2f%%)", 100.0 * (double)delta / (double)nd->base);
    else fputs(" (new)", o);
  } else {
    fprintf(o, " — %" PRIu64 " fuel (%.2f%%)", nd->value, pct);
  }
  fprintf(o, "</title><rect class=\"f\" x=\"%.4f\" y=\"%.1f\" width=\"%.4f\" height=\"%.1f\""
          " fill=\"rgb(%u,%u,%u)\" data-fuel=\"%" PRIu64 "\"", x, y, w, ROW - 1, rgb[0], rgb[1],
          rgb[2], nd->value);
  if (t->diff) fprintf(o, " data-base=\"%" PRIu64 "\"", nd->base);
  fprintf(o, "/><text x=\"%.4f\" y=\"%.1f\">", x + 3, y + ROW - 4);
  /* a label only where 3 characters fit; the viewer redoes this after a zoom */
  size_t fit = w > 6 ? (size_t)((w - 6) / CHAR_W) : 0;
  if (fit >= 3) {
    size_t len = strlen(nd->label);
    xml_text(o, nd->label, len <= fit ? fit : fit - 2);
    if (len > fit) fputs("..", o);
  }
  fputs("</text></g>\n", o);
}

int jmon_flame_write_svg(FILE *o, jmon_flame_t *t, const char *title, char *err, size_t errsz) {
  if (layout(t) != 0) {
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  uint64_t maxdelta = 0;
  for (size_t i = 0; i < t->n; i++) {
    int64_t d = self_delta(t, &t->v[i]);
    uint64_t a = (uint64_t)(d < 0 ? -d : d);
    if (a > maxdelta) maxdelta = a;
  }
  double height = HEADER + (t->maxdepth + 1) * ROW + FOOTER;
  double full = SVG_WIDTH + 2 * PAD;
  fprintf(o, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
          "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
          " viewBox=\"0 0 %.0f %.0f\" font-family=\"Verdana, sans-serif\" font-size=\"12\">\n"
          "<style>g.fr{cursor:pointer}g.fr:hover rect{stroke:#000;stroke-width:0.5}"
          "g.parent rect{opacity:0.5}g.fr text{pointer-events:none}.hide{display:none}"
          ".ctl{cursor:pointer;fill:#333}</style>\n"
          "<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" fill=\"%s\"/>\n"
          "<text x=\"%.0f\" y=\"22\" text-anchor=\"middle\" font-size=\"16\">",
          full, height, full, height, t->diff ? "#f4f4f8" : "#fdf8ee", full / 2);
  xml_text(o, title, 400);
  fprintf(o, "</text>\n"
          "<text id=\"unzoom\" class=\"ctl hide\" x=\"%.0f\" y=\"44\">Reset Zoom</text>\n"
          "<text id=\"search\" class=\"ctl\" x=\"%.0f\" y=\"44\" text-anchor=\"end\">Search</text>\n"
          "<text id=\"clear\" class=\"ctl\" x=\"%.0f\" y=\"44\" text-anchor=\"end\">Clear</text>\n"
          "<text id=\"matched\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\"></text>\n"
          "<text id=\"details\" x=\"%.0f\" y=\"%.0f\"> </text>\n<g id=\"frames\">\n",
          PAD, full - PAD - 60, full - PAD, full - PAD, height - 6, PAD, height - 6);
  /* Depth-first pre-order (parents before children), so the viewer's first frame is the root. */
  uint32_t *stack = malloc((t->n + 1) * sizeof *stack);
  node_t **kids = malloc((t->n + 1) * sizeof *kids);
  if (!stack || !kids) {
    free(stack);
    free(kids);
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  size_t sp = 0;
  stack[sp++] = 0;
  while (sp) {
    const node_t *nd = &t->v[stack[--sp]];
    if (nd->value == 0 && nd != t->v) continue; /* only in the base of a diff: no width */
    write_frame(o, t, nd, height, maxdelta);
    size_t k = 0;
    for (uint32_t c = nd->child; c != UINT32_MAX; c = t->v[c].sibling) kids[k++] = &t->v[c];
    while (k) stack[sp++] = (uint32_t)(kids[--k] - t->v);
  }
  free(stack);
  free(kids);
  fprintf(o, "</g>\n<script type=\"text/ecmascript\"><![CDATA[\n%s]]></script>\n</svg>\n",
          viewer_js);
  return 0;
}

int jmon_flame_write_folded_pairs(FILE *o, jmon_flame_t *t, char *err, size_t errsz) {
  if (layout(t) != 0) {
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  /* `a;b;c base new` per node with self fuel on either side (difffolded.pl's output shape) */
  uint32_t *path = malloc((t->maxdepth + 2) * sizeof *path);
  uint32_t *stack = malloc((t->n + 1) * sizeof *stack);
  node_t **kids = malloc((t->n + 1) * sizeof *kids);
  if (!path || !stack || !kids) {
    free(path);
    free(stack);
    free(kids);
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  size_t sp = 0;
  for (uint32_t c = t->v[0].child; c != UINT32_MAX; c = t->v[c].sibling) kids[sp++] = &t->v[c];
  for (size_t k = 0; k < sp; k++) stack[k] = (uint32_t)(kids[sp - 1 - k] - t->v);
  while (sp) {
    uint32_t id = stack[--sp];
    const node_t *nd = &t->v[id];
    path[nd->depth] = id;
    uint64_t sv = nd->value, sb = nd->base;
    size_t k = 0;
    for (uint32_t c = nd->child; c != UINT32_MAX; c = t->v[c].sibling) {
      sv -= t->v[c].value;
      sb -= t->v[c].base;
      kids[k++] = &t->v[c];
    }
    if (sv || sb) {
      for (uint32_t d = 1; d <= nd->depth; d++) {
        if (d > 1) fputc(';', o);
        for (const char *c = t->v[path[d]].label; *c; c++) fputc(*c == ';' ? ',' : *c, o);
      }
      fprintf(o, " %" PRIu64 " %" PRIu64 "\n", sb, sv);
    }
    while (k) stack[sp++] = (uint32_t)(kids[--k] - t->v);
  }
  free(path);
  free(stack);
  free(kids);
  return 0;
}

int jmon_format_svg(FILE *o, const jmon_profile_t *p, const jmon_samples_t *s, char *err,
                    size_t errsz) {
  jmon_flame_t *t = jmon_flame_new(false);
  const char **labels = NULL;
  size_t maxd = 1;
  for (size_t i = 0; i < s->nsamples; i++)
    if (s->samples[i].depth > maxd) maxd = s->samples[i].depth;
  labels = malloc(maxd * sizeof *labels);
  if (!t || !labels) goto oom;
  for (size_t i = 0; i < s->nsamples; i++) {
    const jmon_sample_t *x = &s->samples[i];
    for (size_t d = 0; d < x->depth; d++) labels[d] = s->frames[x->frames[d]].label;
    if (jmon_flame_add(t, labels, x->depth, x->weight, 0) != 0) goto oom;
  }
  char title[400];
  snprintf(title, sizeof title, "%.200s — %s fuel flame graph, total %" PRIu64,
           *p->module ? p->module : "jmon", s->js ? "JS" : "wasm", s->total);
  int rc = jmon_flame_write_svg(o, t, title, err, errsz);
  free(labels);
  jmon_flame_free(t);
  return rc;
oom:
  free(labels);
  jmon_flame_free(t);
  snprintf(err, errsz, "out of memory");
  return -1;
}
