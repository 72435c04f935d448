// closures.js: closures capturing loop variables, counters, currying and memoisation.
// expect-exit: 0
const n = Number(JSON.parse(getWasiArgs())[1] || 5);

function makeCounter(start) {
  let count = start;
  return { inc: () => ++count, dec: () => --count, get: () => count };
}

const c = makeCounter(n);
c.inc(); c.inc(); c.dec();
console.log("counter", c.get());

const fns = [];
for (let i = 0; i < n; i++) fns.push(() => i * i);
console.log("squares", fns.map((f) => f()).join(","));

const add = (a) => (b) => (d) => a + b + d;
console.log("curried", add(1)(2)(n));

function memo(fn) {
  const cache = new Map();
  return (x) => {
    if (!cache.has(x)) cache.set(x, fn(x));
    return cache.get(x);
  };
}
let calls = 0;
const fib = memo((k) => { calls++; return k < 2 ? k : fib(k - 1) + fib(k - 2); });
console.log("fib", fib(40), "calls", calls);

const compose = (...fs) => (x) => fs.reduceRight((acc, f) => f(acc), x);
console.log("composed", compose((x) => x + 1, (x) => x * 2)(n));
