import { describe, expect, it } from 'vitest';
import { dec } from './decimal';
import { commissionInQuote } from './fees';

const bnb = (asset: string) => (asset === 'BNB' ? dec('600.5') : null);

describe('commissionInQuote', () => {
  it('keeps a commission paid in the quote asset as is', () => {
    expect(commissionInQuote(dec('0.065'), 'USDT', 'BTC', 'USDT', dec('65000'), bnb)).toEqual({
      quote: dec('0.065'),
      approximate: false,
    });
  });

  it('converts a base-asset commission at the fill price', () => {
    const r = commissionInQuote(dec('0.000001'), 'BTC', 'BTC', 'USDT', dec('65000.12'), bnb);
    expect(r.quote.toString()).toBe('0.06500012');
    expect(r.approximate).toBe(false);
  });

  it('converts a BNB commission through the price of BNB in the quote asset', () => {
    const r = commissionInQuote(dec('0.0001'), 'BNB', 'BTC', 'USDT', dec('65000'), bnb);
    expect(r.quote.toString()).toBe('0.06005');
    expect(r.approximate).toBe(false);
  });

  it('returns zero flagged approximate when the asset has no known price', () => {
    const r = commissionInQuote(dec('0.5'), 'XYZ', 'BTC', 'USDT', dec('65000'), bnb);
    expect(r.quote.isZero()).toBe(true);
    expect(r.approximate).toBe(true);
    const nullAsset = commissionInQuote(dec('0.5'), null, 'BTC', 'USDT', dec('65000'), bnb);
    expect(nullAsset.approximate).toBe(true);
  });

  it('treats a zero commission as exact whatever its asset', () => {
    const r = commissionInQuote(dec(0), null, 'BTC', 'USDT', dec('65000'), () => null);
    expect(r.quote.isZero()).toBe(true);
    expect(r.approximate).toBe(false);
  });
});
