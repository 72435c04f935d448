// msgpack.js: corpus driver: MessagePack encode/decode (@msgpack/msgpack) of generated events.
// bench-args: {"events":600,"rounds":4}
// callgrind-args: {"events":150,"rounds":1}
import { encode, decode } from '@msgpack/msgpack';
import { args, rng, fnv, report } from './util.js';

const { events, rounds } = args();
const rand = rng(23);
const evs = Array.from({ length: events }, (_, i) => ({
  id: i, kind: ['view', 'add', 'remove', 'checkout'][rand() % 4], ts: 1700000000000 + rand(),
  price: (rand() % 100000) / 100, neg: -(rand() % 70000), big: rand() * 65536 + rand(), ok: rand() % 2 === 0,
  tags: Array.from({ length: rand() % 5 }, (_, k) => 't' + k + 'é'), meta: { src: 'web', ref: rand() % 3 ? null : 'mail' },
  blob: Uint8Array.from({ length: rand() % 40 }, () => rand() & 255),
}));
let h = 0x811c9dc5, bytes = 0;
for (let r = 0; r < rounds; r++) {
  const buf = encode(evs);
  bytes += buf.length;
  const back = decode(buf);
  for (let i = 0; i < buf.length; i += 97) h = Math.imul(h ^ buf[i], 16777619) >>> 0;
  h = fnv(back.map((e) => e.kind + e.price + e.tags.join('') + e.blob.length + e.big).join(','), h);
}
report('msgpack', h, bytes);
