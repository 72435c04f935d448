// recursion_unbounded.js: unbounded JS recursion must trap cleanly (node: wasm stack exhausted).
// expect-exit: 134
let deepest = 0;
function down(n) {
  deepest = n;
  return down(n + 1) + 1;
}
console.log("start");
console.log(down(0));
console.log("never printed", deepest);
