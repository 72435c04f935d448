// closures.js: closures capturing loop variables, counters, currying and memoisation.
// expect-exit: 0
const n = Number(JSON.parse(getWasiArgs())[1] || 5);

function makeCounter(start) {  // expect-js: makeCounter calls=1
  let count = start;
  return { inc: () => ++count, dec: () => --count, get: () => count };
}

const c = makeCounter(n);
c.inc(); c.inc(); c.dec();
console.log("counter", c.get());

const fns = [];
for (let i = 0; i < n; i++) fns.push(() => i * i);  // expect-js: <anonymous> calls=7
console.log("squares", fns.map((f) => f()).join(","));  // expect-js: <anonymous> calls=7

const add = (a) => (b) => (d) => a + b + d;
console.log("curried", add(1)(2)(n));

function memo(fn) {  // expect-js: memo calls=1
  const cache = new Map();
  return (x) => {  // expect-js: memo/< calls=1+2*39
    if (!cache.has(x)) cache.set(x, fn(x));
    return cache.get(x);
  };
}
let calls = 0;
const fib = memo((k) => { calls++; return k < 2 ? k : fib(k - 1) + fib(k - 2); });  // expect-js: <anonymous> calls=41
console.log("fib", fib(40), "calls", calls);

const compose = (...fs) => (x) => fs.reduceRight((acc, f) => f(acc), x);
console.log("composed", compose((x) => x + 1, (x) => x * 2)(n));
