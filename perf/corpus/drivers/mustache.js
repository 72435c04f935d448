// mustache.js: corpus driver: mustache renders order e-mails (sections, partials, escaping).
// bench-args: {"orders":200,"rounds":3}
// callgrind-args: {"orders":60,"rounds":1}
import Mustache from 'mustache';
import { args, rng, fnv, report } from './util.js';

const { orders, rounds } = args();
const rand = rng(13);
const template = `Hello {{customer.name}} <{{customer.email}}>,
{{#vip}}Thank you for being a VIP, {{customer.first}}!{{/vip}}{{^vip}}Join our club.{{/vip}}
Order {{id}} ({{lines.length}} lines):
{{#lines}}
 - {{> line}}{{#gift}} (gift: {{&note}}){{/gift}}
{{/lines}}
Total: {{total}} {{currency}}
{{! a comment }}{{#links}}<a href="{{url}}">{{title}}</a>{{/links}}`;
const partials = { line: '{{qty}} x {{title}} @ {{price}} = {{sum}}' };
Mustache.parse(template);
let h = 0x811c9dc5, len = 0;
for (let r = 0; r < rounds; r++) {
  for (let o = 0; o < orders; o++) {
    const lines = Array.from({ length: 1 + (rand() % 6) }, (_, i) => {
      const qty = 1 + (rand() % 5), price = (rand() % 10000) / 100;
      return { qty, title: `Item <${i}> & "co"`, price: price.toFixed(2), sum: (qty * price).toFixed(2), gift: rand() % 4 === 0, note: '<b>wrapped</b>' };
    });
    const view = { id: 'O-' + o, vip: rand() % 3 === 0, currency: 'EUR', lines,
                   customer: { name: 'Ann ' + o, first: 'Ann', email: `ann${o}@example.com` },
                   total: () => lines.reduce((s, l) => s + Number(l.sum), 0).toFixed(2),
                   links: [{ url: '/o/' + o, title: 'View' }, { url: '/help?x=1&y=2', title: 'Help' }] };
    const text = Mustache.render(template, view, partials);
    h = fnv(text, h);
    len += text.length;
  }
}
report('mustache', h, len);
