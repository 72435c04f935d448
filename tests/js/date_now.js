// date_now.js: Date.now and new Date() read WASI clocks; prints only run-independent facts.
// expect-exit: 0
const t0 = Date.now();
let spin = 0;
for (let i = 0; i < 20000; i++) spin += i;
const t1 = Date.now();
const d = new Date();
console.log("typeof", typeof t0, Number.isInteger(t0));
console.log("after 2020", t0 > Date.UTC(2020, 0, 1));
console.log("monotonic", t1 >= t0, spin);
console.log("date valid", !isNaN(d.getTime()), d.getTime() >= t0);
const fixed = new Date(Date.UTC(2024, 1, 29, 12, 30, 0));
console.log("fixed", fixed.toISOString(), fixed.getUTCDay(), JSON.stringify({ when: fixed }));
console.log("parse", Date.parse("2001-02-03T04:05:06Z"));
