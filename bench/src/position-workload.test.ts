import { describe, expect, it } from 'vitest';
import { dec } from '@aurora/core';
import {
  applyReports,
  openEntries,
  parseReportMessage,
  positionWorkload,
  realizedPnl,
  registerExits,
} from './position-workload';
import { REPORTS_PER_ROUND_TRIP, roundTrips } from './report-stream';

const parse = (messages: string[]) => messages.map(parseReportMessage);

describe('the execution-report workload', () => {
  it('closes every round trip, each report changing the position, with the PnL it was built for', () => {
    const w = positionWorkload();
    const trips = roundTrips(0, 6);
    openEntries(w, trips);
    const entries = applyReports(w, parse(trips.flatMap((t) => t.entryMessages)));
    registerExits(w, trips);
    const exits = applyReports(w, parse(trips.flatMap((t) => t.exitMessages)));

    expect(entries).toEqual({ changed: 18, closed: 0 });
    expect(exits).toEqual({ changed: 18, closed: 6 });
    for (const t of trips) {
      expect(w.positions.getPosition(`pos-${t.entryClientOrderId}`)?.status).toBe('Closed');
      expect(realizedPnl(w, t)?.toFixed()).toBe(t.expectedPnl.toFixed());
    }
  });

  it('feeds the risk engine every closed trade: a win, a loss, a win', () => {
    const w = positionWorkload();
    const trips = roundTrips(0, 3);
    openEntries(w, trips);
    applyReports(w, parse(trips.flatMap((t) => t.entryMessages)));
    registerExits(w, trips);
    applyReports(w, parse(trips.flatMap((t) => t.exitMessages)));
    expect(trips.map((t) => t.expectedPnl.isNegative())).toEqual([false, true, false]);
    expect(w.risk.toDto().consecutive_losses).toBe(0);
    const total = trips.reduce((sum, t) => sum.plus(t.expectedPnl), dec(0));
    // Today's PnL is the ledger's realized today (nothing left open), as the app feeds it.
    w.risk.updatePnl(w.positions.getPnlToday(), dec(0));
    expect(w.risk.toDto().equity_change_today).toBe(total.toFixed());
  });

  it('never repeats an execution id or a trade id, so no report is answered as a duplicate', () => {
    const reports = parse(roundTrips(0, 200).flatMap((t) => [...t.entryMessages, ...t.exitMessages]));
    expect(reports).toHaveLength(200 * REPORTS_PER_ROUND_TRIP);
    expect(new Set(reports.map((r) => r.executionId)).size).toBe(reports.length);
    const tradeIds = reports.flatMap((r) => (r.tradeId === null ? [] : [r.tradeId]));
    expect(tradeIds).toHaveLength(200 * 4);
    expect(new Set(tradeIds).size).toBe(tradeIds.length);
  });

  it('gives the same messages for the same round-trip index', () => {
    expect(roundTrips(41, 1)).toEqual(roundTrips(40, 2).slice(1));
  });

  it('changes nothing when the same reports arrive again (why the bench needs fresh ones)', () => {
    const w = positionWorkload();
    const trips = roundTrips(0, 2);
    openEntries(w, trips);
    const reports = parse(trips.flatMap((t) => t.entryMessages));
    applyReports(w, reports);
    expect(applyReports(w, reports)).toEqual({ changed: 0, closed: 0 });
  });
});
