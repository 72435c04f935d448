// fib.js: perf workload: recursive calls (naive fib); the ~1 s one in the plain build.
// bench-args: {"n":34}
// callgrind-args: {"n":25}
// Input: JSON args [name, '{"n": N}']; prints fib(N) as its checksum.
const { n } = JSON.parse(JSON.parse(getWasiArgs())[1]);
function fib(k) { return k < 2 ? k : fib(k - 1) + fib(k - 2); }
console.log("fib", n, fib(n));
