import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { defaultRuntimeConfig, type DecisionEnvelope } from '@aurora/contracts';
import { startSimServer } from '@aurora/exchange-sim';
import { startBot } from '../runtime/start-bot';
import { RUNTIME_CONFIG_FILE } from '../config/runtime-config-file';
import { buildBacktestReport } from './backtest-report';

/*
 * `npm run backtest -- --hours 4 --speed 120 --seed 5`
 *
 * Runs the real bot — the same runtime, adapter, engines and SQLite store as Demo and Live —
 * against the simulator with market time running `speed` times faster than the wall clock. Both
 * the simulator and the bot read one scaled clock, so signatures, timestamps, candles, breaker
 * cool-downs and holding times all live in market time. Prints a report; --out writes it as JSON.
 */
const USAGE = 'usage: npm run backtest -- [--hours 4] [--speed 120] [--seed 5] [--symbols BTCUSDT,ETHUSDT] [--out report.json]';

function parse() {
  const { values } = parseArgs({
    options: {
      hours: { type: 'string', default: '4' },
      speed: { type: 'string', default: '120' },
      seed: { type: 'string', default: '5' },
      symbols: { type: 'string', default: 'BTCUSDT,ETHUSDT,BNBUSDT' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const hours = Number(values.hours);
  const speed = Number(values.speed);
  const seed = Number(values.seed);
  const symbols = values.symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const problems: string[] = [];
  if (!(hours > 0 && hours <= 72)) problems.push('--hours must be between 0 and 72');
  if (!(speed >= 1 && speed <= 600)) problems.push('--speed must be between 1 and 600');
  if (!Number.isInteger(seed) || seed < 0) problems.push('--seed must be a non-negative integer');
  if (symbols.length === 0 || symbols.some((s) => !/^[A-Z0-9]{2,20}$/.test(s))) problems.push('--symbols must be a comma-separated list such as BTCUSDT,ETHUSDT');
  if (values.help || problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}${problems.length ? '\n' : ''}${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  return { hours, speed, seed, symbols, out: values.out };
}

async function main(): Promise<void> {
  const args = parse();
  const t0 = Date.now();
  const started = performance.now();
  const clock = { now: () => Math.floor(t0 + (performance.now() - started) * args.speed) };
  const dataDir = mkdtempSync(join(tmpdir(), 'aurora-backtest-'));

  const sim = await startSimServer({ port: 0, seed: args.seed, symbols: args.symbols, clock, timeScale: args.speed, pingIntervalMs: 20_000 });
  const account = sim.createAccount();
  // Market time runs fast: widen the signed-request window and let no human heartbeat be needed.
  const config = defaultRuntimeConfig();
  config.symbols = args.symbols;
  config.execution.recv_window_ms = 60_000;
  config.dead_man.enabled = false;
  writeFileSync(join(dataDir, RUNTIME_CONFIG_FILE), JSON.stringify(config));

  const bot = await startBot({
    env: {
      AURORA_PORT: '0',
      AURORA_DATA_DIR: dataDir,
      AURORA_API_TOKEN: randomBytes(16).toString('hex'),
      AURORA_SIM_URL: sim.restUrl,
      AURORA_SIM_API_KEY: account.apiKey,
      AURORA_SIM_API_SECRET: account.apiSecret,
      AURORA_LOG_LEVEL: 'warn',
    },
    logLevel: 'warn',
    clock,
  });
  const startEquity = bot.ctx.snapshot().risk.equity;
  const realMs = (args.hours * 3_600_000) / args.speed;
  process.stdout.write(`Backtest: ${args.hours} h of market on seed ${args.seed} (${args.symbols.join(', ')}) at ${args.speed}x, about ${Math.ceil(realMs / 1000)} s\n`);

  const curve: string[] = [];
  await new Promise<void>((resolve) => {
    const sampler = setInterval(() => {
      const s = bot.ctx.snapshot();
      curve.push(s.pnl_today.equity_change_today);
      const elapsed = performance.now() - started;
      if (elapsed >= realMs) {
        clearInterval(sampler);
        resolve();
      }
    }, 250);
  });

  const state = bot.ctx.snapshot();
  const positions = bot.ctx.trading.positions({ status: 'all', limit: 100_000, offset: 0 }).items;
  const decisions = bot.ctx.trading.decisions({ limit: 500, offset: 0 });
  const all: DecisionEnvelope[] = [];
  for (let offset = 0; offset < decisions.total; offset += 500) all.push(...bot.ctx.trading.decisions({ limit: 500, offset }).items);
  const blockedBy: Record<string, number> = {};
  for (const d of all) if (d.blocking_layer) blockedBy[d.blocking_layer] = (blockedBy[d.blocking_layer] ?? 0) + 1;
  const report = buildBacktestReport({
    hours: args.hours,
    seed: args.seed,
    state,
    positions,
    decisionCounts: { total: all.length, allowed: all.filter((d) => d.final_decision === 'ALLOW').length, blockedBy },
    startEquity,
    curve,
    strategy: config.strategy,
  });
  await bot.close({ graceful: true });
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });

  const rows: [string, string][] = [
    ['market time', `${report.marketHours} h (seed ${report.seed}, ${report.symbols.join(', ')})`],
    ['decisions', `${report.decisions.total} (${report.decisions.allowed} allowed; blocked: ${Object.entries(report.decisions.blockedBy).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`],
    ['trades closed', `${report.trades.closed} (${report.trades.wins} won, ${report.trades.losses} lost; ${report.trades.open} still open)`],
    ['realized PnL', `${report.realizedPnl} USDT (fees included: ${report.commissions})`],
    ['unrealized PnL', `${report.unrealizedPnl} USDT`],
    ['profit factor', report.profitFactor === null ? 'n/a (no losing trade)' : report.profitFactor.toFixed(2)],
    ['max drawdown', `${report.maxDrawdown} USDT`],
    ['account equity', `${report.startEquity} → ${report.endEquity} USDT (all holdings at mark, not only the bot's trades)`],
    ['per-trade return', report.baselines.length === 0 ? 'n/a (no closed strategy trade)' : `${report.baselines.map((b) => `${b.strategy_name} (params ${b.params_id}): median ${(b.median_return_bps ?? 0).toFixed(2)} bps, MAD ${(b.mad_return_bps ?? 0).toFixed(2)} bps over ${b.trades} trades`).join('; ')} (copy --out to <data dir>/backtest-baseline.json for the live observer)`],
    ['circuit breaker', `${report.breaker.state}${report.breaker.reason ? ` (${report.breaker.reason})` : ''}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n') + '\n');
  if (args.out) writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
  process.exit(0);
}

main().catch((err: Error) => {
  process.stderr.write(`backtest failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
