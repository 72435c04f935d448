// zod.js: corpus driver: zod schema validation of generated carts, a few of them invalid.
// bench-args: {"carts":150,"rounds":3}
// callgrind-args: {"carts":60,"rounds":1}
import { z } from 'zod';
import { args, rng, fnv, report } from './util.js';

const { carts: n, rounds } = args();
const rand = rng(11);
const Money = z.object({ amount: z.string().regex(/^\d+\.\d{2}$/), currency: z.enum(['EUR', 'USD', 'GBP']) });
const Line = z.object({
  id: z.string().startsWith('gid://line/'),
  quantity: z.number().int().positive().max(99),
  price: Money,
  sku: z.string().min(3).max(12).optional(),
  attributes: z.array(z.object({ key: z.string(), value: z.string().nullable() })).max(5),
});
const Cart = z.object({
  id: z.string().uuid(),
  buyer: z.object({ email: z.string().email(), tier: z.union([z.literal('gold'), z.literal('silver'), z.null()]) }),
  lines: z.array(Line).min(1),
  note: z.string().max(200).default(''),
}).transform((c) => ({ ...c, count: c.lines.reduce((s, l) => s + l.quantity, 0) }));

function hex(k) { let s = ''; for (let i = 0; i < k; i++) s += (rand() % 16).toString(16); return s; }
const carts = [];
for (let i = 0; i < n; i++) {
  const lines = [];
  for (let j = 0, m = 1 + (rand() % 8); j < m; j++) {
    lines.push({ id: 'gid://line/' + j, quantity: rand() % 10 === 0 ? 0 : 1 + (rand() % 9),
                 price: { amount: (rand() % 9000) / 100 + 10 + '.00'.slice(0, rand() % 7 === 0 ? 1 : 3).replace(/^\.0?0?$/, (x) => x.length === 3 ? '' : '.5'),
                          currency: ['EUR', 'USD', 'GBP', 'JPY'][rand() % 4 === 3 && rand() % 5 === 0 ? 3 : rand() % 3] },
                 sku: rand() % 3 ? 'SKU' + (rand() % 100000) : undefined,
                 attributes: Array.from({ length: rand() % 4 }, (_, k) => ({ key: 'k' + k, value: rand() % 2 ? 'v' + k : null })) });
  }
  carts.push({ id: `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`,
               buyer: { email: rand() % 13 === 0 ? 'not-an-email' : `user${i}@example.com`, tier: [null, 'gold', 'silver'][rand() % 3] },
               lines });
}
let h = 0x811c9dc5, ok = 0, issues = 0;
for (let r = 0; r < rounds; r++) {
  for (const c of carts) {
    const res = Cart.safeParse(c);
    if (res.success) { ok++; h = fnv(String(res.data.count) + res.data.note, h); }
    else { issues += res.error.issues.length; h = fnv(res.error.issues.map((x) => x.path.join('.') + x.code).join(';'), h); }
  }
}
report('zod', h, `${ok} ${issues}`);
