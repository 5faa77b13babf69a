import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { DeadManSwitch } from './dead-man-switch';

const MIN = 60_000;
const T0 = 1_700_000_000_000;
const config = { enabled: true, heartbeat_timeout_min: 30, market_data_timeout_min: 5 };

function armed(overrides: Partial<typeof config> = {}) {
  const clock = new ManualClock(T0);
  const dms = new DeadManSwitch({ ...config, ...overrides }, clock);
  dms.arm();
  return { clock, dms };
}

describe('DeadManSwitch', () => {
  it('dead-man fires on market-data silence after 5 minutes and stays fired after data returns until reset', () => {
    const { clock, dms } = armed();
    dms.heartbeat();
    dms.marketData();
    clock.advance(5 * MIN - 1);
    expect(dms.check()).toBeNull();
    clock.advance(1);
    expect(dms.check()).toEqual({
      action: 'PAUSE',
      timer: 'MARKET_DATA',
      firedAt: T0 + 5 * MIN,
      noGoReason: { code: 'DEAD_MAN_SWITCH', message: 'no market data for 5 min', since: T0 + 5 * MIN },
    });
    // It fires once: the next check, still in silence, returns nothing new.
    expect(dms.check()).toBeNull();
    // Data and heartbeats return: the switch stays latched and does not fire a second time.
    clock.advance(1_000);
    dms.marketData();
    dms.heartbeat();
    expect(dms.check()).toBeNull();
    expect(dms.fired).toBe('MARKET_DATA');
    expect(dms.toDto()).toMatchObject({ fired: 'MARKET_DATA', fired_at: T0 + 5 * MIN });
    dms.reset();
    expect(dms.fired).toBeNull();
    expect(dms.toDto()).toMatchObject({ fired: null, fired_at: null });
    expect(dms.check()).toBeNull();
  });

  it('fires on 30 minutes without a heartbeat even while market data flows', () => {
    const { clock, dms } = armed();
    dms.heartbeat();
    for (let minute = 1; minute < 30; minute += 1) {
      clock.advance(MIN);
      dms.marketData();
      expect(dms.check()).toBeNull();
    }
    clock.advance(MIN);
    dms.marketData();
    const fired = dms.check();
    expect(fired?.timer).toBe('HEARTBEAT');
    expect(fired?.noGoReason).toEqual({
      code: 'DEAD_MAN_SWITCH',
      message: 'no operator heartbeat for 30 min',
      since: T0 + 30 * MIN,
    });
  });

  it('pushes the heartbeat deadline out with each heartbeat', () => {
    const { clock, dms } = armed({ market_data_timeout_min: 1440 });
    clock.advance(20 * MIN);
    dms.heartbeat();
    clock.advance(20 * MIN);
    expect(dms.check()).toBeNull();
    expect(dms.toDto().heartbeat_deadline_at).toBe(T0 + 50 * MIN);
    clock.advance(10 * MIN);
    expect(dms.check()?.timer).toBe('HEARTBEAT');
  });

  it('measures both timers from arm(): nothing fires before arming, and old events do not shorten the grace', () => {
    const clock = new ManualClock(T0);
    const dms = new DeadManSwitch(config, clock);
    dms.marketData();
    clock.advance(60 * MIN);
    expect(dms.check()).toBeNull();
    expect(dms.toDto()).toMatchObject({ heartbeat_deadline_at: null, market_data_deadline_at: null });
    dms.arm();
    expect(dms.toDto()).toMatchObject({
      heartbeat_deadline_at: T0 + 90 * MIN,
      market_data_deadline_at: T0 + 65 * MIN,
    });
    clock.advance(5 * MIN - 1);
    expect(dms.check()).toBeNull();
    clock.advance(1);
    expect(dms.check()?.timer).toBe('MARKET_DATA');
  });

  it('reports the timer that expired first when both are overdue at one check', () => {
    const { clock, dms } = armed({ heartbeat_timeout_min: 3, market_data_timeout_min: 5 });
    clock.advance(60 * MIN);
    expect(dms.check()?.timer).toBe('HEARTBEAT');
  });

  it('reset counts as a heartbeat but not as market data: a still-silent feed fires again', () => {
    const { clock, dms } = armed();
    clock.advance(5 * MIN);
    expect(dms.check()?.timer).toBe('MARKET_DATA');
    clock.advance(MIN);
    dms.reset();
    expect(dms.toDto().last_heartbeat_at).toBe(T0 + 6 * MIN);
    expect(dms.check()?.timer).toBe('MARKET_DATA');
  });

  it('never fires when disabled, shows no deadlines, and re-arms when enabled again', () => {
    const { clock, dms } = armed({ enabled: false });
    clock.advance(24 * 60 * MIN);
    expect(dms.check()).toBeNull();
    expect(dms.toDto()).toEqual({
      enabled: false,
      last_heartbeat_at: null,
      heartbeat_deadline_at: null,
      market_data_deadline_at: null,
      fired: null,
      fired_at: null,
    });
    dms.updateConfig(config);
    expect(dms.check()).toBeNull();
    expect(dms.toDto().market_data_deadline_at).toBe(T0 + 24 * 60 * MIN + 5 * MIN);
    clock.advance(5 * MIN);
    expect(dms.check()?.timer).toBe('MARKET_DATA');
  });

  it('supports fractional-minute timeouts', () => {
    const { clock, dms } = armed({ market_data_timeout_min: 0.1 });
    clock.advance(5_999);
    expect(dms.check()).toBeNull();
    clock.advance(1);
    expect(dms.check()?.timer).toBe('MARKET_DATA');
  });

  it('ignores an event stamped earlier than one already seen (clock stepping back)', () => {
    const { clock, dms } = armed();
    clock.advance(10 * MIN);
    dms.heartbeat();
    dms.heartbeat(T0 + MIN);
    expect(dms.toDto().last_heartbeat_at).toBe(T0 + 10 * MIN);
  });
});
