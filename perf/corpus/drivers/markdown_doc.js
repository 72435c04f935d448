// markdown_doc.js: the Markdown document the marked and markdown-it drivers render.

const words = ['alpha', 'beta', 'gamma', 'delta', 'cart', 'line', 'price', 'discount', 'total', 'fuel'];

/** A document of `sections` sections: headings, emphasis, links, lists, tables, code, quotes. */
export function document(sections, rand) {
  const w = () => words[rand() % words.length];
  const para = (k) => Array.from({ length: k }, (_, i) => (i % 7 === 3 ? `**${w()}**` : i % 11 === 5 ? `\`${w()}()\`` : i % 13 === 8 ? `[${w()}](https://example.com/${w()})` : w())).join(' ') + '.';
  const out = [];
  for (let s = 0; s < sections; s++) {
    out.push(`## Section ${s}: ${w()} _${w()}_`, '', para(30 + (rand() % 40)), '');
    out.push(...Array.from({ length: 3 + (rand() % 5) }, (_, i) => `${i % 2 ? '-' : '*'} item ${i} ${para(5)}`), '');
    if (s % 3 === 0) out.push('| name | qty | price |', '|---|---:|---:|', ...Array.from({ length: 5 }, () => `| ${w()} | ${rand() % 10} | ${rand() % 1000 / 10} |`), '');
    if (s % 4 === 1) out.push('```js', `function ${w()}(x) { return x * ${rand() % 9}; }`, '```', '');
    if (s % 5 === 2) out.push(`> ${para(12)}`, `> ${para(8)}`, '');
    out.push(`1. first ${w()}`, `2. second ${w()}`, '   3. nested', '');
  }
  return out.join('\n');
}
