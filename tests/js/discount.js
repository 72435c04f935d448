// discount.js: a Shopify-style cart discount function: cart JSON in (arg 1), discounts JSON out.
// expect-exit: 0
const cart = JSON.parse(JSON.parse(getWasiArgs())[1]);

// Rules: 10% off lines of at least 3 items, a fixed 5.00 off when the subtotal exceeds 100,
// and a buy-two-get-one-free on products tagged "bogo".
function lineTotal(line) {  // expect-js: lineTotal
  return line.quantity * line.price;
}

function discountsFor(cart) {  // expect-js: discountsFor calls=1
  const discounts = [];
  for (const line of cart.lines) {
    if (line.quantity >= 3) {
      discounts.push({ line: line.id, kind: "volume", amount: round2(lineTotal(line) * 0.1) });
    }
    if ((line.tags || []).includes("bogo")) {
      const free = Math.floor(line.quantity / 3);
      if (free > 0) discounts.push({ line: line.id, kind: "bogo", amount: round2(free * line.price) });
    }
  }
  const subtotal = cart.lines.reduce((sum, l) => sum + lineTotal(l), 0);
  if (subtotal > 100) discounts.push({ line: null, kind: "order", amount: 5 });
  const total = round2(discounts.reduce((sum, d) => sum + d.amount, 0));
  return { currency: cart.currency, subtotal: round2(subtotal), discounts, total_discount: total };
}

function round2(x) {  // expect-js: round2
  return Math.round(x * 100) / 100;
}

const result = discountsFor(cart);
console.log(JSON.stringify(result));
console.log("lines", cart.lines.length);
console.log("discounts", result.discounts.length);
console.log("pay", round2(result.subtotal - result.total_discount));
