// acorn.js: corpus driver: parse a small program with acorn (prototype methods: `pp.x = function`).
import { parse } from "acorn";
const src = "function f(a, b) { return a + b * 2; }\nclass C { m(x) { return [x, ...x]; } }\nlet s = `t${1}`;\n";
let n = 0;
for (let i = 0; i < 5; i++) n += parse(src, { ecmaVersion: 2022 }).body.length;
console.log("acorn", n);
