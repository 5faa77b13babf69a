import { CatalogFormatError } from './errors';
import type { KlineInterval } from './intervals';
import { DECIMAL_FIELDS, type DecimalField, type KlineRow } from './kline-row';
import { packScaled, type ScaledArray, type ScaledKind } from './scaled-decimal';

/**
 * One catalog file: the candles of one symbol, interval and month as columns. Layout:
 *   "AURKLN01" | uint32 LE header length | header JSON | zero padding to 8 bytes | columns
 * Each column sits at an 8-byte-aligned offset so reading is one readFile plus typed-array views
 * over the same bytes, no parsing per candle. Times and trade counts are float64 (exact integers
 * below 2^53); prices and quantities are scaled integers with the column's own decimal scale.
 */
const MAGIC = 'AURKLN01';
const TIME_COLUMNS = ['openTime', 'closeTime', 'trades'] as const;

interface ColumnHeader {
  name: string;
  kind: ScaledKind;
  scale: number;
  offset: number;
}

interface FileHeader {
  symbol: string;
  interval: KlineInterval;
  rows: number;
  columns: ColumnHeader[];
}

export interface ScaledColumn {
  kind: ScaledKind;
  scale: number;
  values: ScaledArray;
}

/** The columns of one catalog file, views over its bytes. */
export interface CandleChunk {
  symbol: string;
  interval: KlineInterval;
  length: number;
  openTime: Float64Array;
  closeTime: Float64Array;
  trades: Float64Array;
  decimals: Record<DecimalField, ScaledColumn>;
}

const BYTES: Record<ScaledKind, number> = { i32: 4, f64: 8, i64: 8 };
const align8 = (n: number): number => (n + 7) & ~7;

/** `rows` must be sorted by open time without duplicates (the catalog's merge sees to that). */
export function encodeCandles(
  symbol: string,
  interval: KlineInterval,
  rows: readonly KlineRow[],
  file: string,
): Buffer {
  const arrays: { name: string; kind: ScaledKind; scale: number; array: ScaledArray }[] = [
    { name: 'openTime', kind: 'f64', scale: 0, array: Float64Array.from(rows, (r) => r.openTime) },
    { name: 'closeTime', kind: 'f64', scale: 0, array: Float64Array.from(rows, (r) => r.closeTime) },
    { name: 'trades', kind: 'f64', scale: 0, array: Float64Array.from(rows, (r) => r.trades) },
  ];
  DECIMAL_FIELDS.forEach((name, i) => {
    const packed = packScaled(rows.map((r) => r.values[i] as string));
    if (!packed) throw new CatalogFormatError(`${file}: a ${name} value exceeds 19 significant digits`, file);
    arrays.push({ name, ...packed });
  });
  // Column offsets depend on the header's length, which depends on the offsets: lay out with
  // a provisional header, then fix the offsets once its size is known.
  let headerBytes = 0;
  let header: FileHeader = { symbol, interval, rows: rows.length, columns: [] };
  for (let pass = 0; pass < 3; pass++) {
    let offset = align8(12 + headerBytes);
    header = {
      ...header,
      columns: arrays.map((a) => {
        const c = { name: a.name, kind: a.kind, scale: a.scale, offset };
        offset = align8(offset + a.array.length * BYTES[a.kind]);
        return c;
      }),
    };
    const size = Buffer.byteLength(JSON.stringify(header));
    if (size === headerBytes) break;
    headerBytes = size;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const last = header.columns[header.columns.length - 1] as ColumnHeader;
  const lastArray = arrays[arrays.length - 1] as (typeof arrays)[number];
  const out = Buffer.alloc(align8(last.offset + lastArray.array.length * BYTES[lastArray.kind]));
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  header.columns.forEach((c, i) => {
    const a = (arrays[i] as (typeof arrays)[number]).array;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), c.offset);
  });
  return out;
}

export function decodeCandles(bytes: Buffer, file: string): CandleChunk {
  const fail = (why: string): never => {
    throw new CatalogFormatError(`${file}: ${why}`, file);
  };
  if (bytes.length < 12 || bytes.toString('latin1', 0, 8) !== MAGIC) fail('not a catalog candle file');
  const headerLength = bytes.readUInt32LE(8);
  if (12 + headerLength > bytes.length) fail('truncated header');
  let header: FileHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as FileHeader;
  } catch {
    return fail('unreadable header');
  }
  // Typed arrays need aligned offsets; a Buffer from the small-file pool may not be.
  const buf = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
  const view = (c: ColumnHeader | undefined, name: string): ScaledArray => {
    if (!c || c.name !== name) return fail(`column ${name} missing`);
    const end = c.offset + header.rows * BYTES[c.kind];
    if (c.offset % 8 !== 0 || end > buf.length) fail(`column ${name} runs past the end (truncated file)`);
    const at = buf.byteOffset + c.offset;
    if (c.kind === 'i32') return new Int32Array(buf.buffer, at, header.rows);
    if (c.kind === 'f64') return new Float64Array(buf.buffer, at, header.rows);
    if (c.kind === 'i64') return new BigInt64Array(buf.buffer, at, header.rows);
    return fail(`column ${name} has unknown kind ${String(c.kind)}`);
  };
  const time = (i: number): Float64Array => {
    const a = view(header.columns[i], TIME_COLUMNS[i] as string);
    return a instanceof Float64Array ? a : fail(`column ${TIME_COLUMNS[i]} is not float64`);
  };
  const decimals = {} as Record<DecimalField, ScaledColumn>;
  DECIMAL_FIELDS.forEach((name, i) => {
    const c = header.columns[TIME_COLUMNS.length + i];
    decimals[name] = { kind: c?.kind ?? 'f64', scale: c?.scale ?? 0, values: view(c, name) };
  });
  return {
    symbol: header.symbol,
    interval: header.interval,
    length: header.rows,
    openTime: time(0),
    closeTime: time(1),
    trades: time(2),
    decimals,
  };
}
