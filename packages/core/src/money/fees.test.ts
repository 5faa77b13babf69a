import { describe, expect, it } from 'vitest';
import { dec } from './decimal';
import { FeeAssetPrices } from './fee-asset-prices';
import { commissionInQuote } from './fees';

const T = 1_800_000_000_000;
const bnb = (asset: string) => (asset === 'BNB' ? dec('600.5') : null);

describe('commissionInQuote', () => {
  it('keeps a commission paid in the quote asset as is', () => {
    expect(commissionInQuote(dec('0.065'), 'USDT', 'BTC', 'USDT', dec('65000'), bnb, T)).toEqual({
      quote: dec('0.065'),
      approximate: false,
    });
  });

  it('converts a base-asset commission at the fill price', () => {
    const r = commissionInQuote(dec('0.000001'), 'BTC', 'BTC', 'USDT', dec('65000.12'), bnb, T);
    expect(r.quote.toString()).toBe('0.06500012');
    expect(r.approximate).toBe(false);
  });

  it('converts a BNB commission through the price of BNB in the quote asset', () => {
    const r = commissionInQuote(dec('0.0001'), 'BNB', 'BTC', 'USDT', dec('65000'), bnb, T);
    expect(r.quote.toString()).toBe('0.06005');
    expect(r.approximate).toBe(false);
  });

  it('returns zero flagged approximate when the asset has no known price', () => {
    const r = commissionInQuote(dec('0.5'), 'XYZ', 'BTC', 'USDT', dec('65000'), bnb, T);
    expect(r.quote.isZero()).toBe(true);
    expect(r.approximate).toBe(true);
    const nullAsset = commissionInQuote(dec('0.5'), null, 'BTC', 'USDT', dec('65000'), bnb, T);
    expect(nullAsset.approximate).toBe(true);
  });

  it('treats a zero commission as exact whatever its asset', () => {
    const r = commissionInQuote(dec(0), null, 'BTC', 'USDT', dec('65000'), () => null, T);
    expect(r.quote.isZero()).toBe(true);
    expect(r.approximate).toBe(false);
  });

  it('prices a BNB commission at the time of its fill, not when its report is processed (L5)', () => {
    const prices = new FeeAssetPrices();
    prices.record('BNB', dec('600'), T - 1_000);
    // BNB moves after the fill, before the (late) report is processed.
    prices.record('BNB', dec('650'), T + 2_000);
    const r = commissionInQuote(dec('0.001'), 'BNB', 'BTC', 'USDT', dec('65000'), (a, at) => prices.priceAt(a, at), T);
    expect(r).toEqual({ quote: dec('0.6'), approximate: false });
  });
});

describe('FeeAssetPrices', () => {
  it('answers the latest sample at or before the time, else the first after, within the max age', () => {
    const p = new FeeAssetPrices(10_000);
    p.record('BNB', dec('600'), 1_000);
    p.record('BNB', dec('610'), 5_000);
    expect(p.priceAt('BNB', 4_999)?.toFixed()).toBe('600');
    expect(p.priceAt('BNB', 5_000)?.toFixed()).toBe('610');
    expect(p.priceAt('BNB', 500)?.toFixed()).toBe('600');
    expect(p.priceAt('BNB', 15_001)).toBeNull();
    expect(p.priceAt('ETH', 5_000)).toBeNull();
  });

  it('keeps samples in time order whatever order they arrive in, and ignores non-positive prices', () => {
    const p = new FeeAssetPrices(10_000);
    p.record('BNB', dec('610'), 5_000);
    p.record('BNB', dec('600'), 1_000);
    p.record('BNB', dec('0'), 3_000);
    expect(p.priceAt('BNB', 3_000)?.toFixed()).toBe('600');
  });
});
