// regexp.js: regular expressions: groups, named groups, global/sticky flags, replace callbacks, split.
// expect-exit: 0
const text = JSON.parse(getWasiArgs())[1];

const dates = [...text.matchAll(/(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})/g)];
console.log("dates", dates.map((m) => `${m.groups.d}/${m.groups.m}/${m.groups.y}`).join(" "));  // expect-js: <anonymous>

const emails = text.match(/[\w.+-]+@[\w-]+\.[\w.]+/g) || [];
console.log("emails", emails.length, emails.join(","));

console.log("title", text.replace(/\b([a-z])(\w*)/g, (_, a, rest) => a.toUpperCase() + rest).slice(0, 40));
console.log("words", text.split(/\s+/).filter((w) => /^[a-z]+$/i.test(w)).length);

const sticky = /\w+/y;
sticky.lastIndex = 7;
console.log("sticky", sticky.exec(text)?.[0], sticky.lastIndex);
console.log("case-insensitive", /ORDER/i.test(text), /^\d/.test(text));
console.log("lookbehind", (text.match(/(?<=#)\d+/g) || []).join("+"));
const re = /(a+)(b)?/;
console.log("exec", JSON.stringify(re.exec("caaab")), JSON.stringify("xaax".match(re)));
console.log("unicode", /\p{L}+/u.exec("123 héllo")[0], "a.b*c".replace(/[.*]/g, "\\$&"));
