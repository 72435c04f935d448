// zod.js: corpus driver: validate objects against a schema.
import { z } from "zod";
const Item = z.object({ sku: z.string().min(2), qty: z.number().int().positive(), tags: z.array(z.string()).optional() });
const Cart = z.object({ id: z.string().uuid().or(z.string()), items: z.array(Item), note: z.string().nullable() });
let ok = 0;
for (let i = 0; i < 20; i++) {
  const r = Cart.safeParse({ id: "c" + i, items: [{ sku: "ab" + i, qty: 1 + (i % 3), tags: ["x"] }, { sku: "c", qty: 0 }], note: null });
  ok += r.success ? 1 : r.error.issues.length;
}
console.log("zod", ok);
