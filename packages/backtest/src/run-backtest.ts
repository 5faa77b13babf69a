import { applyConfigPatch, defaultRuntimeConfig, RuntimeConfigPatch, type RuntimeConfig } from '@aurora/contracts';
import { Dec, StrategyRegistry, type PositionRecord } from '@aurora/core';
import { MemoryStore, memoryHost, SeededIds, TradingKernel, VirtualScheduler, type KernelStore } from '@aurora/engine';
import { SimExchange } from '@aurora/exchange-sim';
import type { CandleSeries } from '@aurora/history';
import { loadSeries, type BacktestDataSource } from './backtest-data';
import { CandleReplay } from './candle-replay';
import { InProcessVenue } from './in-process-venue';
import type { BacktestRunData, BacktestSignal, BacktestTrade } from './run-data';
import { chartPrices, sortTrades, tallyDecisions, tradeFromRecord } from './run-record';
import { tapSignals } from './signal-tap';

export interface BacktestOptions {
  /** The strategy every symbol trades (a name the registry knows, e.g. 'ema-cross'). */
  strategy: string;
  params?: Record<string, unknown>;
  symbols: string[];
  /** Replayed range [from, to), ms. */
  from: number;
  to: number;
  /** Starting balance in the quote asset (Decimal string). */
  balance: string;
  /** RuntimeConfig overrides (a config patch, checked like PATCH /config). */
  config?: unknown;
  /** A catalog directory, or the simulator's synthetic market. */
  data: BacktestDataSource;
  seed: number;
  /**
   * The venue's commission: maker and taker rates (default 0.001 each) and, with `bnbBurn`,
   * commissions paid in BNB at Binance's 25 % discount from a starting BNB balance (valued at
   * BNBUSDT: replayed when it is a symbol of the run, else the simulator's fixed price).
   */
  fees?: { maker?: string; taker?: string; bnbBurn?: { bnb: string } };
  /** The strategies to choose from; the built-ins when absent. */
  strategies?: StrategyRegistry;
  onProgress?(done: number, total: number): void;
  /**
   * Keep every proposal in `signals` (the look-ahead check and the significance baseline read
   * them). Off by default: a long run of an eager strategy makes hundreds of thousands.
   */
  keepSignals?: boolean;
}

export class BacktestConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BacktestConfigError';
  }
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** The kernel asks for 500 closed 1m candles at start; GET klines gives at most 1000. */
const MIN_WARMUP = 500;
const MAX_WARMUP = 1000;
const PAGE = 500;

