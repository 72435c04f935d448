// builtins.js: native builtins as frames of their own: named, counted exactly, callbacks as their children.
// expect-exit: 0
// expect-builtin: JSON.parse calls=1+n
// expect-builtin: JSON.stringify calls=2
// expect-builtin: Array.prototype.map calls=2
// expect-builtin: Array.prototype.forEach calls=1
// expect-builtin: Array.prototype.join calls=1
// expect-builtin: Math.floor calls=n
// expect-builtin: String.prototype.replace calls=1
// expect-builtin: RegExp.prototype[Symbol.replace] calls=1
// expect-builtin: get RegExp.prototype.flags calls=1
// expect-builtin: RegExp.prototype.exec calls=3
// expect-builtin: Number calls=1
// expect-builtin: String calls=2
const n = Number(JSON.parse(getWasiArgs())[1] || 4);

let total = 0;
for (let i = 0; i < n; i++) {
  const o = JSON.parse('{"a":' + i + "}");
  total += Math.floor(o.a / 2);
}
function square(x) { return x * x; }  // expect-js: square calls=5 parent=Array.prototype.map
const squares = [1, 2, 3, 4, 5].map(square);
const halves = [2, 4].map((x) => x / 2);  // expect-js: <anonymous> calls=2 parent=Array.prototype.map
let seen = 0;
[7, 8, 9].forEach(function visit(x) { seen += x; });  // expect-js: visit calls=3 parent=Array.prototype.forEach
const text = "a-b-c".replace(/-/g, "+");
const label = String(total) + "/" + String(seen);   // constructors called as functions: named by their `name`
console.log(JSON.stringify({ total, seen, text, label }), squares.join(","), JSON.stringify(halves));
