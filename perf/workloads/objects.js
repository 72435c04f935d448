// objects.js: perf workload: object and array heavy code (allocation, map/filter/sort/reduce, Map).
// bench-args: {"n":15000,"rounds":6}
// callgrind-args: {"n":3000,"rounds":3}
// Input: JSON args [name, '{"n": N, "rounds": K}']; prints a checksum.
const { n, rounds } = JSON.parse(JSON.parse(getWasiArgs())[1]);
let seed = 12345;
function rand() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; }
let check = 0;
for (let r = 0; r < rounds; r++) {
  const people = [];
  for (let i = 0; i < n; i++) {
    people.push({ id: i, age: rand() % 90, city: "c" + (rand() % 20), pts: [rand() % 100, rand() % 100] });
  }
  const adults = people.filter(p => p.age >= 18).map(p => ({ ...p, total: p.pts[0] + p.pts[1] }));
  adults.sort((a, b) => b.total - a.total || a.id - b.id);
  const byCity = new Map();
  for (const p of adults) {
    const e = byCity.get(p.city) || { count: 0, sum: 0 };
    e.count++; e.sum += p.total;
    byCity.set(p.city, e);
  }
  const best = [...byCity.entries()].sort((a, b) => b[1].sum - a[1].sum)[0];
  check = (check + adults.length * 31 + adults[0].id + best[1].count + Object.keys(people[0]).length) % 1000000007;
}
console.log("objects", n, rounds, check);
