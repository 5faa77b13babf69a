import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { agreeingInput, NOW, venueOrder, type TripSpec } from './audit.fixture';
import type { AuditInput, BookedIntent, BookedPosition } from './audit-input';
import { auditBooks } from './books-auditor';

const roundTrip: TripSpec = { symbol: 'BTCUSDT', entry: [[10, '50000'], [5, '50010']], exit: [[15, '51000']] };
const openTrip: TripSpec = { symbol: 'ETHUSDT', entry: [[20, '3000']], exit: [] };

const withPosition = (input: AuditInput, n: number, change: Partial<BookedPosition>): AuditInput => ({
  ...input,
  books: {
    ...input.books,
    positions: input.books.positions.map((p, i) => (i === n ? { ...p, ...change } : p)),
  },
});

const checks = (input: AuditInput) => auditBooks(input).violations.map((v) => `${v.check} ${v.ref}`);

describe('auditBooks', () => {
  it('finds nothing when the books agree with the venue', () => {
    const r = auditBooks(agreeingInput([roundTrip, openTrip]));
    expect(r.violations).toEqual([]);
    expect(r.checked).toEqual({ positions: 2, intents: 0, orders: 3, assets: 1 });
  });

  it('A1: a booked entry a whole step short of the venue trades is a violation with both figures', () => {
    const input = withPosition(agreeingInput([openTrip]), 0, { filledQty: dec('0.019'), openQty: dec('0.019') });
    const r = auditBooks(input);
    expect(r.violations).toEqual([
      {
        check: 'A1',
        symbol: 'ETHUSDT',
        ref: 'pos-0',
        detail: 'entry: booked 0.019, venue executed 0.02 (venue orders 1 FILLED)',
      },
    ]);
  });

  it('A1: a quantity less than one step apart passes; an average price off by any amount does not', () => {
    const close = withPosition(agreeingInput([openTrip]), 0, { filledQty: dec('0.0205') });
    expect(checks(close)).toEqual([]);
    const avgOff = withPosition(agreeingInput([openTrip]), 0, { avgEntryPrice: dec('3000.000000000000000001') });
    expect(checks(avgOff)).toEqual(['A1 pos-0']);
  });

  it('A1: exits are judged over all exit orders of the position', () => {
    const input = withPosition(agreeingInput([roundTrip]), 0, { exitedQty: dec('0.01') });
    expect(auditBooks(input).violations[0]?.detail).toBe(
      'exit: booked 0.01, venue executed 0.015 (venue orders 2 FILLED)',
    );
  });

  it('A1: order and trade ids are per symbol, so equal ids on two symbols are not mixed up', () => {
    const input = agreeingInput([roundTrip, { symbol: 'ETHUSDT', entry: [[3, '3000']], exit: [[3, '3100']] }]);
    // Both symbols numbered their orders 1 and 2.
    expect(input.venue.orders.map((o) => `${o.symbol}:${o.orderId}`)).toEqual([
      'BTCUSDT:1',
      'BTCUSDT:2',
      'ETHUSDT:1',
      'ETHUSDT:2',
    ]);
    expect(checks(input)).toEqual([]);
  });

  it('A1: a position whose venue order was not read in this run is skipped, not judged', () => {
    const input = agreeingInput([openTrip]);
    const partial: AuditInput = { ...input, venue: { ...input.venue, orders: [], ordersComplete: [] } };
    const r = auditBooks(partial);
    expect(r.violations).toEqual([]);
    expect(r.skipped).toBe(1);
  });

  it('A1: booked fills for an order missing from a complete venue history are a violation', () => {
    const input = agreeingInput([openTrip]);
    const gone: AuditInput = { ...input, venue: { ...input.venue, orders: [] } };
    expect(auditBooks(gone).violations.map((v) => v.detail)).toEqual([
      'entry: booked 0.02, venue executed 0 (no venue order)',
    ]);
  });

  it('A2: open positions holding more than the venue balance less the baseline', () => {
    const input = agreeingInput([openTrip], '0.5');
    expect(checks(input)).toEqual([]);
    const withBaseline: AuditInput = { ...input, books: { ...input.books, baseline: { ETH: dec('0.49') } } };
    expect(checks(withBaseline)).toEqual([]);
    const over: AuditInput = { ...input, books: { ...input.books, baseline: { ETH: dec('0.51') } } };
    expect(auditBooks(over).violations).toEqual([
      {
        check: 'A2',
        symbol: null,
        ref: 'ETH',
        detail: 'positions hold 0.02 ETH (pos-0 0.02); venue balance 0.52 less baseline 0.51 = 0.01',
      },
    ]);
  });

  it('A3: an intent finished in our books while its venue order is live', () => {
    const input = agreeingInput([openTrip]);
    const live = venueOrder('ETHUSDT', '7', 'stop-0', 'SELL', [], 'NEW').order;
    const intent: BookedIntent = {
      id: 'stop-0',
      symbol: 'ETHUSDT',
      positionId: 'pos-0',
      status: 'ACKED',
      exchangeStatus: 'CANCELED',
      updatedAt: NOW - 60_000,
    };
    const bad: AuditInput = {
      ...input,
      books: { ...input.books, intents: [intent] },
      venue: { ...input.venue, orders: [...input.venue.orders, live] },
    };
    expect(auditBooks(bad).violations.map((v) => v.detail)).toEqual([
      'intent ACKED (CANCELED) but venue order 7 NEW is live',
    ]);
    const fine: AuditInput = { ...bad, books: { ...bad.books, intents: [{ ...intent, exchangeStatus: 'NEW' }] } };
    expect(checks(fine)).toEqual([]);
  });

  it('A3: a Pending or PartiallyFilled position without a working entry order', () => {
    const input = withPosition(agreeingInput([openTrip]), 0, { status: 'PartiallyFilled' });
    const entry: BookedIntent = {
      id: 'entry-0',
      symbol: 'ETHUSDT',
      positionId: 'pos-0',
      status: 'ACKED',
      exchangeStatus: 'FILLED',
      updatedAt: NOW - 60_000,
    };
    const stuck: AuditInput = { ...input, books: { ...input.books, intents: [entry] } };
    expect(auditBooks(stuck).violations.map((v) => v.detail)).toEqual([
      'position PartiallyFilled with 0.02 filled, but its entry order entry-0 is not working on the venue (intent ACKED FILLED)',
    ]);
    // Still being placed: the order may not exist yet.
    const placing: AuditInput = { ...stuck, books: { ...stuck.books, intents: [{ ...entry, status: 'SUBMITTING', exchangeStatus: null }] } };
    expect(checks(placing)).toEqual([]);
  });

  it('A4: a closed position the risk engine never heard of, or heard of twice', () => {
    const input = agreeingInput([roundTrip]);
    const missed: AuditInput = { ...input, books: { ...input.books, riskReceipts: { horizon: 0, counts: {} } } };
    expect(auditBooks(missed).violations.map((v) => v.detail)).toEqual([
      `closed at ${NOW - 30_000}; the risk engine counted it 0 time(s)`,
    ]);
    const twice: AuditInput = { ...input, books: { ...input.books, riskReceipts: { horizon: 0, counts: { 'pos-0': 2 } } } };
    expect(checks(twice)).toEqual(['A4 pos-0']);
    // Closed before the record began: not judged.
    const before: AuditInput = { ...input, books: { ...input.books, riskReceipts: { horizon: NOW, counts: {} } } };
    expect(checks(before)).toEqual([]);
  });

  it('A5: two venue orders with one clientOrderId', () => {
    const input = agreeingInput([openTrip], '1');
    const second = venueOrder('ETHUSDT', '9', 'entry-0', 'BUY', [[20, '3010']], 'FILLED').order;
    const r = auditBooks({ ...input, venue: { ...input.venue, orders: [...input.venue.orders, second] } });
    expect(r.violations.filter((v) => v.check === 'A5')).toEqual([
      {
        check: 'A5',
        symbol: 'ETHUSDT',
        ref: 'entry-0',
        detail: '2 venue orders carry it: ETHUSDT 1 FILLED 0.02; ETHUSDT 9 FILLED 0.02',
      },
    ]);
  });

  it('skips what moved within the settle window: its reports may still be on the way', () => {
    const input = withPosition(agreeingInput([openTrip]), 0, { filledQty: dec('0.01'), updatedAt: NOW - 1_000 });
    const r = auditBooks(input);
    expect(r.violations).toEqual([]);
    expect(r.skipped).toBe(2);
    expect(checks({ ...input, settleMs: 0 })).toEqual(['A1 pos-0']);
  });
});
