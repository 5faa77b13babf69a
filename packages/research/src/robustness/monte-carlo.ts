import { ResearchInputError } from '../errors';
import { SeededRng } from '../random';
import { bandsOf, type Bands } from './stats';

export interface MonteCarloOptions {
  runs: number;
  /**
   * reshuffle: the same trades in a random order (the final equity never changes; the path and so
   * the drawdown do). resample: draw as many trades with replacement (a bootstrap: the total varies too).
   */
  mode: 'reshuffle' | 'resample';
  seed: number;
}

export interface EquityStats {
  totalReturnPct: number;
  /** Largest fall from a running peak, percent of that peak (the start counts as a peak); 100 when equity reaches zero. */
  maxDrawdownPct: number;
}

export interface MonteCarloReport {
  runs: number;
  mode: MonteCarloOptions['mode'];
  /** The trades in their real order. */
  actual: EquityStats;
  totalReturnPct: Bands;
  maxDrawdownPct: Bands;
  /** Share (0..1) of runs whose equity reached zero or below. */
  ruinShare: number;
}

/** Return and drawdown of a trade sequence (PnLs in the quote asset, floats: statistics, never booked money). */
export function equityStats(pnls: ArrayLike<number>, startEquity: number): EquityStats & { ruined: boolean } {
  let equity = startEquity;
  let peak = startEquity;
  let maxDd = 0;
  let ruined = false;
  for (let i = 0; i < pnls.length; i++) {
    equity += pnls[i] as number;
    if (equity > peak) peak = equity;
    else if (equity <= 0) {
      ruined = true;
      maxDd = 100;
    } else {
      const dd = ((peak - equity) / peak) * 100;
      if (dd > maxDd) maxDd = dd;
    }
  }
  return { totalReturnPct: ((equity - startEquity) / startEquity) * 100, maxDrawdownPct: maxDd, ruined };
}

/**
 * Monte Carlo over the trade sequence: `runs` alternative histories of the same trades, and the
 * 5/25/50/75/95th percentiles of their return and max drawdown.
 */
export function monteCarloTrades(tradePnls: readonly number[], startEquity: number, options: MonteCarloOptions): MonteCarloReport {
  const { runs, mode } = options;
  if (!(startEquity > 0) || !Number.isFinite(startEquity)) throw new ResearchInputError('must be a positive number', 'startEquity');
  if (!Number.isSafeInteger(runs) || runs < 1) throw new ResearchInputError('must be a positive integer', 'runs');
  if (tradePnls.length === 0) throw new ResearchInputError('Monte Carlo needs at least one trade', 'tradePnls');
  tradePnls.forEach((p, i) => {
    if (!Number.isFinite(p)) throw new ResearchInputError(`trade ${i} has a PnL that is not a number`, 'tradePnls');
  });
  const rng = new SeededRng(options.seed);
  const n = tradePnls.length;
  const source = Float64Array.from(tradePnls);
  const path = new Float64Array(n);
  const returns = new Float64Array(runs);
  const drawdowns = new Float64Array(runs);
  let ruins = 0;
  for (let r = 0; r < runs; r++) {
    if (mode === 'reshuffle') {
      path.set(source);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = path[i] as number;
        path[i] = path[j] as number;
        path[j] = t;
      }
    } else {
      for (let i = 0; i < n; i++) path[i] = source[rng.int(n)] as number;
    }
    const s = equityStats(path, startEquity);
    returns[r] = s.totalReturnPct;
    drawdowns[r] = s.maxDrawdownPct;
    if (s.ruined) ruins++;
  }
  const actual = equityStats(source, startEquity);
  return {
    runs,
    mode,
    actual: { totalReturnPct: actual.totalReturnPct, maxDrawdownPct: actual.maxDrawdownPct },
    totalReturnPct: bandsOf(returns),
    maxDrawdownPct: bandsOf(drawdowns),
    ruinShare: ruins / runs,
  };
}
