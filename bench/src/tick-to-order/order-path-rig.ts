import type { Decimal } from 'decimal.js';
import type { BotHandle } from '@aurora/bot';
import { Dec, StrategyRunner, ensembleStrategy, type ExecutionOutcome, type Kline } from '@aurora/core';
import { BenchSetupError } from './bot-on-sim';
import { ForcedEntryEnsemble, type ForcedEntry } from './forced-entry-ensemble';
import { bookTickerFrame, closedKlineFrame } from './market-frames';

type Runtime = BotHandle['runtime'];

/**
 * The bench's handles on a running bot, all taken from outside: the market stream's message
 * entry point, the strategy slot of one symbol, and the promise of each entry execution.
 */
export interface OrderPathRig {
  /** Hand a text frame to the bot's MarketStream as its socket would. */
  inject(text: string): void;
  /** The next closed candle's frame (one minute after the last), with the entry it will propose. */
  nextCandle(): { frame: string; entry: ForcedEntry };
  /** A fresh quote frame (the venue's current book, a new update id). */
  quoteFrame(): string;
  /** The entry execution started by the last injected frame, if the decision allowed one. */
  takeEntry(): Promise<ExecutionOutcome> | null;
  ensemble: ForcedEntryEnsemble;
  /** Why the last decision blocked, for a clear error. */
  lastDecisionSummary(): string;
}

const MINUTE = 60_000;

/** MarketStream.onMessage is private: reached by name, with a clear error if it is renamed. */
function marketMessageEntry(runtime: Runtime): (text: string) => void {
  const stream = runtime.venue?.adapter.marketStream;
  if (!stream) throw new BenchSetupError('the bot has no venue connected');
  const onMessage = (stream as unknown as { onMessage?: unknown }).onMessage;
  if (typeof onMessage !== 'function') {
    throw new BenchSetupError(
      'MarketStream.onMessage(text) is gone: the tick-to-order bench hands frames to it (bench/README.md)',
    );
  }
  return (text) => (onMessage as (t: string) => void).call(stream, text);
}

export async function rigOrderPath(runtime: Runtime, symbol: string): Promise<OrderPathRig> {
  const venue = runtime.venue;
  const execution = runtime.execution;
  if (!venue || !execution) throw new BenchSetupError('the bot has no venue connected');
  const inject = marketMessageEntry(runtime);

  // The strategy slot: the real ensemble, warmed on the venue's history, with a forced verdict.
  const history = (await venue.adapter.exchange.getKlines(symbol, '1m', 500)).filter((k) => k.closed);
  const strategyConfig = runtime.d.config.get().strategy;
  const ensemble = new ForcedEntryEnsemble(symbol, strategyConfig);
  // The ensemble plug-in with its instance swapped for the forced one; the runner feeds it as live.
  const forced = {
    ...ensembleStrategy,
    create: () => ({
      onCandle: (ctx: { candles: ReadonlyArray<Kline> }) => ensemble.onKline(ctx.candles[ctx.candles.length - 1] as Kline),
      onBookTicker: (t: Parameters<ForcedEntryEnsemble['onBookTicker']>[0]) => ensemble.onBookTicker(t),
      get atr() {
        return ensemble.atr;
      },
    }),
  };
  const runner = new StrategyRunner(symbol, forced, strategyConfig, { atrPeriod: strategyConfig.atr_period });
  runner.warmup(history);
  runtime.engines.strategies.set(symbol, runner);
  let openTime = Math.max(
    history[history.length - 1]?.openTime ?? 0,
    runtime.market.candles(symbol, 1)[0]?.t ?? 0,
  );
  if (openTime === 0) throw new BenchSetupError(`the venue returned no ${symbol} history`);

  let lastEntry: Promise<ExecutionOutcome> | null = null;
  const executeEntry = execution.executeEntry.bind(execution);
  execution.executeEntry = (req) => {
    const pending = executeEntry(req);
    lastEntry = pending;
    return pending;
  };

  // The frozen venue's book: entries rest 0.5 % under the bid, so each one can be cancelled.
  const book = await venue.adapter.exchange.getBookTicker(symbol);
  const mid = book.bidPrice.plus(book.askPrice).div(2);
  const range = mid.times('0.0005').toDecimalPlaces(2);
  const entryPrice: Decimal = book.bidPrice.times('0.995').toDecimalPlaces(2, Dec.ROUND_DOWN);
  const entry: ForcedEntry = {
    entryPrice,
    stopPrice: entryPrice.times('0.99'),
    takeProfitPrice: entryPrice.times('1.02'),
    signalPrice: book.askPrice,
  };
  let updateId = 1_000_000_000_000;

  return {
    inject,
    ensemble,
    nextCandle: () => {
      openTime += MINUTE;
      const close = mid.toDecimalPlaces(2);
      const frame = closedKlineFrame(
        {
          symbol,
          openTime,
          open: close,
          high: close.plus(range),
          low: close.minus(range),
          close,
          volume: '12.5',
        },
        openTime + MINUTE,
      );
      return { frame, entry };
    },
    quoteFrame: () =>
      bookTickerFrame({
        symbol,
        updateId: ++updateId,
        bid: book.bidPrice,
        bidQty: book.bidQty,
        ask: book.askPrice,
        askQty: book.askQty,
      }),
    takeEntry: () => {
      const pending = lastEntry;
      lastEntry = null;
      return pending;
    },
    lastDecisionSummary: () => {
      const d = runtime.engines.pipeline.recent(1)[0];
      if (!d) return 'no decision was made (the entry flow skipped the candidate)';
      const gate = d.gates[d.gates.length - 1];
      return `${d.final_decision} at ${d.blocking_layer ?? 'none'}: ${gate?.reason_code ?? ''} ${gate?.reason ?? ''}`;
    },
  };
}
