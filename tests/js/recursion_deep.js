// recursion_deep.js: deep but finite JS recursion; every depth here completes under node 20.
// expect-exit: 0
// Under node 20's default stack (984 KiB) the one-line `depth` below completes up to 2561 frames and
// traps with "call stack exhausted" at 2562 (measured with the 1.7.0 plugin); 10000 does not complete.
const depths = JSON.parse(getWasiArgs()).slice(1).map(Number);

function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }  // expect-js: depth calls=101+1001+2001+2501
function sumTo(n, acc) { if (n === 0) return acc; return sumTo(n - 1, acc + n); }  // expect-js: sumTo calls=101
function ackermann(m, n) {  // expect-js: ackermann
  if (m === 0) return n + 1;
  if (n === 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}
const isEven = (n) => (n === 0 ? true : isOdd(n - 1));  // expect-js: isEven calls=51+51
const isOdd = (n) => (n === 0 ? false : isEven(n - 1));  // expect-js: isOdd calls=50+51

for (const d of depths) console.log("depth", d, depth(d));
console.log("sumTo", sumTo(depths[0], 0));
console.log("mutual", isEven(depths[0]), isOdd(depths[0] + 1));
console.log("ackermann(2,3)", ackermann(2, 3));
