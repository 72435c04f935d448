// acorn.js: corpus driver: acorn parses a generated JavaScript program; we walk the tree.
// bench-args: {"functions":40,"rounds":4}
// callgrind-args: {"functions":20,"rounds":1}
import { parse } from 'acorn';
import { args, rng, fnv, report } from './util.js';

const { functions: n, rounds } = args();
const rand = rng(3);
const parts = [];
for (let i = 0; i < n; i++) {
  const k = rand() % 4;
  parts.push(`export function f${i}(a, b = ${rand() % 10}, ...rest) {
  const xs = [a, b, ...rest].map((x, j) => x * ${k} + j);
  let acc = { n: 0, s: \`f${i}:\${a}\` };
  for (let j = 0; j < xs.length; j++) {
    if (xs[j] % 2 === 0 && j !== ${k}) acc.n += xs[j]; else acc = { ...acc, n: acc.n - 1 };
  }
  class C${i} extends Object { #p = ${i}; get p() { return this.#p ?? 0; } static of(v) { return new C${i}(v); } }
  try { return typeof a === 'string' ? a.split(/[,;]/).length : acc.n + C${i}.of(a).p; }
  catch (e) { throw new Error('f${i}: ' + e.message); } finally { acc = null; }
}
const g${i} = async function* (it) { for await (const v of it) yield v?.x ?? v; };
`);
}
const src = parts.join('\n');
const counts = new Map();
function walk(node) {
  if (!node || typeof node.type !== 'string') return;
  counts.set(node.type, (counts.get(node.type) || 0) + 1);
  for (const key in node) {
    const v = node[key];
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object' && typeof v.type === 'string') walk(v);
  }
}
let h = 0x811c9dc5, nodes = 0;
for (let r = 0; r < rounds; r++) {
  counts.clear();
  const ast = parse(src, { ecmaVersion: 2022, sourceType: 'module', locations: r === 0 });
  walk(ast);
  for (const [t, c] of [...counts].sort()) { h = fnv(t + c, h); nodes += c; }
}
report('acorn', h, `${src.length} ${nodes}`);
