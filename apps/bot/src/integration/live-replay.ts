import {
  CandleReplay,
  closedTrades,
  loadSeries,
  runConfig,
  type BacktestOptions,
  type BacktestTrade,
  type ReplayVenue,
} from '@aurora/backtest';
import { StrategyRegistry } from '@aurora/core';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { saveRuntimeConfig } from '../config/runtime-config-file';
import { freshDataDir, removeDir } from './data-dir';
import { waitReady } from './exchange-truth';
import { startSimVenue, type SimVenue } from './sim-venue';

const MINUTE_MS = 60_000;
/** As runBacktest: the kernel asks for 500 closed 1m candles at start, GET klines gives ≤ 1000. */
const MIN_WARMUP = 500;
const MAX_WARMUP = 1000;
/** How long one lock-step wait may take before the run is called stuck (wall time). */
const QUIET_TIMEOUT_MS = 30_000;

export interface LiveReplayRun {
  trades: BacktestTrade[];
  bot: TestBot;
  venue: SimVenue;
  /** Price points and closed klines published, those said again after a reconnect, and the lock-step waits. */
  published: number;
  resent: number;
  waits: number;
  close(): Promise<void>;
}

/** Counts the bot's HTTP requests to the venue that have not been answered yet. */
class FetchWatch {
  inFlight = 0;
  private readonly original = globalThis.fetch;

  constructor(private readonly prefix: () => string | null) {
    const original = this.original;
    globalThis.fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const p = this.prefix();
      if (p === null || !url.startsWith(p)) return original(input, init);
      this.inFlight++;
      try {
        const res = await original(input, init);
        // Counted until the whole answer is on this side of the socket; what the bot does with
        // it the state version shows.
        const body = [204, 205, 304].includes(res.status) ? null : await res.arrayBuffer();
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } finally {
        this.inFlight--;
      }
    };
  }

  restore(): void {
    globalThis.fetch = this.original;
  }
}

/**
 * The live path of the parity test: the simulator's server on loopback (its realistic profile),
 * driven by the backtest's own CandleReplay over the same candles and the same intra-candle path,
 * and the real bot (startBot: Binance adapter over REST and WebSocket, SQLite, Node timers) with
 * the backtest's RuntimeConfig, trading on it. Bot and venue read one clock, which the replay
 * sets to each price point's market time.
 *
 * Lock-step: after each point (and each closed kline) the driver waits until the bot is quiet —
 * it has read every market message sent, no request to the venue is unanswered, the venue holds
 * no user event back and has handed the bot every one it produced, every open intent is an order
 * resting on the venue, and the state version stands still — before time moves on. The realistic
 * profile's random delays (answers, user-stream lag, query lag) are absorbed by those waits, so
 * the order of events the kernel sees is the backtest's.
 */
