import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { cappedExitQuantity, isExitable, snapPartialClose } from './exit-sizing';
import { btcUsdtFilters } from './testing/symbol-filters.fixture';

describe('exit sizing', () => {
  it('calls a quantity of several steps but under the minimum notional not exitable', () => {
    const f = btcUsdtFilters();
    expect(isExitable(dec('0.00005'), f, dec('60000'))).toBe(false); // 3 USDT
    expect(isExitable(dec('0.0001'), f, dec('60000'))).toBe(true); // 6 USDT
    expect(isExitable(dec('0.000001'), f, null)).toBe(false); // below one step
  });

  it('honours MARKET_LOT_SIZE minQty for a MARKET exit', () => {
    const f = btcUsdtFilters({
      marketLotSize: { minQty: dec('0.001'), maxQty: dec('100'), stepSize: dec('0') },
    });
    expect(isExitable(dec('0.0009'), f, dec('60000'))).toBe(false);
  });

  it('snaps a partial close to the whole when the remainder would be dust', () => {
    const f = btcUsdtFilters();
    expect(snapPartialClose(dec('0.00995'), dec('0.01'), f, dec('50000')).toFixed()).toBe('0.01');
    expect(snapPartialClose(dec('0.005'), dec('0.01'), f, dec('50000')).toFixed()).toBe('0.005');
  });

  it('caps an exit at the base asset the account holds and names what is missing', () => {
    const r = cappedExitQuantity(dec('1.5'), dec('1.2'));
    expect([r.quantity.toFixed(), r.missing.toFixed()]).toEqual(['1.2', '0.3']);
    const none = cappedExitQuantity(dec('1'), dec('5'));
    expect([none.quantity.toFixed(), none.missing.toFixed()]).toEqual(['1', '0']);
  });
});
