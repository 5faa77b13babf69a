import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreeingInput, STEP, type TripSpec } from './audit.fixture';
import type { AuditInput } from './audit-input';
import { auditBooks } from './books-auditor';

const fill = fc.tuple(fc.integer({ min: 1, max: 50 }), fc.constantFrom('100.5', '3000', '3000.01', '50000.12345678'));

const trip: fc.Arbitrary<TripSpec> = fc
  .record({
    symbol: fc.constantFrom<'BTCUSDT' | 'ETHUSDT'>('BTCUSDT', 'ETHUSDT'),
    entry: fc.array(fill, { minLength: 1, maxLength: 4 }),
    exitShare: fc.constantFrom(0, 0.5, 1),
    exitPrice: fc.constantFrom('99.1', '3100', '49000'),
  })
  .map(({ symbol, entry, exitShare, exitPrice }) => {
    const steps = entry.reduce((s, [n]) => s + n, 0);
    const out = Math.floor(steps * exitShare);
    return { symbol, entry, exit: out > 0 ? [[out, exitPrice] as [number, string]] : [] };
  });

const trips = fc.array(trip, { minLength: 1, maxLength: 6 });

describe('auditBooks properties', () => {
  it('books built from the venue truth are always clean', () => {
    fc.assert(
      fc.property(trips, (t) => {
        expect(auditBooks(agreeingInput(t)).violations).toEqual([]);
      }),
    );
  });

  it('booking any position a whole step off the venue is always found, on that position only', () => {
    fc.assert(
      fc.property(trips, fc.nat(), fc.integer({ min: 1, max: 3 }), fc.boolean(), (t, pick, steps, up) => {
        const input = agreeingInput(t, '1');
        const n = pick % input.books.positions.length;
        const p = input.books.positions[n]!;
        const delta = STEP.mul(steps);
        const filledQty = up ? p.filledQty.plus(delta) : p.filledQty.minus(delta);
        const broken: AuditInput = {
          ...input,
          books: {
            ...input.books,
            positions: input.books.positions.map((q, i) => (i === n ? { ...q, filledQty } : q)),
          },
        };
        const found = auditBooks(broken).violations.filter((v) => v.check === 'A1');
        expect(found.map((v) => v.ref)).toEqual([p.id]);
      }),
    );
  });

  it('the verdict does not depend on the order in which the venue listed its orders', () => {
    fc.assert(
      fc.property(trips, fc.nat(), (t, seed) => {
        const input = agreeingInput(t);
        const orders = [...input.venue.orders];
        // A deterministic shuffle from the seed, plus every order listed twice (open list + history).
        orders.sort((a, b) => ((a.orderId.charCodeAt(0) * (seed + 1)) % 7) - ((b.orderId.charCodeAt(0) * (seed + 1)) % 7));
        const shuffled: AuditInput = { ...input, venue: { ...input.venue, orders: [...orders, ...orders.reverse()] } };
        expect(auditBooks(shuffled)).toEqual(auditBooks(input));
      }),
    );
  });

  it('A2 holds exactly when the open quantity fits the balance less the baseline', () => {
    fc.assert(
      fc.property(trips, fc.integer({ min: -5, max: 5 }), (t, slackSteps) => {
        const input = agreeingInput(t);
        const holdsEth = input.books.positions.some((p) => p.symbol === 'ETHUSDT' && p.openQty.gt(0));
        // baseline = slack: negative slack leaves room, positive slack takes units away.
        const baseline = STEP.mul(slackSteps);
        const withBaseline: AuditInput = { ...input, books: { ...input.books, baseline: { ETH: baseline } } };
        const a2 = auditBooks(withBaseline).violations.filter((v) => v.check === 'A2' && v.ref === 'ETH');
        expect(a2.length).toBe(holdsEth && slackSteps > 0 ? 1 : 0);
      }),
    );
  });
});
