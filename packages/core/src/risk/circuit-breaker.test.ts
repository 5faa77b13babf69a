import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { CircuitBreaker, type CircuitBreakerSettings } from './circuit-breaker';
import { RiskSnapshotInvalid } from './risk-errors';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const SETTINGS: CircuitBreakerSettings = { cooldownMin: 60, reopenMin: 120, halfOpenSizeFactor: 0.25 };

const setup = () => {
  const clock = new ManualClock(T0);
  return { clock, breaker: new CircuitBreaker(clock, SETTINGS) };
};

describe('CircuitBreaker', () => {
  it('admits full-size trades while closed', () => {
    const { breaker } = setup();
    expect(breaker.state()).toBe('Closed');
    expect(breaker.admit()).toEqual({ admitted: true, sizeFactor: 1, trial: false });
    expect(breaker.nextAttemptAt).toBeNull();
  });

  it('opens on a trip and refuses entries until the cool-down ends', () => {
    const { clock, breaker } = setup();
    breaker.trip('MAX_CONSECUTIVE_LOSSES');
    expect(breaker.state()).toBe('Open');
    expect(breaker.nextAttemptAt).toBe(T0 + 60 * MIN);
    const refused = breaker.admit();
    expect(refused.admitted).toBe(false);
    clock.set(T0 + 60 * MIN - 1);
    expect(breaker.state()).toBe('Open');
  });

  it('turns half-open after the cool-down and admits exactly one trial at the half-open size', () => {
    const { clock, breaker } = setup();
    breaker.trip('MAX_DAILY_LOSS');
    clock.set(T0 + 60 * MIN);
    expect(breaker.state()).toBe('HalfOpen');
    expect(breaker.admit()).toEqual({ admitted: true, sizeFactor: 0.25, trial: true });
    breaker.onTradeOpened('trial-1');
    expect(breaker.trialInFlight).toBe(true);
    const second = breaker.admit();
    expect(second).toEqual({
      admitted: false,
      state: 'HalfOpen',
      reason: 'circuit breaker half-open: trial trade trial-1 is still in flight',
    });
  });

  it('closes after a winning trial trade', () => {
    const { clock, breaker } = setup();
    breaker.trip('MAX_CONSECUTIVE_LOSSES');
    clock.advance(61 * MIN);
    breaker.onTradeOpened('trial-1');
    breaker.onTradeClosed('trial-1', false);
    expect(breaker.state()).toBe('Closed');
    expect(breaker.toDto()).toEqual({
      state: 'Closed',
      reason: null,
      tripped_at: null,
      next_attempt_at: null,
      half_open_trial_in_flight: false,
      automatic_reason: null,
    });
  });

  it('half-open breaker re-opens for 2 h after a losing trial trade', () => {
    const { clock, breaker } = setup();
    breaker.trip('MAX_CONSECUTIVE_LOSSES');
    clock.advance(60 * MIN);
    breaker.onTradeOpened('trial-1');
    clock.advance(5 * MIN);
    const lossAt = clock.now();
    breaker.onTradeClosed('trial-1', true);
    expect(breaker.state()).toBe('Open');
    expect(breaker.nextAttemptAt).toBe(lossAt + 120 * MIN);
    clock.set(lossAt + 120 * MIN - 1);
    expect(breaker.state()).toBe('Open');
    clock.set(lossAt + 120 * MIN);
    expect(breaker.state()).toBe('HalfOpen');
  });

  it('ignores results of trades that are not the trial', () => {
    const { clock, breaker } = setup();
    breaker.trip('MAX_CONSECUTIVE_LOSSES');
    clock.advance(60 * MIN);
    breaker.onTradeOpened('trial-1');
    breaker.onTradeClosed('older-position', false);
    expect(breaker.state()).toBe('HalfOpen');
    expect(breaker.trialInFlight).toBe(true);
  });

  it('frees the trial slot when the trial entry never filled', () => {
    const { clock, breaker } = setup();
    breaker.trip('MAX_DAILY_LOSS');
    clock.advance(60 * MIN);
    breaker.onTradeOpened('trial-1');
    breaker.onTradeAborted('trial-1');
    expect(breaker.admit()).toEqual({ admitted: true, sizeFactor: 0.25, trial: true });
  });

  it('stays open after a manual kill however long it waits, until reset', () => {
    const { clock, breaker } = setup();
    breaker.trip('MANUAL_KILL');
    clock.advance(10_000 * MIN);
    expect(breaker.state()).toBe('Open');
    expect(breaker.nextAttemptAt).toBeNull();
    expect(breaker.tripReason).toBe('MANUAL_KILL');
    breaker.clearKill();
    expect(breaker.state()).toBe('Closed');
  });

  it('resume (clearKill) leaves an automatic trip, its cool-down and its trial in force', () => {
    const { clock, breaker } = setup();
    breaker.trip('MAX_CONSECUTIVE_LOSSES');
    breaker.clearKill();
    expect(breaker.state()).toBe('Open');
    expect(breaker.nextAttemptAt).toBe(T0 + 60 * MIN);
    clock.advance(60 * MIN);
    expect(breaker.admit()).toEqual({ admitted: true, sizeFactor: 0.25, trial: true });
  });

  it('a kill laid over an automatic trip keeps the trip beneath it, across a restart and the resume', () => {
    const { clock, breaker } = setup();
    breaker.trip('MAX_DAILY_LOSS');
    clock.advance(5 * MIN);
    breaker.trip('MANUAL_KILL');
    expect(breaker.toDto()).toMatchObject({
      state: 'Open',
      reason: 'MANUAL_KILL',
      automatic_reason: 'MAX_DAILY_LOSS',
    });
    const restored = CircuitBreaker.restore(JSON.parse(JSON.stringify(breaker)), clock, SETTINGS);
    restored.clearKill();
    expect(restored.toDto()).toMatchObject({
      state: 'Open',
      reason: 'MAX_DAILY_LOSS',
      next_attempt_at: T0 + 60 * MIN,
      automatic_reason: 'MAX_DAILY_LOSS',
    });
    restored.clearAutomaticTrip();
    expect(restored.state()).toBe('Closed');
  });

  it('never shortens a running cool-down when tripped again', () => {
    const { clock, breaker } = setup();
    breaker.trip('MAX_CONSECUTIVE_LOSSES');
    clock.advance(60 * MIN);
    breaker.onTradeOpened('trial-1');
    breaker.onTradeClosed('trial-1', true); // re-open until +180 min
    breaker.trip('MAX_CONSECUTIVE_LOSSES'); // a plain trip would only ask for +120 min
    expect(breaker.nextAttemptAt).toBe(T0 + 180 * MIN);
  });

  it('survives a restart through toJSON/restore, with downtime counted in the cool-down', () => {
    const { clock, breaker } = setup();
    breaker.trip('MAX_DAILY_LOSS');
    const saved = JSON.parse(JSON.stringify(breaker));
    clock.advance(90 * MIN);
    const restored = CircuitBreaker.restore(saved, clock, SETTINGS);
    expect(restored.state()).toBe('HalfOpen');
    expect(restored.tripReason).toBe('MAX_DAILY_LOSS');
    expect(restored.toDto().tripped_at).toBe(T0);
  });

  it('refuses a malformed snapshot with a typed error', () => {
    const { clock } = setup();
    expect(() =>
      CircuitBreaker.restore({ version: 1, tripped: true, reason: 'NOPE' }, clock, SETTINGS),
    ).toThrow(RiskSnapshotInvalid);
    expect(() => CircuitBreaker.restore(null, clock, SETTINGS)).toThrow(RiskSnapshotInvalid);
  });

  it('describes why it is open for operators', () => {
    const { breaker } = setup();
    breaker.trip('MAX_DAILY_LOSS');
    expect(breaker.describe()).toBe(
      'circuit breaker open: the daily loss limit was reached; next attempt at 2026-01-05T11:00:00.000Z',
    );
  });
});
