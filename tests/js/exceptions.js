// exceptions.js: throw/catch/finally through several frames, custom errors, rethrow.
// expect-exit: 0
class ValidationError extends Error {
  constructor(field, msg) { super(msg); this.name = "ValidationError"; this.field = field; }
}

const log = [];
function level3(x) {  // expect-js: level3
  try {
    if (x < 0) throw new ValidationError("x", "negative: " + x);
    if (x === 0) throw new RangeError("zero");
    return 100 / x;
  } finally {
    log.push("f3(" + x + ")");
  }
}
function level2(x) {  // expect-js: level2
  try { return level3(x); } finally { log.push("f2"); }
}
function level1(x) {  // expect-js: level1
  try {
    return "ok " + level2(x);
  } catch (e) {
    if (e instanceof ValidationError) return "invalid " + e.field + ": " + e.message;
    throw e;
  } finally {
    log.push("f1");
  }
}

const inputs = JSON.parse(JSON.parse(getWasiArgs())[1]);
for (const x of inputs) {
  try {
    console.log(level1(x));
  } catch (e) {
    console.log("outer caught", e.name, e.message);
  }
}
console.log(log.join(" "));
function finallyOverrides() { try { return "try"; } finally { log.length = 0; } }  // expect-js: finallyOverrides calls=1
console.log(finallyOverrides(), log.length);
try { null.prop; } catch (e) { console.log(e instanceof TypeError, e.name); }
