// lodash.js: corpus driver: lodash-es collection helpers (many tiny, byte-identical functions).
import { groupBy, sortBy, uniqBy, sumBy, chunk, debounce, cloneDeep, isEqual } from "lodash-es";
const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, k: "k" + (i % 7), v: (i * 13) % 31 }));
const g = groupBy(rows, "k");
const s = sortBy(rows, ["v", "id"]);
console.log("lodash", Object.keys(g).length, s[0].id, uniqBy(rows, "v").length, sumBy(rows, "v"),
  chunk(rows, 9).length, typeof debounce(() => 0, 10), isEqual(cloneDeep(rows.slice(0, 20)), rows.slice(0, 20)));
