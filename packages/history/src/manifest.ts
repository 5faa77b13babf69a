import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { CatalogFormatError } from './errors';
import { gapBetween, type CandleGap } from './gaps';
import { KLINE_INTERVALS } from './intervals';
import { writeFileAtomic } from './atomic-write';

/**
 * The manifest of one symbol/interval: which months the catalog holds, how many candles, the
 * first and last open time, every gap, the archive files each month came from with their
 * sha256 (so a re-run skips what it already has) and the files the archive did not have.
 */
const Gap = z.object({ from: z.number(), to: z.number(), missing: z.number() });

export const SourceKind = z.enum(['monthly', 'daily', 'import']);
export type SourceKind = z.infer<typeof SourceKind>;

const Source = z.object({
  name: z.string(),
  sha256: z.string(),
  kind: SourceKind,
  rows: z.number(),
  rejected: z.number(),
});
export type ManifestSource = z.infer<typeof Source>;

const Rejected = z.object({ file: z.string(), line: z.number(), reason: z.string(), text: z.string() });

const MonthEntry = z.object({
  file: z.string(),
  bytes: z.number(),
  rows: z.number(),
  firstOpenTime: z.number(),
  lastOpenTime: z.number(),
  /** The first MAX_GAPS gaps inside the month; gapCount and missingCandles count them all. */
  gaps: z.array(Gap),
  gapCount: z.number(),
  missingCandles: z.number(),
  sources: z.array(Source),
  rejected: z.number(),
  rejectedSamples: z.array(Rejected),
});
export type MonthEntry = z.infer<typeof MonthEntry>;

const MissingFile = z.object({ name: z.string(), url: z.string(), checkedAt: z.number() });
export type MissingFile = z.infer<typeof MissingFile>;

export const Manifest = z.object({
  version: z.literal(1),
  market: z.literal('spot'),
  symbol: z.string(),
  interval: z.enum(KLINE_INTERVALS as [string, ...string[]]),
  updatedAt: z.number(),
  months: z.record(z.string(), MonthEntry),
  /** Every gap of the whole series, across month boundaries too (first MAX_GAPS). */
  gaps: z.array(Gap),
  gapCount: z.number(),
  missingCandles: z.number(),
  missingFiles: z.array(MissingFile),
});
export type Manifest = z.infer<typeof Manifest>;

export const MAX_GAPS = 1000;
export const MAX_REJECTED_SAMPLES = 20;

export function readManifest(path: string): Manifest | null {
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CatalogFormatError(`${path}: unreadable manifest (${(err as Error).message})`, path);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success)
    throw new CatalogFormatError(`${path}: invalid manifest (${parsed.error.message})`, path);
  return parsed.data;
}

/** The month gaps joined with the gaps across month boundaries (a whole missing month too). */
export function seriesGaps(m: Manifest): { gaps: CandleGap[]; gapCount: number; missingCandles: number } {
  const gaps: CandleGap[] = [];
  let gapCount = 0;
  let missingCandles = 0;
  let prev: MonthEntry | null = null;
  const add = (g: CandleGap): void => {
    gapCount++;
    missingCandles += g.missing;
    if (gaps.length < MAX_GAPS) gaps.push(g);
  };
  for (const key of Object.keys(m.months).sort()) {
    const e = m.months[key] as MonthEntry;
    if (prev) {
      const g = gapBetween(m.interval as never, prev.lastOpenTime, e.firstOpenTime);
      if (g) add(g);
    }
    e.gaps.forEach(add);
    // Gaps past the stored MAX_GAPS still count.
    gapCount += e.gapCount - e.gaps.length;
    missingCandles += e.missingCandles - e.gaps.reduce((s, g) => s + g.missing, 0);
    prev = e;
  }
  return { gaps, gapCount, missingCandles };
}

export function writeManifest(path: string, m: Manifest): void {
  const { gaps, gapCount, missingCandles } = seriesGaps(m);
  writeFileAtomic(path, `${JSON.stringify({ ...m, gaps, gapCount, missingCandles }, null, 2)}\n`);
}
