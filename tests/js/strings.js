// strings.js: string building: concatenation in loops, template literals, join, padding, repeat, unicode.
// expect-exit: 0
const n = Number(JSON.parse(getWasiArgs())[1]);

let s = "";
for (let i = 0; i < n; i++) s += String.fromCharCode(97 + (i % 26));
console.log("concat", s.length, s.slice(0, 30));

const parts = [];
for (let i = 0; i < n; i++) parts.push(`${i}:${(i * 7) % 13}`);
const joined = parts.join(",");
console.log("join", joined.length, joined.slice(-24));

const table = [["sku", "qty", "price"], ["A-1", 3, 9.5], ["B-22", 12, 100]];
for (const row of table) console.log(row.map((c, i) => (i === 0 ? String(c).padEnd(6) : String(c).padStart(7))).join("|"));  // expect-js: <anonymous>

console.log("repeat", "ab".repeat(5), "-".repeat(10));
console.log("case", "Hello World".toUpperCase(), "ÀÉÎ".toLowerCase());
console.log("search", s.indexOf("xyz"), s.lastIndexOf("abc"), s.includes("mnop"), s.startsWith("abc"));
console.log("surrogates", "😀x".length, [..."😀x"].length, "😀".codePointAt(0).toString(16));
console.log("normalize", "e\u0301" === "é", "e\u0301".normalize() === "é");
console.log("trim+split", "  a, b ,c  ".trim().split(/\s*,\s*/).join("/"));
let h = 0;
for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
console.log("hash", h);
