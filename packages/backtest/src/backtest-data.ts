import { Catalog, type CandleSeries } from '@aurora/history';
import { cutSeries } from './series-rows';
import { syntheticSeries } from './synthetic-candles';

/**
 * A catalog directory, the simulator's synthetic market, or candles already in memory (what the
 * robustness checks replay: noised copies, cut copies); `label` names them in the report.
 */
export type BacktestDataSource =
  | string
  | { synthetic: { days: number; seed: number } }
  | { series: readonly CandleSeries[]; label: string };

const MINUTE_MS = 60_000;

export class BacktestDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BacktestDataError';
  }
}

/**
 * The candles a run replays, with `warmupMinutes` of history before `from` for the strategy's
 * warm-up: from the catalog directory, or synthetic (the simulator's model, seeded) starting
 * `warmupMinutes` before `from` and running `days` from it. `to` is capped by the data.
 */
export function loadSeries(
  data: BacktestDataSource,
  symbols: readonly string[],
  range: { from: number; to: number },
  warmupMinutes: number,
): { series: CandleSeries[]; dataSource: string; to: number } {
  const warmStart = range.from - warmupMinutes * MINUTE_MS;
  if (typeof data !== 'string' && 'series' in data) {
    const series = symbols.map((sym) => {
      const s = data.series.find((x) => x.symbol === sym);
      const cut = s ? cutSeries(s, warmStart, range.to) : null;
      if (!cut || cut.length === 0) throw new BacktestDataError(`${data.label} has no ${sym} 1m candles between ${iso(warmStart)} and ${iso(range.to)}`);
      return cut;
    });
    const last = Math.max(...series.map((s) => (s.openTime[s.length - 1] as number) + MINUTE_MS));
    return { series, dataSource: data.label, to: Math.min(range.to, last) };
  }
  if (typeof data !== 'string') {
    const { days, seed } = data.synthetic;
    if (!(days > 0) || !Number.isInteger(seed))
      throw new BacktestDataError(`synthetic data needs days > 0 and an integer seed (days=${days}, seed=${seed})`);
    const minutes = Math.ceil(Math.min(days * 1440, (range.to - range.from) / MINUTE_MS));
    const series = syntheticSeries(symbols, warmStart, warmupMinutes + minutes, seed);
    return {
      series,
      dataSource: `synthetic:days=${days},seed=${seed}`,
      to: Math.min(range.to, range.from + minutes * MINUTE_MS),
    };
  }
  const catalog = new Catalog(data);
  const series = symbols.map((s) => {
    const loaded = catalog.load(s, '1m', { from: warmStart, to: range.to });
    if (loaded.length === 0)
      throw new BacktestDataError(`the catalog at ${data} has no ${s} 1m candles between ${iso(warmStart)} and ${iso(range.to)}`);
    return loaded;
  });
  return { series, dataSource: `catalog:${data}`, to: range.to };
}

const iso = (t: number): string => new Date(t).toISOString();
