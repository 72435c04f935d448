// fib.js: the profiling benchmark: recursive fib plus a JSON round trip, deterministic output.
// expect-exit: 0
const n = Number(JSON.parse(getWasiArgs())[1]);
function fib(k) { return k < 2 ? k : fib(k - 1) + fib(k - 2); }  // expect-js: fib calls=(2*10946-1)+(2*6765-1)+(2*4181-1)
let results = [];
for (let i = 0; i < 3; i++) results.push(fib(n - i));
console.log("fib", results.join(","));
const doc = { items: results.map((v, i) => ({ i, v, label: "item-" + i })) };
const text = JSON.stringify(doc);
console.log("json length", text.length);
console.log("round trip", JSON.parse(text).items.reduce((a, it) => a + it.v, 0));
