// cart.ts: the shop's own code (with typed helpers) that the source-map fixture bundles.
import { sortBy, sumBy, groupBy } from "lodash-es";

export interface Line { sku: string; qty: number; price: number; }

export function lineTotal(line: Line): number {  // expect-js: lineTotal
  return Math.round(line.qty * line.price * 100) / 100;
}

export class Cart {
  lines: Line[] = [];
  add(sku: string, qty: number, price: number): this {  // expect-js: add
    this.lines.push({ sku, qty, price });
    return this;
  }
  total(): number {  // expect-js: total
    return sumBy(this.lines, lineTotal);
  }
  bySku(): Record<string, Line[]> {  // expect-js: bySku
    return groupBy(sortBy(this.lines, (l) => l.sku), (l) => l.sku.slice(0, 1));
  }
}

export const pricing: { discount: (t: number) => number } = {
  discount: function (t: number): number {  // expect-js: discount
    return t > 100 ? t * 0.9 : t;
  },
};

export const rules: Record<string, (t: number) => number> = {};
rules.tax = function (t: number): number {  // expect-js: rules.tax inferred
  return t * 1.2;
};

export function scaleBy(k: number): (x: number) => number {  // expect-js: scaleBy
  return function (x: number): number {  // expect-js: scaleBy/< inferred
    return x * k;
  };
}
