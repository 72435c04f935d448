// xml.js: corpus driver: fast-xml-parser parses a generated product feed, then builds XML again.
// bench-args: {"products":250,"rounds":3}
// callgrind-args: {"products":60,"rounds":1}
import { XMLParser, XMLBuilder } from 'fast-xml-parser';
import { args, rng, fnv, report } from './util.js';

const { products, rounds } = args();
const rand = rng(31);
const items = [];
for (let i = 0; i < products; i++) {
  items.push(`  <product id="p${i}" available="${rand() % 2 === 0}">
    <title>Product &amp; thing ${i}</title>
    <price currency="EUR">${(rand() % 10000) / 100}</price>
    <tags>${Array.from({ length: rand() % 4 }, (_, k) => `<tag>t${k}</tag>`).join('')}</tags>
    <description><![CDATA[Some <b>bold</b> text ${rand()}]]></description>
  </product>`);
}
const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<feed updated="2024-01-01">\n${items.join('\n')}\n</feed>`;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: true });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true });
let h = 0x811c9dc5, sum = 0;
for (let r = 0; r < rounds; r++) {
  const obj = parser.parse(xml);
  for (const p of obj.feed.product) sum += Number(p.price['#text'] ?? p.price);
  const out = builder.build(obj);
  h = fnv(out, h);
}
report('xml', h, sum.toFixed(2));
