import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Dec } from '@aurora/core';
import { Catalog } from './catalog';
import { ingestSourceFile } from './ingest-file';
import { DECIMAL_FIELDS } from './kline-row';

const MIN = 60_000;
const root = mkdtempSync(join(tmpdir(), 'aurora-history-prop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Decimal strings as the archive writes them, plus wider ones: up to 10 integer and 8 fraction digits, padded or not. */
const decimalText = fc
  .tuple(fc.stringMatching(/^\d{1,10}$/), fc.stringMatching(/^\d{0,8}$/), fc.boolean())
  .map(([whole, frac, pad]) =>
    pad ? `${whole}.${frac.padEnd(8, '0')}` : frac === '' ? whole : `${whole}.${frac}`,
  );

const row = fc.record({
  minute: fc.integer({ min: 0, max: 3 * 44_640 }),
  values: fc.array(decimalText, { minLength: 8, maxLength: 8 }),
  trades: fc.integer({ min: 0, max: 2 ** 40 }),
});

let run = 0;

describe('CSV → catalog → read', () => {
  it('gives back every price and quantity exactly, across months, ms and µs files', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { minLength: 1, maxLength: 120, selector: (r) => r.minute }),
        fc.boolean(),
        (rows, micro) => {
          // Starting a minute before 2025 puts µs rows in January 2025 and the first in December.
          const base = Date.UTC(2024, 11, 31, 23, 59);
          const unit = micro ? 1000 : 1;
          const csv = rows
            .map((r) => {
              const t = base + r.minute * MIN;
              const v = r.values;
              return [
                t * unit,
                v[0],
                v[1],
                v[2],
                v[3],
                v[4],
                (t + MIN) * unit - 1,
                v[5],
                r.trades,
                v[6],
                v[7],
                0,
              ].join(',');
            })
            .join('\n');
          const catalog = new Catalog(join(root, String(run++)));
          const report = ingestSourceFile(
            catalog,
            {
              name: 'PROP-1m.csv',
              data: Buffer.from(csv),
              sha256: 'x',
              kind: 'import',
              symbol: 'PROPUSDT',
              interval: '1m',
            },
            0,
          );
          expect(report.rejected).toEqual([]);
          const series = catalog.load('PROPUSDT', '1m');
          const sorted = [...rows].sort((a, b) => a.minute - b.minute);
          expect(series.length).toBe(sorted.length);
          sorted.forEach((r, i) => {
            expect(series.openTime[i]).toBe(base + r.minute * MIN);
            expect(series.closeTime[i]).toBe(base + r.minute * MIN + MIN - 1);
            expect(series.trades[i]).toBe(r.trades);
            DECIMAL_FIELDS.forEach((field, k) => {
              const text = r.values[k] as string;
              expect(series.decimalString(field, i)).toBe(new Dec(text).toFixed());
              expect(series.decimal(field, i).eq(new Dec(text))).toBe(true);
              const exact = Number.parseFloat(text);
              const n = series.numbers(field)[i] as number;
              expect(Math.abs(n - exact)).toBeLessThanOrEqual(exact * Number.EPSILON);
            });
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});
