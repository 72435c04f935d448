// marked.js: corpus driver: marked renders a generated Markdown document to HTML.
// bench-args: {"sections":60,"rounds":3}
// callgrind-args: {"sections":20,"rounds":1}
import { marked } from 'marked';
import { args, rng, fnv, report } from './util.js';
import { document } from './markdown_doc.js';

const { sections, rounds } = args();
const md = document(sections, rng(5));
let h = 0x811c9dc5, len = 0;
for (let r = 0; r < rounds; r++) {
  const html = marked.parse(md, { gfm: true });
  h = fnv(html, h);
  len += html.length;
}
report('marked', h, `${md.length} ${len}`);
