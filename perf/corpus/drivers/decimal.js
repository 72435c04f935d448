// decimal.js: corpus driver: invoices in exact decimal money math (decimal.js): line totals,
// discounts, VAT by rate, rounding half-even, currency conversion, interest schedules.
// bench-args: {"invoices":300,"rounds":2}
// callgrind-args: {"invoices":80,"rounds":1}
import Decimal from 'decimal.js';
import { args, rng, fnv, report } from './util.js';

const { invoices, rounds } = args();
const rand = rng(17);
Decimal.set({ precision: 28, rounding: Decimal.ROUND_HALF_EVEN });
const rates = [new Decimal('0.19'), new Decimal('0.07'), new Decimal('0.20'), new Decimal('0.055')];
const fx = new Decimal('1.0837');
let h = 0x811c9dc5, grand = new Decimal(0);
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < invoices; i++) {
    let net = new Decimal(0), vat = new Decimal(0);
    for (let j = 0, m = 1 + (rand() % 10); j < m; j++) {
      const price = new Decimal(rand() % 100000).div(100), qty = new Decimal(1 + (rand() % 12));
      const disc = new Decimal(rand() % 30).div(100);
      const line = price.mul(qty).mul(Decimal.sub(1, disc)).toDecimalPlaces(2);
      net = net.add(line);
      vat = vat.add(line.mul(rates[rand() % rates.length]).toDecimalPlaces(2));
    }
    const gross = net.add(vat), usd = gross.mul(fx).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    // A 12-month instalment plan at 7.9% a year: annuity payment and the schedule's rounding rest.
    const monthly = new Decimal('0.079').div(12), n = 12;
    const pay = gross.mul(monthly).div(Decimal.sub(1, monthly.add(1).pow(-n))).toDecimalPlaces(2);
    let rest = gross;
    for (let k = 0; k < n; k++) rest = rest.add(rest.mul(monthly).toDecimalPlaces(2)).sub(pay);
    grand = grand.add(gross);
    h = fnv(`${net.toFixed(2)}|${vat.toFixed(2)}|${usd.toFixed(2)}|${pay.toFixed(2)}|${rest.toFixed(2)}|${gross.sqrt().toSignificantDigits(10)}`, h);
  }
}
report('decimal', h, grand.toFixed(2));
