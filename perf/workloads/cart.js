// cart.js: perf workload: a Shopify-style cart discount function over a big generated cart.
// bench-args: {"lines":4000,"rounds":12}
// callgrind-args: {"lines":800,"rounds":4}
// Input: JSON args [name, '{"lines": L, "rounds": K}']; the cart is generated, serialised and
// parsed again each round (as a function receives it), then discounted; prints the totals.
const { lines, rounds } = JSON.parse(JSON.parse(getWasiArgs())[1]);
let seed = 42;
function rand() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; }
const tagPool = ["bogo", "wool", "sale", "new", "clearance", "gift"];
const cartIn = { currency: "EUR", lines: [] };
for (let i = 0; i < lines; i++) {
  const tags = [];
  for (let t = 0; t < 3; t++) if (rand() % 3 === 0) tags.push(tagPool[rand() % tagPool.length]);
  cartIn.lines.push({ id: "gid://line/" + i, title: "Product " + (rand() % 500), quantity: 1 + rand() % 9,
                      price: (100 + rand() % 9900) / 100, tags });
}
const input = JSON.stringify(cartIn);

function round2(x) { return Math.round(x * 100) / 100; }
function lineTotal(line) { return line.quantity * line.price; }
function discountsFor(cart) {
  const discounts = [];
  for (const line of cart.lines) {
    if (line.quantity >= 3) discounts.push({ line: line.id, kind: "volume", amount: round2(lineTotal(line) * 0.1) });
    if (line.tags.includes("bogo")) {
      const free = Math.floor(line.quantity / 3);
      if (free > 0) discounts.push({ line: line.id, kind: "bogo", amount: round2(free * line.price) });
    }
    if (line.tags.includes("clearance") && !line.tags.includes("sale")) {
      discounts.push({ line: line.id, kind: "clearance", amount: round2(lineTotal(line) * 0.25) });
    }
  }
  const subtotal = cart.lines.reduce((sum, l) => sum + lineTotal(l), 0);
  if (subtotal > 100) discounts.push({ line: null, kind: "order", amount: 5 });
  const total = round2(discounts.reduce((sum, d) => sum + d.amount, 0));
  return { currency: cart.currency, subtotal: round2(subtotal), discounts, total_discount: total };
}

let outLen = 0, result;
for (let r = 0; r < rounds; r++) {
  result = discountsFor(JSON.parse(input));
  outLen += JSON.stringify(result).length;
}
console.log("cart", lines, rounds, result.subtotal, result.total_discount, result.discounts.length, outLen);
