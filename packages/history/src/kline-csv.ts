import { canonicalDecimal, type KlineRow } from './kline-row';

/**
 * Parses Binance's spot kline CSV (FACTS.md "Historical data"): 12 columns — open time, open,
 * high, low, close, volume, close time, quote volume, trades, taker buy base, taker buy quote,
 * ignore — with or without a header row. Open and close times are milliseconds before 2025 and
 * MICROseconds from 2025-01-01; the unit is told by magnitude, per value, so a file that mixes
 * them still reads right. A bad line is rejected with its line number and reason, counted, and
 * the rest of the file is kept: one broken row never costs a month.
 */
export interface RejectedLine {
  file: string;
  line: number;
  reason: string;
  text: string;
}

export interface ParsedCsv {
  rows: KlineRow[];
  rejected: RejectedLine[];
  headerSkipped: boolean;
}

const COLUMNS = 12;
const INTEGER_RE = /^\d+$/;
/** Below this an epoch value is milliseconds; 1e14 ms is the year 5138, 1e14 µs is 1973. */
const MICROSECONDS_FROM = 1e14;
/** 1e11 ms is 1973: anything smaller is no Binance timestamp in either unit. */
const MILLISECONDS_FROM = 1e11;
const MAX_TEXT = 200;

/** Milliseconds from an archive timestamp, or a reason it is not one. */
function toMillis(text: string, what: string, roundDown: boolean): number | string {
  if (!INTEGER_RE.test(text)) return `${what} "${text}" is not an integer`;
  const v = Number(text);
  if (!Number.isSafeInteger(v)) return `${what} ${text} is out of range`;
  if (v >= MICROSECONDS_FROM) {
    if (!roundDown && v % 1000 !== 0) return `${what} ${text} µs is not on a whole millisecond`;
    return Math.floor(v / 1000);
  }
  if (v < MILLISECONDS_FROM) return `${what} ${text} is too small to be a timestamp`;
  return v;
}

function parseLine(fields: string[]): KlineRow | string {
  if (fields.length !== COLUMNS) return `expected ${COLUMNS} columns, got ${fields.length}`;
  const openTime = toMillis(fields[0] as string, 'open time', false);
  if (typeof openTime === 'string') return openTime;
  // A µs close time ends in …999999: its millisecond is the …999 a ms-era file writes.
  const closeTime = toMillis(fields[6] as string, 'close time', true);
  if (typeof closeTime === 'string') return closeTime;
  if (closeTime <= openTime) return `close time ${fields[6]} is not after open time ${fields[0]}`;
  const tradesText = fields[8] as string;
  if (!INTEGER_RE.test(tradesText) || !Number.isSafeInteger(Number(tradesText)))
    return `number of trades "${tradesText}" is not a non-negative integer`;
  const values: string[] = [];
  for (const [index, name] of [
    [1, 'open'],
    [2, 'high'],
    [3, 'low'],
    [4, 'close'],
    [5, 'volume'],
    [7, 'quote volume'],
    [9, 'taker buy base volume'],
    [10, 'taker buy quote volume'],
  ] as const) {
    const v = canonicalDecimal(fields[index] as string);
    if (v === null) return `${name} "${fields[index]}" is not a non-negative decimal`;
    values.push(v);
  }
  return { openTime, closeTime, trades: Number(tradesText), values };
}

const looksLikeHeader = (fields: string[]): boolean =>
  !INTEGER_RE.test(fields[0] ?? '') && fields.some((f) => /open/i.test(f));

export function parseKlineCsv(data: Buffer, file: string): ParsedCsv {
  const rows: KlineRow[] = [];
  const rejected: RejectedLine[] = [];
  let headerSkipped = false;
  let start = 0;
  let lineNo = 0;
  let sawContent = false;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    if (end < 0) end = data.length;
    lineNo++;
    let text = data.toString('latin1', start, end);
    start = end + 1;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (lineNo === 1 && text.charCodeAt(0) === 0xef)
      text = Buffer.from(text, 'latin1')
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    if (text.trim() === '') continue;
    const fields = text.split(',').map((f) => f.trim());
    if (!sawContent && looksLikeHeader(fields)) {
      sawContent = true;
      headerSkipped = true;
      continue;
    }
    sawContent = true;
    const row = parseLine(fields);
    if (typeof row === 'string')
      rejected.push({ file, line: lineNo, reason: row, text: text.slice(0, MAX_TEXT) });
    else rows.push(row);
  }
  return { rows, rejected, headerSkipped };
}
