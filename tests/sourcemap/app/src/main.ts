// main.ts: entry of the source-map fixture: parses a JS snippet with acorn, prices a cart.
import { parse } from "acorn";
import { chunk } from "lodash-es";
import { Cart, pricing, rules, scaleBy } from "./cart";

type Node = { type: string; [k: string]: unknown };

function countNodes(node: unknown): number {  // expect-js: countNodes
  if (!node || typeof node !== "object") return 0;
  let n = (node as Node).type ? 1 : 0;
  for (const v of Object.values(node as object)) {
    if (Array.isArray(v)) for (const x of v) n += countNodes(x);
    else if (v && typeof v === "object") n += countNodes(v);
  }
  return n;
}

function priceCart(count: number): number {  // expect-js: priceCart calls=1
  const cart = new Cart();
  for (let i = 0; i < count; i++) cart.add("sku" + (i % 7), 1 + (i % 3), 2.5 + i);
  const groups = Object.keys(cart.bySku()).length;
  return rules.tax(pricing.discount(cart.total())) + groups;
}

const src = "function f(a, b) { return a + b * 2; }\nvar xs = [1, 2, 3].map((x) => f(x, x));\n";
const ast = parse(src.repeat(4), { ecmaVersion: 2022 });
console.log("nodes", countNodes(ast));
console.log("chunks", chunk([1, 2, 3, 4, 5], 2).length);
console.log("cart", priceCart(40).toFixed(2));
console.log("scaled", [1, 2, 3, 4].map(scaleBy(0.5)).join(","));
let jsonLen = 0;   // top-level builtin calls: their fuel counts for this file
for (let i = 0; i < 30; i++) jsonLen += JSON.stringify(ast).length;
console.log("json", jsonLen);
