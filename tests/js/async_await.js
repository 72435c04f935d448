// async_await.js: async functions, await chains, Promise.all/race/allSettled and microtask order.
// expect-exit: 0
const order = [];
const delayFree = (v) => new Promise((resolve) => resolve(v));

async function square(x) { await null; return x * x; }  // expect-js: square calls=9 resumes=9
async function sumSquares(xs) {  // expect-js: sumSquares calls=1 resumes=4
  let total = 0;
  for (const x of xs) total += await square(x);
  return total;
}
async function failing(msg) { await delayFree(0); throw new Error(msg); }  // expect-js: failing calls=2 resumes=2

async function main(xs) {  // expect-js: main calls=1 resumes=5
  order.push("main start");
  console.log("sumSquares", await sumSquares(xs));
  console.log("all", (await Promise.all(xs.map(square))).join(","));
  console.log("race", await Promise.race([delayFree("first"), delayFree("second")]));
  const settled = await Promise.allSettled([square(2), failing("nope")]);
  console.log("allSettled", settled.map((s) => s.status + ":" + (s.value ?? s.reason.message)).join(" "));
  try { await failing("awaited rejection"); } catch (e) { console.log("caught", e.message); }
  order.push("main end");
}

const xs = JSON.parse(JSON.parse(getWasiArgs())[1]);
Promise.resolve().then(() => order.push("microtask 1"));
main(xs).then(() => {
  order.push("then");
  console.log("order", order.join(" > "));
});
queueMicrotask?.(() => order.push("queueMicrotask"));
order.push("sync end");
console.log("sync part done");
