import { readFileSync, writeFileSync } from 'node:fs';
import { RuntimeConfigPatch, applyConfigPatch, defaultRuntimeConfig } from '@aurora/contracts';
import {
  BacktestConfigError,
  BacktestDataError,
  backtestProgress,
  runBacktest,
  summaryLines,
  writeBacktestReport,
} from '@aurora/backtest';
import { ResearchInputError, withRandomEntry } from '@aurora/research';
import { BASELINE_FILE, backtestBaselines } from '../runtime/observer-baseline';
import { runChecks } from './backtest-checks';
import { loadStrategies } from '../runtime/strategy-loader';
import { BACKTEST_USAGE, BacktestUsageError, parseBacktestArgs } from './backtest-args';

/*
 * `npm run backtest -- --strategy ema-cross --symbols BTCUSDT,ETHUSDT --from 2024-01-01 --to 2024-12-31`
 *
 * Runs the trading kernel — the same code as Demo and Live — on catalog candles (or the
 * simulator's synthetic market) at full speed: the simulator's matching engine in-process, a
 * virtual clock, an in-memory store. Writes a JSON and a self-contained HTML report; the SHA-256
 * over every closed trade is printed last (the regression gate: same inputs, same hash).
 */
async function main(): Promise<void> {
  let args;
  try {
    args = parseBacktestArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof BacktestUsageError)) throw err;
    process.stderr.write(`${err.message}\n${BACKTEST_USAGE}\n`);
    process.exit(2);
  }
  if (args === 'help') {
    process.stdout.write(`${BACKTEST_USAGE}\n`);
    return;
  }
  let config: unknown;
  if (args.configFile) {
    try {
      config = JSON.parse(readFileSync(args.configFile, 'utf8'));
    } catch (err) {
      process.stderr.write(`--config ${args.configFile}: ${(err as Error).message}\n`);
      process.exit(2);
    }
  }
  const strategies = await loadStrategies(process.env.AURORA_STRATEGIES_DIR ?? './strategies');
  for (const r of strategies.refused) process.stderr.write(`strategy file refused: ${r.file}: ${r.problem}\n`);
  // random-entry is the significance test's baseline; it can be backtested by name as well.
  const registry = withRandomEntry(strategies.registry);
  const progress = backtestProgress(process.stderr);
  try {
    const opts = {
      strategy: args.strategy,
      params: args.params,
      symbols: args.symbols,
      from: args.from,
      to: args.to,
      balance: args.balance,
      config,
      data: args.data,
      seed: args.seed,
      strategies: registry,
      // The look-ahead check and the significance baseline read the run's proposals.
      keepSignals: args.checks.lookahead !== null || args.checks.significance !== null,
    };
    const data = await runBacktest({ ...opts, onProgress: progress.onProgress });
    progress.end();
    const checks = await runChecks(opts, data, args.checks, (line) => process.stderr.write(`${line}\n`));
    const written = writeBacktestReport(data, args.outDir, undefined, checks);
    // runBacktest accepted the config, so the patch parses: the run's shared exit settings.
    const patch = config === undefined ? {} : RuntimeConfigPatch.parse(config);
    const baselinePath = written.jsonPath.replace(/\.json$/, '.baseline.json');
    writeFileSync(baselinePath, `${JSON.stringify({ baselines: backtestBaselines(data, applyConfigPatch(defaultRuntimeConfig(), patch).strategy) }, null, 2)}\n`);
    process.stderr.write(`  observer baseline: ${baselinePath} (copy to <data dir>/${BASELINE_FILE} for the live anomaly observer)\n`);
    process.stdout.write(`${summaryLines(written).join('\n')}\n`);
  } catch (err) {
    progress.end();
    if (err instanceof BacktestConfigError || err instanceof BacktestDataError || err instanceof ResearchInputError) {
      process.stderr.write(`backtest refused: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

main().catch((err: Error) => {
  process.stderr.write(`backtest failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
