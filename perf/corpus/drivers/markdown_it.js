// markdown_it.js: corpus driver: markdown-it renders a generated Markdown document to HTML.
// bench-args: {"sections":60,"rounds":3}
// callgrind-args: {"sections":20,"rounds":1}
import MarkdownIt from 'markdown-it';
import { args, rng, fnv, report } from './util.js';
import { document } from './markdown_doc.js';

const { sections, rounds } = args();
const md = document(sections, rng(9));
const it = new MarkdownIt({ linkify: true, typographer: true });
let h = 0x811c9dc5, len = 0;
for (let r = 0; r < rounds; r++) {
  const html = it.render(md);
  h = fnv(html, h);
  len += html.length;
}
report('markdown-it', h, `${md.length} ${len}`);
