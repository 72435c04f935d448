// marked.js: corpus driver: render markdown (a lexer, a parser and a renderer as classes).
import { marked } from "marked";
const md = "# Title\n\nSome *emphasis* and **strong** text with `code` and a [link](http://x.y).\n\n- one\n- two\n  - nested\n\n```js\nlet a = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
let len = 0;
for (let i = 0; i < 5; i++) len += marked.parse(md.repeat(3)).length;
console.log("marked", len);
