// strings.js: perf workload: string building (concatenation, join, slices, char codes).
// bench-args: {"n":80000}
// callgrind-args: {"n":15000}
// Input: JSON args [name, '{"n": N}']; prints a hash of the built strings.
const { n } = JSON.parse(JSON.parse(getWasiArgs())[1]);
let h = 0;
for (let round = 0; round < 4; round++) {
  let s = "";
  const parts = [];
  for (let i = 0; i < n; i++) {
    s += String.fromCharCode(97 + ((i + round) % 26));
    if (i % 64 === 63) { parts.push(s.slice(-16).toUpperCase() + "-" + i); }
  }
  const joined = parts.join(",");
  for (let i = 0; i < joined.length; i += 3) h = (h * 31 + joined.charCodeAt(i)) >>> 0;
  h = (h + s.length + s.indexOf("xyz") + joined.split("-").length) >>> 0;
}
console.log("strings", n, h);
