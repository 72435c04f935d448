// yaml.js: corpus driver: js-yaml dumps a generated config tree and loads it back.
// bench-args: {"services":80,"rounds":3}
// callgrind-args: {"services":25,"rounds":1}
import { dump, load } from 'js-yaml';
import { args, rng, fnv, report } from './util.js';

const { services, rounds } = args();
const rand = rng(29);
const doc = { version: 3, services: {} };
for (let i = 0; i < services; i++) {
  doc.services['svc-' + i] = {
    image: `registry.example.com/team/app-${i}:1.${rand() % 20}.${rand() % 9}`,
    replicas: 1 + (rand() % 5), enabled: rand() % 2 === 0, ratio: (rand() % 1000) / 7,
    env: Object.fromEntries(Array.from({ length: 1 + (rand() % 6) }, (_, k) => ['VAR_' + k, k % 2 ? 'value: "quoted" #' + k : String(rand())])),
    ports: Array.from({ length: rand() % 3 }, () => `${8000 + (rand() % 100)}:${80 + (rand() % 10)}`),
    notes: rand() % 4 ? null : 'line one\nline two: with colon\n  indented',
  };
}
let h = 0x811c9dc5, len = 0;
for (let r = 0; r < rounds; r++) {
  const text = dump(doc, { sortKeys: true, lineWidth: 100 });
  const back = load(text);
  len += text.length;
  h = fnv(text, h);
  h = fnv(JSON.stringify(back.services['svc-' + (r % services)]), h);
}
report('yaml', h, len);