export async function runLivePath(opts: BacktestOptions): Promise<LiveReplayRun> {
  // The server charges its one default rate; a fee schedule here would trade differently there.
  if (opts.fees !== undefined)
    throw new Error('the live path runs the venue default fees: leave BacktestOptions.fees out');
  const registry = new StrategyRegistry();
  const config = runConfig(opts, opts.params ?? {});
  const resolved = registry.resolve(config.strategy, opts.symbols[0]!);
  if (Array.isArray(resolved)) throw new Error('strategy did not resolve');
  const warmup = Math.min(MAX_WARMUP, Math.max(MIN_WARMUP, resolved.strategy.warmupCandles(resolved.params)));
  const from = Math.ceil(opts.from / MINUTE_MS) * MINUTE_MS;
  const data = loadSeries(opts.data, opts.symbols, { from, to: opts.to }, warmup);

  let now = from;
  const clock = { now: () => now };
  const quote = config.quote_asset;
  const venue = await startSimVenue({
    seed: opts.seed,
    balances: { [quote]: opts.balance },
    server: { symbols: opts.symbols, clock, historyCandles: 0, feed: { kind: 'synthetic', tickMs: 0 } },
  });
  const server = venue.sim;
  const exchange = server.exchange;
  const publish = server.driveMarketStreams();
  let published = 0;
  /** The latest payloads, by stream, to hand again to a stream that reconnected in between. */
  const recent: Array<[string, Record<string, unknown>]> = [];
  let resent = 0;
  const baseOf = new Map(
    (exchange.exchangeInfo(opts.symbols) as { symbols: { symbol: string; baseAsset: string }[] }).symbols.map(
      (s) => [s.symbol, s.baseAsset],
    ),
  );
  const replayVenue: ReplayVenue = {
    exchange: {
      exchangeInfoNow: (symbols = opts.symbols) => symbols.map((s) => ({ baseAsset: baseOf.get(s) ?? s })),
    },
    publishMarket: (payload) => {
      const p = payload as Record<string, unknown> & { s: string; e?: string };
      const stream = `${p.s.toLowerCase()}@${p.e === 'kline' ? 'kline_1m' : 'bookTicker'}`;
      published++;
      recent.push([stream, p]);
      if (recent.length > 16) recent.shift();
      publish(stream, p);
    },
    holds: (asset) => {
      const b = exchange.findAccount(venue.apiKey)?.balance(asset);
      return b !== undefined && (b.free.gt(0) || b.locked.gt(0));
    },
  };

  let bot: TestBot | null = null;
  let waits = 0;
  const fetches = new FetchWatch(() => (bot ? server.restUrl : null));
  const dir = freshDataDir();
  saveRuntimeConfig(dir, config);
  const cleanup = async () => {
    fetches.restore();
    await bot?.close();
    await venue.close();
    removeDir(dir);
  };

  let reconnectsSeen = 0;
  const busy = (b: TestBot): string | null => {
    const stats = b.runtime.venue?.streamStats();
    const market: Record<string, number> = stats?.market ?? {};
    const heard = (market.klines ?? 0) + (market.bookTickers ?? 0);
    if (heard !== published) {
      // The bot renews its stream connections by its clock (Binance cuts them at 24 h), and the
      // replay's clock runs days in seconds: what went out while it reconnected never arrived.
      // Once it is back, the venue says it again — the lock-step's promise is that every point
      // is heard, as a backtest hears it.
      const reconnects = market.reconnects ?? 0;
      if (reconnects > reconnectsSeen && b.runtime.venue?.adapter.marketStream.connected) {
        reconnectsSeen = reconnects;
        for (const [stream, payload] of recent.slice(-(published - heard))) {
          resent++;
          publish(stream, payload);
        }
      }
      return `market messages: ${heard} of ${published} read`;
    }
    if (fetches.inFlight > 0) return `${fetches.inFlight} request(s) to the venue unanswered`;
    const users = server.userEvents();
    if (users.pending > 0) return `${users.pending} user event(s) held back by the venue`;
    const user: Record<string, number> = stats?.user ?? {};
    const read = (user.events ?? 0) + (user.ignored ?? 0);
    if (read !== users.delivered) return `user events: ${read} of ${users.delivered} read`;
    const open = b.runtime.querySources().engines.intents.listOpen();
    const resting = new Set(opts.symbols.flatMap((s) => venue.openOrders(s).map((o) => o.clientOrderId)));
    // An intent's id is its order's clientOrderId.
    const moving = open.filter((i) => !resting.has(i.id));
    if (moving.length > 0)
      return `${moving.length} order(s) in flight (${moving.map((i) => i.status).join(', ')})`;
    return null;
  };

  const quiet = async (): Promise<void> => {
    const b = bot;
    if (!b) return;
    waits++;
    const deadline = Date.now() + QUIET_TIMEOUT_MS;
    let calm = 0;
    let version = -1;
    let why: string | null = null;
    while (calm < 3) {
      why = busy(b);
      const v = b.ctx.state.stateVersion;
      calm = why === null && v === version ? calm + 1 : 0;
      version = v;
      if (Date.now() > deadline)
        throw new Error(
          `the bot did not go quiet at ${new Date(now).toISOString()}: ${why ?? 'state still changing'}\n` +
            b.logs
              .filter((l) => /"level":(40|50)/.test(l))
              .slice(-10)
              .join('\n'),
        );
      // Busy: give the sockets and timers a millisecond; calm: one more turn of the loop to be sure.
      await new Promise((r) => (why === null ? setImmediate(r) : setTimeout(r, 1)));
    }
  };

  try {
    const replay = new CandleReplay({
      sim: exchange,
      venue: replayVenue,
      series: data.series,
      from,
      to: data.to,
      advanceTo: async (t) => {
        await quiet();
        now = Math.max(now, t);
      },
      settle: quiet,
    });
    exchange.klineSource = (s, i, n) =>
      replay.klineRows(s, i, n).filter((r): r is unknown[] => Array.isArray(r));
    replay.prime();
    bot = await startTestBot(venue.env, dir, { clock });
    await waitReady(bot.api);
    await quiet();
    await replay.run();
    await quiet();
    return {
      trades: closedTrades(bot.runtime.app.repo),
      bot,
      venue,
      published,
      resent,
      waits,
      close: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
