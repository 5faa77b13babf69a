import { parseInterval, type KlineInterval } from './intervals';

/**
 * Binance's public archive layout (binance/binance-public-data README):
 *   data/spot/monthly/klines/<SYMBOL>/<interval>/<SYMBOL>-<interval>-YYYY-MM.zip
 *   data/spot/daily/klines/<SYMBOL>/<interval>/<SYMBOL>-<interval>-YYYY-MM-DD.zip
 * each beside `<zip name>.CHECKSUM` ("<sha256 hex>  <zip name>"). Monthly files cover complete
 * months; the current month exists only as daily files, each published the day after.
 */
export const DEFAULT_ARCHIVE_URL = 'https://data.binance.vision/';

export type ArchiveKind = 'monthly' | 'daily';

export interface ArchiveFile {
  symbol: string;
  interval: KlineInterval;
  kind: ArchiveKind;
  /** YYYY-MM (monthly) or YYYY-MM-DD (daily). */
  period: string;
  /** The zip's file name. */
  name: string;
  /** Path below the base URL. */
  path: string;
}

export function archiveFile(
  symbol: string,
  interval: KlineInterval,
  kind: ArchiveKind,
  period: string,
): ArchiveFile {
  const name = `${symbol}-${interval}-${period}.zip`;
  return {
    symbol,
    interval,
    kind,
    period,
    name,
    path: `data/spot/${kind}/klines/${symbol}/${interval}/${name}`,
  };
}

export const fileUrl = (baseUrl: string, f: ArchiveFile): string =>
  new URL(f.path, withSlash(baseUrl)).toString();

const withSlash = (u: string): string => (u.endsWith('/') ? u : `${u}/`);

const NAME_RE = /^([A-Z0-9]+)-(\w+)-(\d{4}-\d{2}(?:-\d{2})?)\.(zip|csv)$/;

/** Symbol, interval and period from an archive file name (`BTCUSDT-1m-2024-01.zip`), or null. */
export function parseArchiveName(
  name: string,
): { symbol: string; interval: KlineInterval; period: string; kind: ArchiveKind } | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  try {
    const interval = parseInterval(m[2] as string);
    const period = m[3] as string;
    return { symbol: m[1] as string, interval, period, kind: period.length === 7 ? 'monthly' : 'daily' };
  } catch {
    return null;
  }
}
