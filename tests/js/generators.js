// generators.js: generators, yield*, iterator protocol, lazy pipelines, return/throw into generators.
// expect-exit: 0
function* range(start, end, step = 1) {  // expect-js: range calls=2 resumed
  for (let i = start; i < end; i += step) yield i;
}
function* take(it, n) {  // expect-js: take calls=2 resumed
  for (const v of it) { if (n-- <= 0) return; yield v; }
}
function* naturals() { let i = 0; while (true) yield i++; }  // expect-js: naturals calls=1 resumed
function* mapGen(it, f) { for (const v of it) yield f(v); }  // expect-js: mapGen calls=1 resumed
function* concat(...its) { for (const it of its) yield* it; }  // expect-js: concat calls=1 resumed

const n = Number(JSON.parse(getWasiArgs())[1]);
console.log("range", [...range(0, n, 3)].join(","));
console.log("lazy squares", [...take(mapGen(naturals(), (x) => x * x), n)].join(","));
console.log("concat", [...concat(range(0, 3), "ab", [9])].join(","));

function* conversation() {
  const name = yield "name?";
  const age = yield "age of " + name + "?";
  return name + " is " + age;
}
const g = conversation();
console.log(g.next().value, g.next("ada").value, JSON.stringify(g.next(36)));

function* guarded() {
  try { yield 1; yield 2; } finally { console.log("generator cleanup"); }
}
const h = guarded();
h.next();
console.log("return()", JSON.stringify(h.return(42)));
const k = guarded();
k.next();
try { k.throw(new Error("injected")); } catch (e) { console.log("throw()", e.message); }

const fibs = { *[Symbol.iterator]() { let [a, b] = [0, 1]; for (;;) { yield a; [a, b] = [b, a + b]; } } };
console.log("fib", [...take(fibs, n)].join(" "));
