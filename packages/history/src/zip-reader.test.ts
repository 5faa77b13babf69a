import { describe, expect, it } from 'vitest';
import { ZipFormatError } from './errors';
import { readZipEntries } from './zip-reader';
import { makeZip } from './zip-writer.fixture';

const csv = 'a,b,c\n'.repeat(1000);

describe('readZipEntries', () => {
  it('reads deflated and stored entries back byte for byte', () => {
    const zip = makeZip([
      { name: 'X-1m-2024-01.csv', data: csv },
      { name: 'raw.csv', data: 'stored', store: true },
    ]);
    expect(readZipEntries(zip, 'x.zip').map((e) => [e.name, e.data.toString()])).toEqual([
      ['X-1m-2024-01.csv', csv],
      ['raw.csv', 'stored'],
    ]);
  });

  it.each([10, 100, 200])('calls a zip cut %i bytes short truncated, naming the file', (cut) => {
    const zip = makeZip([{ name: 'a.csv', data: csv }]);
    expect(() => readZipEntries(zip.subarray(0, zip.length - cut), 'BTCUSDT-1m-2024-01.zip')).toThrow(
      /^BTCUSDT-1m-2024-01\.zip: truncated zip/,
    );
  });

  it('refuses an entry whose bytes were damaged', () => {
    const zip = makeZip([{ name: 'a.csv', data: csv, store: true }]);
    zip[40] = (zip[40] as number) ^ 0xff;
    expect(() => readZipEntries(zip, 'd.zip')).toThrow(ZipFormatError);
    expect(() => readZipEntries(zip, 'd.zip')).toThrow(/a\.csv fails its CRC-32 check/);
  });

  it('refuses what is not a zip', () => {
    expect(() => readZipEntries(Buffer.from('<Error>NoSuchKey</Error>'), 'e.zip')).toThrow(
      /^e\.zip: truncated zip or not a zip/,
    );
  });
});
