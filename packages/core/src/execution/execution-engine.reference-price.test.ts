import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { createHarness, entryRequest } from './testing/engine-harness';
import { btcUsdtFilters } from './testing/symbol-filters.fixture';

/** Binance's BTCUSDT-like band: a BUY may be priced at most 5× and at least 0.2× the average price. */
const band = btcUsdtFilters({
  percentPriceBySide: {
    bidMultiplierUp: dec('5'),
    bidMultiplierDown: dec('0.2'),
    askMultiplierUp: dec('5'),
    askMultiplierDown: dec('0.2'),
    avgPriceMins: 5,
  },
});

describe('ExecutionEngine.executeEntry PERCENT_PRICE_BY_SIDE (L1)', () => {
  it('blocks a LIMIT entry priced outside the band around the mark, and sends nothing', async () => {
    const h = createHarness({ filters: [band] });
    const out = await h.engine.executeEntry(
      entryRequest({ price: dec('300000'), quantity: dec('0.0001'), referencePrice: dec('50000') }),
    );
    expect(out).toMatchObject({ kind: 'BLOCKED', code: 'FILTER_FAILURE' });
    expect(out.kind === 'BLOCKED' ? out.message : '').toMatch(/PERCENT_PRICE_BY_SIDE/);
    expect(h.exchange.placeCalls).toHaveLength(0);
  });

  it('lets a LIMIT entry inside the band through', async () => {
    const h = createHarness({ filters: [band] });
    const out = await h.engine.executeEntry(entryRequest({ referencePrice: dec('50000') }));
    expect(out.kind).toBe('ACKED');
  });
});
