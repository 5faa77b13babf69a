import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decimal } from 'decimal.js';
import type { Side } from '@aurora/contracts';
import type { ExecutionReport } from '../execution/user-stream-events';
import { dec, ZERO } from '../money/decimal';
import { BNB_PRICE, makeEngine } from './engine.fixture';
import type { PositionEngine } from './position-engine';
import type { ReportOutcome } from './position-engine-types';
import { ReportScript } from './report-script.fixture';

type FeeKind = 'none' | 'quote' | 'base' | 'bnb';
interface FillPlan {
  qty: Decimal;
  price: Decimal;
  fee: FeeKind;
}
interface Scenario {
  side: Side;
  entry: FillPlan[];
  exits: ExitPlan[];
}
interface ExitPlan {
  weight: number;
  fills: { share: number; price: Decimal; fee: FeeKind }[];
}

const qtyArb = fc.integer({ min: 1, max: 5_000_000 }).map((n) => dec(n).div(1_000_000));
const priceArb = fc.integer({ min: 100, max: 10_000_000 }).map((n) => dec(n).div(100));
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  side: fc.constantFrom<Side>('BUY', 'SELL'),
  entry: fc.array(
    fc.record({
      qty: qtyArb,
      price: priceArb,
      fee: fc.constantFrom<FeeKind>('none', 'quote', 'base', 'bnb'),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  exits: fc.array(
    fc.record({
      weight: fc.integer({ min: 1, max: 10 }),
      // The side that buys back a short would receive a base commission as fewer units than it
      // paid for, so exits pay in the quote asset or BNB (what Binance charges a seller).
      fills: fc.array(
        fc.record({
          share: fc.integer({ min: 1, max: 10 }),
          price: priceArb,
          fee: fc.constantFrom<FeeKind>('none', 'quote', 'bnb'),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

type Step =
  { kind: 'report'; report: ExecutionReport } | { kind: 'exit'; clientOrderId: string; qty: Decimal };

/** Wallet of the assets a position touches, moved exactly as Binance moves a spot account. */
class Wallet {
  quote = ZERO;
  base = ZERO;
  bnb = ZERO;
  apply(side: Side, qty: Decimal, price: Decimal, fee: FeeKind, feeAmount: Decimal): void {
    const notional = qty.mul(price);
    if (side === 'BUY') {
      this.base = this.base.plus(qty);
      this.quote = this.quote.minus(notional);
    } else {
      this.base = this.base.minus(qty);
      this.quote = this.quote.plus(notional);
    }
    if (fee === 'quote') this.quote = this.quote.minus(feeAmount);
    if (fee === 'base') this.base = this.base.minus(feeAmount);
    if (fee === 'bnb') this.bnb = this.bnb.minus(feeAmount);
  }
}

const feeOf = (fee: FeeKind, qty: Decimal, price: Decimal): [Decimal, string | null] => {
  if (fee === 'quote') return [qty.mul(price).mul('0.001'), 'USDT'];
  if (fee === 'base') return [qty.mul('0.001'), 'BTC'];
  if (fee === 'bnb') return [qty.mul('0.0001'), 'BNB'];
  return [ZERO, null];
};

/** Splits `total` by integer weights on a 1e-9 grid, the last part taking the remainder. */
function split(total: Decimal, weights: number[]): Decimal[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts: Decimal[] = [];
  let used = ZERO;
  weights.forEach((w, i) => {
    const part = i === weights.length - 1 ? total.minus(used) : total.mul(w).div(sum).toDecimalPlaces(9, 1);
    used = used.plus(part);
    parts.push(part);
  });
  return parts.filter((p) => p.gt(0));
}

/**
 * Runs a scenario through a fresh engine, checking after every report that realized PnL equals
 * the wallet's change in quote-equivalent value (open units valued at their cost basis).
 */
function runScenario(s: Scenario) {
  const { engine } = makeEngine();
  const wallet = new Wallet();
  const steps: Step[] = [];
  const closed: ReportOutcome[] = [];
  const dir = s.side === 'BUY' ? 1 : -1;
  const requested = s.entry.reduce((a, f) => a.plus(f.qty), ZERO);
  engine.openPosition({
    intentId: 'e',
    clientOrderId: 'e',
    symbol: 'BTCUSDT',
    side: s.side,
    requestedQty: requested,
  });
  const check = (out: ReportOutcome) => {
    if (out.closedTrade) closed.push(out);
    const p = engine.getPosition('pos-e')!;
    const equity = wallet.quote.plus(wallet.bnb.mul(BNB_PRICE)).plus(p.costBasis.mul(dir));
    expect(p.realizedPnl.toString()).toBe(equity.toString());
    expect(wallet.base.toString()).toBe(p.openQty.mul(dir).toString());
  };
  const send = (script: ReportScript, plan: FillPlan) => {
    const [amount, asset] = feeOf(plan.fee, plan.qty, plan.price);
    const report = script.fill(plan.qty, plan.price, amount, asset);
    wallet.apply(script.side, plan.qty, plan.price, plan.fee, amount);
    steps.push({ kind: 'report', report });
    check(engine.onExecutionReport(report));
  };
  const entry = new ReportScript('BTCUSDT', s.side, 'e', '1', requested);
  for (const f of s.entry) send(entry, f);
  const exitSide: Side = s.side === 'BUY' ? 'SELL' : 'BUY';
  const exitQtys = split(
    engine.getPosition('pos-e')!.openQty,
    s.exits.map((x) => x.weight),
  );
  exitQtys.forEach((qty, i) => {
    const plan = s.exits[i]!;
    const id = `x${i}`;
    engine.registerExitOrder('pos-e', id, qty);
    steps.push({ kind: 'exit', clientOrderId: id, qty });
    const script = new ReportScript('BTCUSDT', exitSide, id, String(100 + i), qty);
    const fills = split(
      qty,
      plan.fills.map((f) => f.share),
    );
    fills.forEach((fq, j) => {
      const f = plan.fills[j]!;
      send(script, { qty: fq, price: f.price, fee: f.fee });
    });
  });
  return { engine, wallet, steps, closed };
}

function replay(steps: Step[], engine: PositionEngine, onReport: (r: ExecutionReport, i: number) => void) {
  steps.forEach((step, i) => {
    if (step.kind === 'exit') engine.registerExitOrder('pos-e', step.clientOrderId, step.qty);
    else onReport(step.report, i);
  });
}

describe('PositionEngine properties', () => {
  it('realized PnL equals the change in quote-equivalent balance after every fill, and at the close', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { engine, wallet, closed } = runScenario(s);
        const p = engine.getPosition('pos-e')!;
        expect(p.status).toBe('Closed');
        expect(wallet.base.isZero()).toBe(true);
        expect(closed).toHaveLength(1);
        expect(closed[0]!.closedTrade!.pnl.toString()).toBe(
          wallet.quote.plus(wallet.bnb.mul(BNB_PRICE)).toString(),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('replaying any report, or the whole sequence, changes nothing', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.nat(), { maxLength: 40 }), (s, picks) => {
        const { engine: reference, steps } = runScenario(s);
        const { engine } = makeEngine();
        const requested = s.entry.reduce((a, f) => a.plus(f.qty), ZERO);
        engine.openPosition({
          intentId: 'e',
          clientOrderId: 'e',
          symbol: 'BTCUSDT',
          side: s.side,
          requestedQty: requested,
        });
        const reports = steps.flatMap((x) => (x.kind === 'report' ? [x.report] : []));
        let seen = 0;
        replay(steps, engine, (r) => {
          engine.onExecutionReport(r);
          seen++;
          expect(engine.onExecutionReport(r)).toEqual({ changed: false });
          const pick = picks[seen % Math.max(picks.length, 1)];
          if (pick !== undefined)
            expect(engine.onExecutionReport(reports[pick % seen]!)).toEqual({ changed: false });
        });
        for (const r of reports) expect(engine.onExecutionReport(r).changed).toBe(false);
        expect(engine.records()).toEqual(reference.records());
        expect(engine.getPnlToday().toString()).toBe(reference.getPnlToday().toString());
        expect(engine.illegalTransitions).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
