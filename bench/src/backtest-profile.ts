/**
 * One runBacktest on the synthetic market, for profiling the kernel (not part of `npm run bench`):
 *
 *   DAYS=2 STRAT=ema-cross SYMS=BTCUSDT node --cpu-prof --import tsx bench/src/backtest-profile.ts
 *
 * Prints the CPU time of the run (wall time on a shared machine says little), the candles and
 * the trade hash: an optimisation of the kernel must leave the hash as it was.
 */
import { runBacktest, tradeHash } from '@aurora/backtest';

const days = Number(process.env.DAYS ?? 2);
const symbols = (process.env.SYMS ?? 'BTCUSDT').split(',');
const strategy = process.env.STRAT ?? 'ema-cross';
const START = Date.UTC(2024, 0, 1);

const cpu0 = process.cpuUsage();
const run = await runBacktest({
  strategy,
  symbols,
  from: START,
  to: START + days * 86_400_000,
  balance: '10000',
  data: { synthetic: { days, seed: 7 } },
  seed: 7,
});
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  JSON.stringify({
    strategy,
    symbols,
    days,
    candles: run.candles,
    trades: run.trades.length,
    cpuMs: Math.round(cpuMs),
    wallMs: Math.round(run.wallMs),
    candlesPerCpuSecond: Math.round(run.candles / (cpuMs / 1000)),
    hash: tradeHash(run.trades),
  }),
);
