// yaml.js: corpus driver: parse and stringify YAML documents.
import { parse, stringify } from "yaml";
const doc = "name: shop\nitems:\n  - sku: a1\n    qty: 2\n    tags: [x, y]\n  - sku: b2\n    qty: 1\nmeta: { created: 2024-01-01, ok: true }\n";
let n = 0;
for (let i = 0; i < 5; i++) n += stringify(parse(doc)).length;
console.log("yaml", n);
