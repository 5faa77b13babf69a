import type { SimExchange } from '../../engine/exchange';
import {
  avgPriceStreamJson,
  miniTickerStreamJson,
  rollingTickerStreamJson,
  tickerStreamJson,
} from '../../engine/market-json';
import { parseStreamName, TICKER_WINDOWS, type StreamName, type TickerWindow } from './stream-names';

/** Where the 1-second streams go: the names someone listens to, and delivery by name. */
export interface StreamSink {
  subscribedNames(): Iterable<string>;
  deliver(stream: string, payload: () => unknown): void;
}

/**
 * The streams Binance pushes on a 1000 ms cadence rather than per event: `@ticker`,
 * `@miniTicker`, `@avgPrice`, `@ticker_<window>`, `@kline_1s`, and the all-market arrays
 * `!miniTicker@arr` / `!ticker_<window>@arr`, which carry only the symbols whose figures changed
 * since the last push. Statistics come from the sim's own 1m candles and trades.
 */
export class TimedStreams {
  /** Last payload (without its event time) sent per symbol, per all-market stream. */
  private readonly lastSent = new Map<string, Map<string, string>>();

  constructor(
    private readonly exchange: SimExchange,
    private readonly sink: StreamSink,
    /** Lower-case stream symbol → the sim's symbol. */
    private readonly symbols: ReadonlyMap<string, string>,
  ) {}

  /** One push, at the current server time. */
  tick(): void {
    const now = this.exchange.serverTime();
    const names = new Set(this.sink.subscribedNames());
    for (const name of names) {
      const parsed = parseStreamName(name);
      if (parsed) this.push(name, parsed, now);
    }
    // A stream nobody listens to any more starts afresh (all symbols) when subscribed again.
    for (const name of [...this.lastSent.keys()]) if (!names.has(name)) this.lastSent.delete(name);
  }

  private push(name: string, parsed: StreamName, now: number): void {
    if (parsed.scope === 'all') {
      this.pushAll(name, parsed.channel, now);
      return;
    }
    const symbol = this.symbols.get(parsed.symbol);
    if (symbol === undefined) return;
    const ch = parsed.channel;
    if (ch.kind === 'ticker')
      this.sink.deliver(name, () => tickerStreamJson(this.exchange.ticker24hr(symbol), now));
    else if (ch.kind === 'miniTicker')
      this.sink.deliver(name, () => miniTickerStreamJson(this.exchange.ticker24hr(symbol), now));
    else if (ch.kind === 'avgPrice')
      this.sink.deliver(name, () => avgPriceStreamJson(this.exchange.avgPrice(symbol), symbol, now));
    else if (ch.kind === 'rollingTicker') this.sink.deliver(name, () => this.rolling(symbol, ch.window, now));
    else if (ch.kind === 'kline' && ch.interval === '1s') {
      // The second that has just closed, so every event of the stream is a final candle.
      const openTime = now - (now % 1000) - 1000;
      this.sink.deliver(name, () => this.exchange.secondKlineEvent(symbol, openTime));
    }
  }

  private pushAll(
    name: string,
    channel: { kind: 'miniTicker' } | { kind: 'rollingTicker'; window: TickerWindow },
    now: number,
  ): void {
    let sent = this.lastSent.get(name);
    if (!sent) {
      sent = new Map();
      this.lastSent.set(name, sent);
    }
    const changed: unknown[] = [];
    for (const symbol of this.symbols.values()) {
      const item =
        channel.kind === 'miniTicker'
          ? miniTickerStreamJson(this.exchange.ticker24hr(symbol), now)
          : this.rolling(symbol, channel.window, now);
      const { E: _eventTime, C: _closeTime, ...figures } = item as Record<string, unknown>;
      const key = JSON.stringify(figures);
      if (sent.get(symbol) === key) continue;
      sent.set(symbol, key);
      changed.push(item);
    }
    if (changed.length > 0) this.sink.deliver(name, () => changed);
  }

  private rolling(symbol: string, window: TickerWindow, now: number) {
    return rollingTickerStreamJson(
      this.exchange.rollingWindowTicker(symbol, TICKER_WINDOWS[window]),
      window,
      now,
    );
  }
}
