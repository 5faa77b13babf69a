import type { BacktestOptions, BacktestRunData, ReportChecks } from '@aurora/backtest';
import { lookaheadCheck, monteCarloOfRun, noiseRuns, significanceRuns, warmupCheck } from '@aurora/research';
import type { BacktestChecks } from './backtest-args';

/**
 * The checks the flags asked for, after the main run, in order of cost: the warm-up check and the
 * Monte Carlo are passes over what exists; the look-ahead check costs about cuts / 2 runs, the
 * noise and significance checks one run each. `say` reports progress (stderr).
 */
export async function runChecks(opts: BacktestOptions, data: BacktestRunData, c: BacktestChecks, say: (line: string) => void): Promise<ReportChecks> {
  const bias: NonNullable<ReportChecks['bias']> = {};
  const robustness: NonNullable<ReportChecks['robustness']> = {};
  const step = (name: string) => (done: number, total: number) => say(`${name}: ${done}/${total}`);
  if (c.warmup) bias.warmup = warmupCheck(opts);
  if (c.monteCarlo) {
    const mc = monteCarloOfRun(data, c.monteCarlo.runs, c.seed);
    if (mc) robustness.monte_carlo = mc;
    else say('monte carlo: skipped, the run closed no trade');
  }
  if (c.lookahead) bias.lookahead = (await lookaheadCheck(opts, { cuts: c.lookahead.cuts, seed: c.seed, onRun: step('look-ahead cut runs') }, data)).result;
  if (c.noise) robustness.noise = await noiseRuns(opts, { runs: c.noise.runs, sigmaBps: c.noise.sigmaBps, seed: c.seed, onRun: step('noise runs') });
  if (c.significance) robustness.significance = await significanceRuns(opts, data, { runs: c.significance.runs, seed: c.seed, onRun: step('random-entry runs') });
  return {
    ...(Object.keys(bias).length > 0 ? { bias } : {}),
    ...(Object.keys(robustness).length > 0 ? { robustness } : {}),
  };
}
