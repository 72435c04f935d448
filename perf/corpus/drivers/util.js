// util.js: what the corpus drivers share: their argument, a seeded PRNG (javy traps on
// Math.random), and a string checksum (FNV-1a, 32 bits) for the line node's run is compared on.

/** The driver's JSON argument (WASI argument 1, as perf/bench.sh passes it). */
export function args() {
  return JSON.parse(JSON.parse(getWasiArgs())[1]);
}

/** A deterministic generator of integers in [0, 2^31). */
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s;
  };
}

/** FNV-1a of a string's UTF-16 units, as an unsigned 32-bit number. */
export function fnv(str, h = 0x811c9dc5) {
  for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** The line every driver ends with. */
export function report(name, h, extra) {
  console.log(`${name} checksum ${h >>> 0} ${extra}`);
}
