import { describe, expect, it } from 'vitest';
import { parseKlineCsv } from './kline-csv';

const MS_ROW =
  '1704067200000,42283.58000000,42298.62000000,42283.57000000,42298.61000000,35.92724000,1704067259999,1519032.48296700,1327,23.18622000,980424.81476900,0';
const US_ROW =
  '1735689600000000,4.15070000,4.15870000,4.15060000,4.15540000,539.23000000,1735693199999999,2240.39860900,13,401.82000000,1669.98121300,0';

describe('parseKlineCsv', () => {
  it('reads a millisecond row exactly, without the ignore column', () => {
    const { rows, rejected } = parseKlineCsv(Buffer.from(`${MS_ROW}\n`), 'a.csv');
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      {
        openTime: 1704067200000,
        closeTime: 1704067259999,
        trades: 1327,
        values: [
          '42283.58',
          '42298.62',
          '42283.57',
          '42298.61',
          '35.92724',
          '1519032.482967',
          '23.18622',
          '980424.814769',
        ],
      },
    ]);
  });

  it('reads 2025 microsecond times as milliseconds (told apart by magnitude)', () => {
    const { rows } = parseKlineCsv(Buffer.from(`${US_ROW}\r\n${MS_ROW}\r\n`), 'b.csv');
    expect(rows.map((r) => [r.openTime, r.closeTime])).toEqual([
      [1735689600000, 1735693199999],
      [1704067200000, 1704067259999],
    ]);
  });

  it('skips a header row and says so', () => {
    const header =
      'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
    const parsed = parseKlineCsv(Buffer.from(`${header}\n${MS_ROW}\n`), 'c.csv');
    expect(parsed.headerSkipped).toBe(true);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rejected).toEqual([]);
  });

  it('rejects bad lines with file, line and reason, and keeps the good ones', () => {
    const text = [
      MS_ROW,
      'garbage',
      MS_ROW.replace('42283.58000000', '4x.1'),
      MS_ROW.replace(',0', ''),
      '',
      MS_ROW,
    ].join('\n');
    const { rows, rejected } = parseKlineCsv(Buffer.from(text), 'd.csv');
    expect(rows).toHaveLength(2);
    expect(rejected.map((r) => [r.file, r.line, r.reason])).toEqual([
      ['d.csv', 2, 'expected 12 columns, got 1'],
      ['d.csv', 3, 'open "4x.1" is not a non-negative decimal'],
      ['d.csv', 4, 'expected 12 columns, got 11'],
    ]);
  });

  it('rejects a close time before the open time and a timestamp of no known unit', () => {
    const swapped = MS_ROW.replace('1704067200000', '1704067300000');
    const tiny = MS_ROW.replace('1704067200000', '17040672');
    const { rejected } = parseKlineCsv(Buffer.from(`${swapped}\n${tiny}\n`), 'e.csv');
    expect(rejected.map((r) => r.reason)).toEqual([
      'close time 1704067259999 is not after open time 1704067300000',
      'open time 17040672 is too small to be a timestamp',
    ]);
  });
});
