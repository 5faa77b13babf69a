import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { dec } from '../money/decimal';
import { TradingCalendar } from '../trading-calendar';
import { DailyPnlLedger } from './pnl-ledger';
import { markToMarket, releasedCost, roundTripPnl } from './pnl';
import { RecentKeys } from './recent-keys';

describe('PnL formulas', () => {
  it('computes a long round trip as (exit − entry) × qty − commissions', () => {
    expect(roundTripPnl('BUY', dec('100'), dec('110'), dec('2'), dec('0.42')).toString()).toBe('19.58');
  });

  it('computes a short round trip as (entry − exit) × qty − commissions', () => {
    expect(roundTripPnl('SELL', dec('100'), dec('110'), dec('2'), dec('0.42')).toString()).toBe('-20.42');
  });

  it('releases the whole basis when everything open is disposed of, leaving no residue', () => {
    const basis = dec('100');
    const first = releasedCost(basis, dec('3'), dec('1'));
    expect(first.toString()).toBe('33.333333333333333333');
    expect(releasedCost(basis.minus(first), dec('2'), dec('2')).plus(first).toString()).toBe('100');
  });

  it('marks a long and a short against their cost basis', () => {
    expect(markToMarket('BUY', dec('2'), dec('200'), dec('105')).toString()).toBe('10');
    expect(markToMarket('SELL', dec('2'), dec('200'), dec('105')).toString()).toBe('-10');
  });
});

describe('DailyPnlLedger', () => {
  const day = (d: number, h = 12) => Date.UTC(2024, 0, d, h);
  const ledgerAt = (offsetMin: number, now: number, maxDays?: number) =>
    new DailyPnlLedger(new TradingCalendar(new ManualClock(now), offsetMin), maxDays);

  it('sums by trading day and forgets days beyond its bound', () => {
    const ledger = ledgerAt(0, day(3), 2);
    ledger.add(day(1), dec('1'));
    ledger.add(day(2), dec('2'));
    ledger.add(day(2, 20), dec('0.5'));
    ledger.add(day(3), dec('3'));
    expect(ledger.entries()).toEqual([
      { day: '2024-01-02', dayIndex: 19724, realized: '2.5' },
      { day: '2024-01-03', dayIndex: 19725, realized: '3' },
    ]);
    expect(ledger.realizedOn(day(1)).toString()).toBe('0');
  });

  it('starts the trading day at midnight of UTC+offset', () => {
    const ledger = ledgerAt(-300, Date.UTC(2024, 0, 2, 12)); // UTC−5: the day starts at 05:00 UTC
    ledger.add(Date.UTC(2024, 0, 2, 4, 59), dec('1'));
    expect(ledger.realizedOn(Date.UTC(2024, 0, 1, 5, 0)).toString()).toBe('1');
    expect(ledger.realizedOn(Date.UTC(2024, 0, 2, 5, 0)).toString()).toBe('0');
  });

  it('keeps counting today after a mid-day offset change, and moves its boundary with the calendar', () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 2, 20));
    const calendar = new TradingCalendar(clock, 0);
    const ledger = new DailyPnlLedger(calendar);
    ledger.add(Date.UTC(2024, 0, 2, 19), dec('-7'));
    calendar.setOffset(300); // under +300 it is already 01:00 of the next day
    ledger.add(clock.now(), dec('-1'));
    expect(ledger.realizedOn(clock.now()).toString()).toBe('-8');
    clock.set(Date.UTC(2024, 0, 3, 0, 0)); // the old boundary: the new offset's first day begins
    expect(ledger.realizedOn(clock.now()).toString()).toBe('0');
  });

  it('loads persisted days and returns the malformed ones', () => {
    const ledger = ledgerAt(0, day(2));
    const bad = { day: 'x', dayIndex: 1.5, realized: '1' };
    expect(ledger.load([{ day: '2024-01-02', dayIndex: 19724, realized: '-4.2' }, bad])).toEqual([bad]);
    expect(ledger.realizedOn(day(2)).toString()).toBe('-4.2');
  });
});

describe('RecentKeys', () => {
  it('remembers only the most recent keys up to its capacity', () => {
    const keys = new RecentKeys(2);
    keys.add('a');
    keys.add('b');
    keys.add('c');
    expect([keys.has('a'), keys.has('b'), keys.has('c'), keys.size]).toEqual([false, true, true, 2]);
  });
});
