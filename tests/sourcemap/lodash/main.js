// main.js: the "many identical small functions" fixture: lodash-es has dozens of byte-identical
// helpers (stubFalse/stubArray, identity-like getters); every one that runs must be named.
import { chunk, compact, difference, flatten, groupBy, isArray, isEqual, isObject, isString,
         keyBy, map, memoize, merge, partition, pick, range, sortBy, sum, sumBy, uniq, zip } from "lodash-es";

const rows = range(0, 60).map((i) => ({ id: i, kind: ["a", "b", "c"][i % 3], price: (i * 7) % 23 }));
const byKind = groupBy(rows, "kind");
const sorted = sortBy(rows, ["price", "id"]);
const fib = memoize((n) => (n < 2 ? n : fib(n - 1) + fib(n - 2)));
console.log("kinds", Object.keys(byKind).join(","), "first", sorted[0].id, "fib", fib(30));
console.log("sum", sum(map(rows, "price")), sumBy(rows, (r) => r.id));
console.log("chunks", chunk(range(10), 3).length, compact([0, 1, false, 2, "", 3]).length);
console.log("diff", difference(range(10), [1, 2, 3]).length, flatten([[1], [2, [3]]]).length, uniq([1, 1, 2]).length);
console.log("types", isArray([]), isObject({}), isString("x"), isEqual({ a: [1, 2] }, { a: [1, 2] }));
console.log("merge", JSON.stringify(merge({ a: { b: 1 } }, { a: { c: 2 } })), JSON.stringify(pick({ a: 1, b: 2 }, ["a"])));
console.log("part", partition(rows, (r) => r.price > 10).map((p) => p.length).join("/"), Object.keys(keyBy(rows, "id")).length);
console.log("zip", zip([1, 2], ["a", "b"]).length);
