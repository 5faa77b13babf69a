import { cpus } from 'node:os';
import { runBinanceBench } from './binance-bench';
import type { BenchResult } from './bench-result';
import { runBacktestBench } from './backtest-bench';
import { runCatalogLoadBench } from './catalog-load-bench';
import { runDecisionBench } from './decision-bench';
import { runMemoryBench } from './memory-bench';
import { runReportBench } from './report-bench';
import { runApiLoadBench } from './api-load/api-load-bench';
import { BenchFlagError, parseBenchFlags, type BenchFlags } from './bench-flags';
import { runBundleBench } from './production/bundle-bench';
import { runStartupBench } from './production/startup-bench';
import { formatResults } from './results-table';
import { runResearchBench } from './research/research-bench';
import { runTickToOrderBench } from './tick-to-order/tick-to-order-bench';

interface Suite {
  name: string;
  run(): BenchResult[] | Promise<BenchResult[]>;
}

const suites = (flags: BenchFlags): Suite[] => [
  { name: 'binance adapter (issue 3)', run: runBinanceBench },
  { name: 'decision pipeline (issue 4)', run: runDecisionBench },
  { name: 'execution reports (issue 4)', run: runReportBench },
  { name: 'memory (issue 4)', run: runMemoryBench },
  { name: 'tick-to-order (issue 5)', run: () => runTickToOrderBench() },
  { name: 'history catalog (issue 12)', run: runCatalogLoadBench },
  { name: 'backtest (issue 12)', run: runBacktestBench },
  { name: 'production start (issue 14)', run: () => runStartupBench(flags.soakSeconds) },
  { name: 'dashboard bundle (issue 14)', run: runBundleBench },
  { name: 'api under load (issue 14)', run: () => runApiLoadBench(flags.api) },
  { name: 'research trials (issue 13)', run: () => runResearchBench() },
];

/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run, printed
 * as one table. Figures are reported, never asserted: a MISS still exits 0. A suite that cannot
 * run at all (the bench itself broke) is reported and makes the exit code 1.
 */
async function main(): Promise<number> {
  let flags: BenchFlags;
  try {
    flags = parseBenchFlags(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof BenchFlagError)) throw err;
    console.error(err.message);
    return 2;
  }
  const started = Date.now();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Aurora Spot Nexus benchmarks — node ${process.version}, ${cpus().length} × ${cpu}`);
  const results: BenchResult[] = [];
  let broken = 0;
  for (const suite of suites(flags).filter(
    (s) => flags.only === null || s.name.includes(flags.only as string),
  )) {
    const t = Date.now();
    process.stdout.write(`  running ${suite.name} … `);
    try {
      results.push(...(await suite.run()));
      console.log(`${((Date.now() - t) / 1000).toFixed(1)} s`);
    } catch (err) {
      broken++;
      console.log('FAILED');
      console.error(`  ${suite.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  console.log('');
  console.log(formatResults(results));
  console.log('');
  const misses = results.filter((r) => r.target && !r.target.met).length;
  console.log(
    `${results.length} figures, ${misses} target(s) missed, ${broken} suite(s) broken, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s in all.`,
  );
  return broken > 0 ? 1 : 0;
}

process.exitCode = await main();