/** The run's RuntimeConfig: defaults, the overrides, then what a backtest fixes (the parity test gives the bot the same). */
export function runConfig(opts: BacktestOptions, params: Record<string, unknown>): RuntimeConfig {
  let config = defaultRuntimeConfig();
  if (opts.config !== undefined) {
    const patch = RuntimeConfigPatch.safeParse(opts.config);
    if (!patch.success)
      throw new BacktestConfigError(
        `config: ${patch.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    config = applyConfigPatch(config, patch.data);
  }
  const per_symbol = Object.fromEntries(opts.symbols.map((s) => [s, { name: opts.strategy, params }]));
  return {
    ...config,
    trading_mode: 'RUNNING',
    symbols: opts.symbols,
    strategy: { ...config.strategy, per_symbol },
    // Nobody is at the desk of a backtest to send heartbeats.
    dead_man: { ...config.dead_man, enabled: false },
  };
}

/**
 * One backtest: the trading kernel — the same one live and demo run — on the simulator's
 * matching engine in-process (InProcessVenue), a virtual clock and scheduler, a memory store and
 * seeded ids, fed by CandleReplay from catalog or synthetic 1m candles. The risk engine, the
 * breaker, insurance and every gate act as in live; nothing here decides a trade.
 */
export async function runBacktest(opts: BacktestOptions): Promise<BacktestRunData> {
  const wallStart = performance.now();
  if (opts.symbols.length === 0) throw new BacktestConfigError('at least one symbol');
  if (!(opts.to > opts.from)) throw new BacktestConfigError('to must be after from');
  if (!/^\d+(\.\d+)?$/.test(opts.balance) || !new Dec(opts.balance).gt(0))
    throw new BacktestConfigError(`balance must be a positive decimal, got '${opts.balance}'`);
  for (const [name, rate] of Object.entries({ maker: opts.fees?.maker, taker: opts.fees?.taker, bnb: opts.fees?.bnbBurn?.bnb }))
    if (rate !== undefined && !/^\d{1,20}(\.\d{1,20})?$/.test(rate))
      throw new BacktestConfigError(`fees.${name} must be a non-negative decimal, got '${rate}'`);
  const signals: BacktestSignal[] = [];
  const strategies = opts.strategies ?? new StrategyRegistry();
  const registry = opts.keepSignals ? tapSignals(strategies, signals) : strategies;
  const config = runConfig(opts, opts.params ?? {});
  const problems = registry.problems(config.strategy, opts.symbols);
  if (problems.length > 0)
    throw new BacktestConfigError(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  const resolved = registry.resolve(config.strategy, opts.symbols[0]!);
  if (Array.isArray(resolved)) throw new BacktestConfigError('strategy did not resolve');
  const warmup = Math.min(MAX_WARMUP, Math.max(MIN_WARMUP, resolved.strategy.warmupCandles(resolved.params)));

  const from = Math.ceil(opts.from / MINUTE_MS) * MINUTE_MS;
  const data = loadSeries(opts.data, opts.symbols, { from, to: opts.to }, warmup);
  const to = data.to;

  const scheduler = new VirtualScheduler(from);
  const fees = opts.fees ?? {};
  const burn = fees.bnbBurn;
  const quoteAsset = config.quote_asset;
  const bnbMarket = `BNB${quoteAsset}`;
  const sim = new SimExchange({
    seed: opts.seed,
    // BNB burn prices the commission at BNB's market: the venue lists it even when not replayed.
    symbols: burn && !opts.symbols.includes(bnbMarket) ? [...opts.symbols, bnbMarket] : opts.symbols,
    clock: scheduler,
    historyCandles: 0,
    ...(fees.maker !== undefined ? { makerCommissionRate: fees.maker } : {}),
    ...(fees.taker !== undefined ? { takerCommissionRate: fees.taker } : {}),
  });
  let replay: CandleReplay | null = null;
  const venue = new InProcessVenue({
    sim,
    balances: burn ? { [quoteAsset]: opts.balance, BNB: burn.bnb } : { [quoteAsset]: opts.balance },
    bnbBurn: burn !== undefined,
    klines: (s, i, n) => replay!.klineRows(s, i, n),
  });
  replay = new CandleReplay({
    sim,
    venue,
    series: data.series,
    from,
    to,
    advanceTo: (t) => advanceTo(t),
    settle: () => settle(),
    onMinute: (t, done) => onMinute(t, done),
  });
  replay.prime();

  const host = memoryHost(scheduler, config);
  const store = new MemoryStore();
  // The host keeps only recent events: closes and breaker trips are counted as they pass.
  let closedSince = false;
  let breakerTrips = 0;
  const broadcast = host.broadcast.bind(host);
  host.broadcast = (e) => {
    if (e.kind === 'POSITION_CLOSED') closedSince = true;
    if (e.kind === 'BREAKER_TRIPPED') breakerTrips++;
    broadcast(e);
  };
  // No baseline, and the pipeline's own timings on the virtual clock (the kernel's defaults):
  // nothing in a run may depend on the machine it runs on.
  const kernel = new TradingKernel({
    clock: scheduler,
    scheduler,
    ids: new SeededIds(opts.seed),
    store,
    host,
    strategies: registry,
  });

  // The kernel's work after an event is promises on the venue's answers: let them all settle.
  // A turn of the event loop (setImmediate) comes after every queued microtask however long the
  // chain from the event to its venue call, and the turns go on until one makes no new call.
  // (Two microtask hops were not enough: an exit's order went out after the clock had moved to
  // the next timer, 1 s later — every exit "took" 1 s to place, and the latency guard paused the
  // symbol's entries for the rest of the run. The parity test found it.)
  const settle = async (): Promise<void> => {
    for (let before = -1; before !== venue.calls; ) {
      before = venue.calls;
      await new Promise<void>((r) => setImmediate(r));
      scheduler.runDeferred();
    }
  };

  // Timer by timer, letting the kernel finish each one's work before the next is due, as it
  // would live (a reconcile pass ends long before the next one 30 s later). What the last event
  // started finishes first, at its own time: an exit a candle's close point triggers is placed
  // at that point, not 1 ms later at the minute's end (the parity test found it).
  const advanceTo = async (t: number): Promise<void> => {
    await settle();
    for (let next = scheduler.nextAt(); next !== null && next <= t; next = scheduler.nextAt()) {
      scheduler.advanceTo(next);
      await settle();
    }
    scheduler.advanceTo(t);
  };

  const equity: BacktestRunData['equity'] = [];
  const sampleEquity = (t: number) => equity.push({ t, equity: equityOf(venue, replay!, data.series, quoteAsset).toFixed() });
  let nextHour = Math.floor(from / HOUR_MS) * HOUR_MS + HOUR_MS;
  const total = replay.total;
  const every = Math.max(1, Math.floor(total / 200));
  const onMinute = (t: number, done: number) => {
    if (closedSince || t >= nextHour) {
      sampleEquity(t);
      closedSince = false;
      while (nextHour <= t) nextHour += HOUR_MS;
    }
    if (opts.onProgress && (done % every === 0 || done === total)) opts.onProgress(done, total);
  };

  sampleEquity(from);
  await kernel.start(venue, { ephemeral: true });
  await settle();
  await replay.run();
  await settle();
  kernel.stop();
  sampleEquity(scheduler.now());

  const records = finishedRecords(store);
  const trades = closedTrades(store, records);
  const all = store.pagePositionRecords('all', 1, 0).total;
  const tally = tallyDecisions(allDecisions(store));
  return {
    strategy: opts.strategy,
    params: resolved.params as Record<string, unknown>,
    symbols: [...opts.symbols],
    interval: '1m',
    from,
    to,
    startBalance: opts.balance,
    quoteAsset,
    dataSource: data.dataSource,
    trades,
    equity,
    prices: Object.fromEntries(data.series.map((s) => [s.symbol, chartPrices(s, from, to)])),
    gateBlocks: tally.gateBlocks,
    decisions: tally.decisions,
    breakerTrips,
    candles: replay.done,
    wallMs: performance.now() - wallStart,
    openAtEnd: all - records.length,
    ...(opts.keepSignals ? { signals } : {}),
  };
}

/** Quote balance plus every replayed symbol's base holding at its last replayed close. */
function equityOf(venue: InProcessVenue, replay: CandleReplay, series: readonly CandleSeries[], quote: string): Dec {
  let total = venue.holding(quote);
  for (const s of series) {
    const held = venue.holding(s.symbol.endsWith(quote) ? s.symbol.slice(0, -quote.length) : s.symbol);
    if (held.isZero()) continue;
    const price = replay.lastClose(s.symbol);
    if (price) total = total.plus(held.times(price));
  }
  return total;
}

/** The store's closed positions as backtest trades, in exit-time order (any kernel store: the parity test reads the bot's SQLite with it). */
export function closedTrades(store: KernelStore, records: PositionRecord[] = finishedRecords(store)): BacktestTrade[] {
  return sortTrades(records.filter((r) => r.status === 'Closed').map((r) => tradeFromRecord(r, (p) => exitReason(store, p))));
}

function finishedRecords(store: KernelStore): PositionRecord[] {
  const out: PositionRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = store.pagePositionRecords('finished', PAGE, offset);
    out.push(...page.items);
    if (offset + PAGE >= page.total) return out;
  }
}

function* allDecisions(store: KernelStore) {
  for (let offset = 0; ; offset += PAGE) {
    const page = store.pageDecisions({ limit: PAGE, offset });
    yield* page.items;
    if (offset + PAGE >= page.total) return;
  }
}

/** The reason of the exit order that closed the position (the last filled exit intent). */
function exitReason(store: KernelStore, r: PositionRecord): string | null {
  const exits = store
    .intentsByPosition(r.id)
    .filter((i) => i.purpose === 'EXIT' || i.purpose === 'PROTECTIVE')
    .sort((a, b) => a.updated_at - b.updated_at);
  const filled = exits.filter((i) => i.status === 'FILLED');
  const pick = filled[filled.length - 1] ?? exits[exits.length - 1];
  if (!pick) return null;
  const body = JSON.parse(pick.body) as { reason?: string | null };
  return body.reason ?? pick.purpose;
}
