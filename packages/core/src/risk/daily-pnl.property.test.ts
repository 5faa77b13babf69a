import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import type { Decimal } from 'decimal.js';
import { ManualClock } from '../clock';
import { dec, ZERO } from '../money/decimal';
import { DailyPnlLedger } from '../orders/pnl-ledger';
import { PositionState } from '../orders/position';
import { RiskEngine } from './risk-engine';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

interface Step {
  /** Minutes after the previous step. */
  gapMin: number;
  /** Buy (>0) or sell (<0) this many hundredths of a unit; a sell never exceeds what is held. */
  qty: number;
  price: number;
  feeCents: number;
  mark: number;
}

const step: fc.Arbitrary<Step> = fc.record({
  gapMin: fc.integer({ min: 1, max: 600 }),
  qty: fc.integer({ min: -300, max: 300 }),
  price: fc.integer({ min: 50, max: 150 }),
  feeCents: fc.integer({ min: 0, max: 50 }),
  mark: fc.integer({ min: 50, max: 150 }),
});

/**
 * Section 3 of issue 10: today's PnL is the mark-to-market change of equity since the day began.
 * Replays random buys and sells of one long position over a day boundary through the real
 * position books, the realized ledger (by fill time) and the risk engine, and compares the risk
 * engine's figure with the equity change computed directly: cash + units × mark, now minus at the
 * day's first reading.
 */
describe('equity change today (property)', () => {
  it('equals the change of cash + units × mark since the day began, whatever was opened or closed when', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const clock = new ManualClock(T0 + DAY - 5 * 60 * 60_000); // 19:00 on day one
        const base = defaultRuntimeConfig();
        const risk = new RiskEngine(clock, { risk: base.risk, correlation: base.correlation });
        const ledger = new DailyPnlLedger(risk.calendar);
        const p = new PositionState('p', 'i', 'XUSDT', 'BUY', 'X', 'i', dec('1000'), clock.now());
        let cash: Decimal = dec('100000');
        let units: Decimal = ZERO;
        let equityAtDayStart: Decimal | null = null;
        let day = risk.calendar.today().index;
        let lastEquity = cash;
        risk.updatePnl(ZERO, ZERO); // the bot's first refresh, before it trades
        for (const s of steps) {
          clock.advance(s.gapMin * 60_000);
          if (risk.calendar.today().index !== day) {
            day = risk.calendar.today().index;
            equityAtDayStart = lastEquity; // the engine opens the day on its last reading
          }
          const qty = dec(Math.abs(s.qty)).div(100);
          const sell = s.qty < 0 && qty.lte(p.openQty);
          const buy = s.qty > 0;
          if (buy || sell) {
            const notional = qty.mul(s.price);
            const fee = dec(s.feeCents).div(100);
            const { realized } = p.applyFill(
              buy ? 'ENTRY' : 'EXIT',
              qty,
              notional,
              clock.now(),
              { commission: fee, commissionAsset: 'USDT', lastPrice: dec(s.price) },
              { quote: fee, approximate: false },
              ZERO,
            );
            ledger.add(clock.now(), realized);
            cash = buy ? cash.minus(notional).minus(fee) : cash.plus(notional).minus(fee);
            units = buy ? units.plus(qty) : units.minus(qty);
          }
          const mark = dec(s.mark);
          risk.updatePnl(ledger.realizedOn(clock.now()), p.unrealizedPnl(mark));
          lastEquity = cash.plus(units.mul(mark));
        }
        const startEquity = equityAtDayStart ?? dec('100000');
        const direct = lastEquity.minus(startEquity);
        expect(risk.pnlToday().equityChangeToday.toFixed()).toBe(direct.toFixed());
        expect(risk.toDto().equity_change_today).toBe(direct.toFixed());
      }),
      { numRuns: 300 },
    );
  });
});
