import { describe, expect, it } from 'vitest';
import { dec, ManualClock, type BookTicker } from '@aurora/core';
import { AccountBook } from './account-book';
import type { Engines } from './engines';
import { FEE_PRICE_POLL_MS, FeeAssetFeed } from './fee-asset-feed';
import { MarketData } from './market-data';

const T0 = 1_800_000_000_000;

function setup() {
  const clock = new ManualClock(T0);
  // Only BTCUSDT is traded: the market data knows nothing of BNBUSDT.
  const market = new MarketData(clock);
  const unpriced: string[] = [];
  let bnb = '600';
  const asked: string[] = [];
  const account = new AccountBook(market, {} as Engines, () => 'USDT', clock);
  account.feeFeed = new FeeAssetFeed({
    bookTicker: (symbol) => {
      asked.push(symbol);
      const t: BookTicker = {
        symbol,
        updateId: 1,
        bidPrice: dec(bnb).minus('0.5'),
        bidQty: dec(1),
        askPrice: dec(bnb).plus('0.5'),
        askQty: dec(1),
        receivedAt: clock.now(),
      };
      return Promise.resolve(t);
    },
    quoteAsset: () => 'USDT',
    clock,
    mark: (s) => market.mark(s),
    onUnpriced: (asset, at) => unpriced.push(`${asset}@${at - T0}`),
    onPollFailed: () => undefined,
  });
  return { clock, account, unpriced, asked, setBnb: (p: string) => (bnb = p) };
}

describe('fee asset prices (L5)', () => {
  it('prices a BNB commission at its fill time although BNBUSDT is not a configured symbol', async () => {
    const { clock, account, asked, setBnb } = setup();
    await account.feeFeed?.poll();
    const fillAt = clock.now() + 1_000;
    clock.advance(FEE_PRICE_POLL_MS);
    setBnb('650');
    await account.feeFeed?.poll();
    expect(asked).toEqual(['BNBUSDT', 'BNBUSDT']);
    // The fill happened at 600; its report is processed after BNB moved to 650.
    expect(account.priceAt('BNB', fillAt)?.toFixed()).toBe('600');
    expect(account.priceAt('BNB', clock.now())?.toFixed()).toBe('650');
    // Equity counts the BNB balance at the feed's price too.
    expect(account.priceOf('BNB')?.toFixed()).toBe('650');
  });

  it('a commission that cannot be priced is reported, never zero in silence', () => {
    const { account, unpriced } = setup();
    expect(account.priceAt('BNB', T0)).toBeNull();
    expect(unpriced).toEqual(['BNB@0']);
  });

  it('polls on the tick at most once per interval', async () => {
    const { clock, account, asked } = setup();
    account.feeFeed?.tick(clock.now());
    await Promise.resolve();
    account.feeFeed?.tick(clock.now() + 1_000);
    clock.advance(FEE_PRICE_POLL_MS);
    await Promise.resolve();
    account.feeFeed?.tick(clock.now());
    await Promise.resolve();
    expect(asked).toEqual(['BNBUSDT', 'BNBUSDT']);
  });
});
