// json.js: perf workload: JSON.stringify / JSON.parse round trips of a generated document.
// bench-args: {"records":3000,"rounds":16}
// callgrind-args: {"records":600,"rounds":8}
// Input: JSON args [name, '{"records": R, "rounds": K}']; prints a checksum over every round.
const { records, rounds } = JSON.parse(JSON.parse(getWasiArgs())[1]);
const doc = { version: 3, records: [] };
for (let i = 0; i < records; i++) {
  doc.records.push({
    id: i, name: "record-" + i, score: (i * 7919) % 1000 / 10,
    tags: ["t" + (i % 5), "u" + (i % 11)], nested: { ok: i % 3 === 0, ref: null },
  });
}
let sum = 0;
let cur = doc;
for (let r = 0; r < rounds; r++) {
  const text = JSON.stringify(cur);
  cur = JSON.parse(text);
  cur.version += 1;
  sum = (sum + text.length + cur.records[r % records].id) % 1000000007;
}
console.log("json", records, rounds, sum, cur.version);
