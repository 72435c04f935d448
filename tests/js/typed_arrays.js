// typed_arrays.js: typed arrays, ArrayBuffer views, DataView endianness, TextEncoder round trips.
// expect-exit: 0
const n = Number(JSON.parse(getWasiArgs())[1]);

const f64 = new Float64Array(n);
for (let i = 0; i < n; i++) f64[i] = i / 4;
console.log("f64 sum", f64.reduce((a, b) => a + b, 0));

const buf = new ArrayBuffer(16);
const dv = new DataView(buf);
dv.setUint32(0, 0xdeadbeef, false);
dv.setUint32(4, 0xdeadbeef, true);
dv.setFloat64(8, Math.PI, true);
const bytes = new Uint8Array(buf);
console.log("bytes", Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(""));
console.log("dataview", dv.getUint16(0).toString(16), dv.getInt8(3), dv.getFloat64(8, true).toFixed(6));

const u8 = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 0xff);
const clamped = new Uint8ClampedArray([300, -5, 12.5, 255]);
console.log("u8", u8.slice(0, 8).join(","), "max", Math.max(...u8), "clamped", clamped.join(","));

const i32 = new Int32Array([5, -3, 10, 0, -100]);
i32.sort();
console.log("sorted", i32.join(","), "overflow", new Int32Array([2147483647 + 1])[0]);
console.log("shared view", new Uint16Array(bytes.buffer, 0, 2).length, new Int16Array(buf)[0]);
const big = new BigInt64Array([2n ** 62n, -1n]);
console.log("bigint64", big[0].toString(), big[1].toString());
if (typeof TextEncoder === "function") {
  const enc = new TextEncoder().encode("héllo");
  console.log("utf8", enc.length, new TextDecoder().decode(enc));
}
