import type { SimAccount } from './account';
import type { Outbox } from './events';
import { klineStreamJson } from './klines';
import type { SymbolMarket } from './market';
import { bookTickerStreamJson } from './market-json';
import { accountPositionJson } from './order-json';

/** One outboundAccountPosition per touched account, after that operation's execution reports. */
export function publishAccounts(accounts: Iterable<SimAccount>, out: Outbox, now: number): void {
  for (const account of accounts) {
    if (account.changed.size === 0) continue;
    out.userEvent(account, accountPositionJson(account, account.changed, now));
    account.changed.clear();
  }
}

/**
 * A market's stream events after an operation: candles that closed (x = true), then the book
 * (diff depth + book ticker) if it changed, then the open candle if it traded.
 */
export function publishMarket(market: SymbolMarket, out: Outbox, now: number): void {
  const s = market.spec.symbol;
  const lower = s.toLowerCase();
  for (const c of market.closedCandles)
    out.marketEvent(`${lower}@kline_1m`, klineStreamJson(s, '1m', c, now, true));
  const klineChanged = market.closedCandles.length > 0 || out.markets.has(market);
  market.closedCandles.length = 0;
  if (market.bookDirty) {
    const d = market.publishBook(out.wantsMarketEvents);
    out.marketEvent(`${lower}@depth`, {
      e: 'depthUpdate',
      E: now,
      s,
      U: d.firstUpdateId,
      u: d.lastUpdateId,
      b: d.bids,
      a: d.asks,
    });
    out.marketEvent(`${lower}@bookTicker`, bookTickerStreamJson(market));
  }
  if (klineChanged) {
    out.marketEvent(`${lower}@kline_1m`, klineStreamJson(s, '1m', market.klines.current()!, now, false));
  }
}
