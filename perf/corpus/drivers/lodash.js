// lodash.js: corpus driver: lodash-es collection helpers (groupBy, sortBy, uniqBy, cloneDeep,
// isEqual, ...) over generated order rows.
// bench-args: {"rows":400,"rounds":6}
// callgrind-args: {"rows":200,"rounds":2}
import { groupBy, sortBy, uniqBy, cloneDeep, isEqual, sumBy, map, mapValues, pick, merge, chunk, countBy } from 'lodash-es';
import { args, rng, fnv, report } from './util.js';

const { rows: n, rounds } = args();
const rand = rng(7);
const rows = [];
for (let i = 0; i < n; i++) {
  rows.push({ id: i, cat: 'c' + (rand() % 17), price: rand() % 1000, qty: 1 + (rand() % 9),
              tags: ['a' + (rand() % 5), 'b' + (rand() % 3)], nested: { x: rand() % 10, y: [rand() % 4] } });
}
let h = 0x811c9dc5, total = 0;
for (let r = 0; r < rounds; r++) {
  const byCat = groupBy(rows, 'cat');
  const sums = mapValues(byCat, (xs) => sumBy(xs, (x) => x.price * x.qty));
  const sorted = sortBy(rows, ['price', 'id']);
  const uniq = uniqBy(rows, (x) => x.price % (97 + r));
  const copy = cloneDeep(rows);
  copy[r % n].nested.y.push(r);
  const merged = merge({}, ...chunk(map(sorted, (x) => pick(x, ['id', 'cat'])), 50).map((c, i) => ({ ['k' + i]: c.length })));
  const counts = countBy(rows, (x) => x.tags.join('+'));
  total += Object.keys(byCat).length + uniq.length + (isEqual(copy, rows) ? 1 : 0) + (isEqual(cloneDeep(rows), rows) ? 2 : 0);
  h = fnv(JSON.stringify(sums) + map(sorted, 'id').slice(0, 20).join(',') + JSON.stringify(merged) + JSON.stringify(counts), h);
}
report('lodash', h, total);
