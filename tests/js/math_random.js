// math_random.js: this plugin's Math.random calls the host import env.random_seed: expect that trap.
// expect-exit: 134
console.log("typeof Math.random", typeof Math.random);
console.log("deterministic math", Math.max(3, 9, 4), Math.hypot(3, 4), Math.floor(-2.5));
console.log("calling Math.random");
const r = Math.random();
console.log("never printed", r);
