import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, ManualClock } from '@aurora/core';
import { SimExchange } from '@aurora/exchange-sim';
import { CandleReplay } from './candle-replay';
import { InProcessVenue } from './in-process-venue';
import { seriesOf } from './testing.fixture';

const T0 = Date.UTC(2024, 0, 1);

/** Random candles around 100 (prices on the 0.01 tick), as [open, high, low, close]. */
const candles = fc
  .array(fc.tuple(fc.integer({ min: -300, max: 300 }), fc.nat(200), fc.nat(200), fc.integer({ min: -300, max: 300 })), {
    minLength: 2,
    maxLength: 30,
  })
  .map((rows) =>
    rows.map(([o, up, down, c]) => {
      const open = 10_000 + o;
      const close = 10_000 + c;
      const high = Math.max(open, close) + up;
      const low = Math.min(open, close) - down;
      return [open, high, low, close].map((x) => (x / 100).toFixed(2));
    }),
  );

/** Replays `ohlc` with a resting bid and a stop under a held coin; returns the fills seen. */
async function fills(ohlc: string[][]): Promise<string[]> {
  const clock = new ManualClock(T0);
  const sim = new SimExchange({ seed: 9, symbols: ['SOLUSDT'], clock, historyCandles: 0 });
  const venue = new InProcessVenue({ sim, balances: { USDT: '1000', SOL: '2' } });
  await venue.start();
  sim.replayPrice('SOLUSDT', new Dec('100'));
  const ex = venue.exchange;
  await ex.placeOrder({ symbol: 'SOLUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: new Dec(1), price: new Dec('99.5'), clientOrderId: 'bid' });
  await ex.placeOrder({ symbol: 'SOLUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: new Dec(1), price: new Dec('98.9'), stopPrice: new Dec('99'), clientOrderId: 'stop' });
  const seen: string[] = [];
  venue.onUserEvent((e) => {
    if (e.kind === 'executionReport' && e.executionType === 'TRADE') seen.push(`${clock.now()} ${e.clientOrderId} ${e.lastPrice.toFixed()}`);
  });
  await new CandleReplay({
    sim,
    venue,
    series: [seriesOf('SOLUSDT', T0, ohlc)],
    from: T0,
    to: Infinity,
    advanceTo: (t) => clock.set(t),
    settle: () => Promise.resolve(),
  }).run();
  return seen;
}

describe('CandleReplay', () => {
  it('never looks ahead: cutting the candles after minute k changes no fill before it', async () => {
    await fc.assert(
      fc.asyncProperty(candles, fc.nat(), async (ohlc, cut) => {
        const k = 1 + (cut % (ohlc.length - 1));
        const whole = await fills(ohlc);
        const head = await fills(ohlc.slice(0, k));
        const end = T0 + k * 60_000;
        expect(head).toEqual(whole.filter((f) => Number(f.split(' ')[0]) < end));
      }),
      { numRuns: 40 },
    );
  });
});
