// identical.js: byte-identical functions (same bytecode, other names and places) told apart at run time.
// expect-exit: 0
const n = Number(JSON.parse(getWasiArgs())[1] || 3);

function id1(x) { return x; }  // expect-js: id1 calls=1
function id2(x) { return x; }  // expect-js: id2 calls=2
function id3(x) { return x; }  // expect-js: id3 calls=n
function id4(x) { return x; }  // expect-js: id4 calls=2*n
function nop1() {}  // expect-js: nop1 calls=n+1
function nop2() {}  // expect-js: nop2 calls=1
const inc1 = (x) => x + 1;  // expect-js: inc1 calls=3
const inc2 = (x) => x + 1;  // expect-js: inc2 calls=n*n

let s = id1(1) + id2(2) + id2(3);
for (let i = 0; i < n; i++) {
  s += id3(i) + id4(i) + id4(i + 1);
  nop1();
}
nop1();
nop2();
for (let i = 0; i < 3; i++) s = inc1(s);
for (let i = 0; i < n * n; i++) s = inc2(s);
console.log("sum", s);
