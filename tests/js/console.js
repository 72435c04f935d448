// console.js: console.log / console.error formatting of the javy plugin (stdout vs stderr).
// expect-exit: 0
// expect-builtin: console.log calls=8
// expect-builtin: console.error calls=2
const args = JSON.parse(getWasiArgs());
console.log("argc", args.length);
console.log("args", args.slice(1).join("|"));
console.log("numbers", 1, 2.5, -0, 1e21, NaN, Infinity);
console.log("mixed", true, null, undefined, "text");
console.log(JSON.stringify({ nested: { list: [1, 2, 3] } }));
console.error("to stderr", 42);
console.error("second stderr line", args[1]);
console.log("unicode", "héllo wörld ✓ 日本");
console.log("");
console.log("done");
