import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { dec } from '../money/decimal';
import { createHarness, entryRequest } from '../execution/testing/engine-harness';
import { btcUsdtFilters } from '../execution/testing/symbol-filters.fixture';
import { RiskEngine } from './risk-engine';
import { workingExposure } from './working-exposure';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT'];

const riskConfig = (risk: Partial<ReturnType<typeof defaultRuntimeConfig>['risk']>) => {
  const base = defaultRuntimeConfig();
  return { risk: { ...base.risk, ...risk }, correlation: base.correlation };
};

/**
 * Candles close for every symbol in the same second: each candidate is checked and placed
 * before any exchange answer (the harness's placement resolves only after the loop). The app
 * refreshes the exposure from positions and open intents right before each check, as here.
 */
function sameSecondEntries(risk: Partial<ReturnType<typeof defaultRuntimeConfig>['risk']>) {
  const h = createHarness({
    filters: SYMBOLS.map((symbol) => btcUsdtFilters({ symbol, baseAsset: symbol.slice(0, -4) })),
    exchange: { prices: Object.fromEntries(SYMBOLS.map((s) => [s, '50000'])) },
  });
  const engine = new RiskEngine(h.clock, riskConfig(risk));
  engine.updateEquity(dec('100000'));
  const placed: string[] = [];
  const inFlight: Promise<unknown>[] = [];
  for (const symbol of SYMBOLS) {
    engine.updateExposure(
      workingExposure(h.positions.getOpenPositions(), h.engine.openIntents(), () => dec('50000')),
    );
    const v = engine.preTradeCheck({
      symbol,
      side: 'BUY',
      isExit: false,
      entryPrice: dec('49900'),
      stopPrice: dec('49000'),
      quantity: dec('0.03'),
    });
    if (v.verdict !== 'ALLOW') continue;
    placed.push(symbol);
    // A resting LIMIT GTC below the market: Pending, nothing filled, for as long as it rests.
    inFlight.push(h.engine.executeEntry(entryRequest({ symbol, proposalId: symbol, quantity: dec('0.03') })));
  }
  return { placed, inFlight, engine };
}

describe('exposure counts working entries (H6)', () => {
  it('six simultaneous candidates with max_concurrent_positions 3 open three positions, not six', async () => {
    const { placed, inFlight, engine } = sameSecondEntries({
      max_concurrent_positions: 3,
      max_total_exposure_usdt: '100000',
      max_symbol_exposure_usdt: '100000',
      max_position_notional_usdt: '100000',
    });
    await Promise.all(inFlight);
    expect(placed).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT']);
    expect(engine.toDto().open_positions_count).toBe(3);
  });

  it('simultaneous candidates stop at max_total_exposure_usdt, counting resting orders at their limit price', async () => {
    const { placed, inFlight, engine } = sameSecondEntries({
      max_concurrent_positions: 10,
      max_total_exposure_usdt: '4000', // each entry is 0.03 × 49 900 = 1 497
      max_symbol_exposure_usdt: '100000',
      max_position_notional_usdt: '100000',
    });
    await Promise.all(inFlight);
    expect(placed).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(engine.toDto().total_exposure_usdt).toBe('2994');
  });

  it('values a working MARKET entry at the mark and filled units at the mark, without double counting', () => {
    const entries = workingExposure(
      [
        {
          id: 'p1',
          symbol: 'BTCUSDT',
          status: 'PartiallyFilled',
          openQty: dec('0.4'),
          costBasis: dec('19000'),
        },
        { id: 'p2', symbol: 'ETHUSDT', status: 'Closed', openQty: dec('0'), costBasis: dec('0') },
        { id: 'p3', symbol: 'BNBUSDT', status: 'Error', openQty: dec('0'), costBasis: dec('0') },
      ],
      [
        {
          positionId: 'p1',
          purpose: 'ENTRY',
          symbol: 'BTCUSDT',
          quantity: dec('1'),
          filledQty: dec('0.4'),
          price: null,
        },
        {
          positionId: 'p1',
          purpose: 'EXIT',
          symbol: 'BTCUSDT',
          quantity: dec('1'),
          filledQty: dec('0'),
          price: null,
        },
      ],
      (s) => (s === 'BTCUSDT' ? dec('50000') : null),
    );
    // 0.4 held × 50 000 + 0.6 still to buy × 50 000; the Closed and the empty Error one hold nothing.
    expect(entries.map((e) => [e.symbol, e.notional.toFixed()])).toEqual([['BTCUSDT', '50000']]);
  });
});
