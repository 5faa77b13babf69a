import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { AppState, type AppStatePersistence } from '../state/app-state';
import { notificationFromEvent, notificationFromNoGo, type Notification } from './notification';
import { NotificationBus, type NotifyChannel } from './notifier';
import { notifyStateChanges, teeRuntimeEvents } from './runtime-tap';
import { SecretScrubber } from './secret-scrubber';

const memory = (): AppStatePersistence => ({
  loadHighWaterMark: () => 0,
  saveHighWaterMark: () => undefined,
  insertControlAction: () => undefined,
  recentControlActions: () => [],
  upsertError: () => undefined,
  recentErrors: () => [],
});

class Recorder implements NotifyChannel {
  readonly name = 'recorder';
  got: Notification[] = [];
  deliver(n: Notification) {
    this.got.push(n);
  }
  async close() {}
}

const quietLog = () => createLogger('silent', { destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('what the operator is told', () => {
  it('maps entries, exits, drift and anomalies; leaves fills and risk blocks out', () => {
    expect(notificationFromEvent({ kind: 'POSITION_CLOSED', message: 'BTCUSDT closed, realized PnL -3.2 USDT', at: 5, data: { realized_pnl: '-3.2' } })).toEqual({
      kind: 'EXIT',
      title: 'Exit',
      text: 'BTCUSDT closed, realized PnL -3.2 USDT',
      at: 5,
      data: { event: 'POSITION_CLOSED', realized_pnl: '-3.2' },
    });
    expect(notificationFromEvent({ kind: 'POSITION_OPENED', message: 'x', at: 1 })?.kind).toBe('ENTRY');
    expect(notificationFromEvent({ kind: 'RECONCILE_DRIFT', message: 'x', at: 1 })?.kind).toBe('DRIFT');
    expect(notificationFromEvent({ kind: 'ANOMALY', message: 'spread BTCUSDT z 9.1', at: 1 })?.kind).toBe('ANOMALY');
    expect(notificationFromEvent({ kind: 'TRADE_EXECUTED', message: 'x', at: 1 })).toBeNull();
    expect(notificationFromEvent({ kind: 'RISK_BLOCKED', message: 'x', at: 1 })).toBeNull();
    // Errors are told from AppState's error rows, not from the event as well.
    expect(notificationFromEvent({ kind: 'ERROR', message: 'x', at: 1 })).toBeNull();
  });

  it('maps breaker, dead-man, venue, audit and control no-go reasons, raised and cleared', () => {
    const since = 1;
    expect(notificationFromNoGo('DEAD_MAN_SWITCH', { code: 'DEAD_MAN_SWITCH', message: 'no market data for 5 min', since }, 9)).toMatchObject({
      kind: 'DEAD_MAN',
      title: 'Dead-man switch fired: entries blocked',
      text: 'no market data for 5 min',
    });
    expect(notificationFromNoGo('VENUE_DOWN', null, 9)).toMatchObject({ kind: 'VENUE', title: 'Venue reachable again', data: { state: 'cleared' } });
    expect(notificationFromNoGo('CIRCUIT_BREAKER', { code: 'CIRCUIT_BREAKER', message: 'daily loss', since }, 9)?.kind).toBe('BREAKER');
    expect(notificationFromNoGo('AUDIT', null, 9)?.kind).toBe('AUDIT');
    expect(notificationFromNoGo('KILLED', { code: 'KILLED', message: 'k', since }, 9)?.kind).toBe('CONTROL');
    expect(notificationFromNoGo('STARTUP_RECONCILE', null, 9)).toBeNull();
  });

  it('tells a no-go reason once when raised (not again when its message changes) and once when cleared', () => {
    const state = new AppState(memory(), { now: () => 100 }, { tradingMode: 'RUNNING', accountMode: 'DEMO' });
    const rec = new Recorder();
    notifyStateChanges(state, new NotificationBus([rec], new SecretScrubber(() => []), quietLog()));
    state.raiseNoGo('DEAD_MAN_SWITCH', 'no market data for 5 min');
    state.raiseNoGo('DEAD_MAN_SWITCH', 'no market data for 6 min');
    state.clearNoGo('DEAD_MAN_SWITCH');
    state.clearNoGo('DEAD_MAN_SWITCH');
    expect(rec.got.map((n) => `${n.kind}:${n.data.state}`)).toEqual(['DEAD_MAN:raised', 'DEAD_MAN:cleared']);
  });

  it('tells a new error row once (repeats folded within a minute are not told); venue sources are venue trouble', () => {
    let now = 100;
    const state = new AppState(memory(), { now: () => now }, { tradingMode: 'RUNNING', accountMode: 'DEMO' });
    const rec = new Recorder();
    notifyStateChanges(state, new NotificationBus([rec], new SecretScrubber(() => []), quietLog()));
    state.recordError('user-stream', 'TERMINATED', 'user data stream terminated by the venue; reconnecting');
    now += 1_000;
    state.recordError('user-stream', 'TERMINATED', 'again');
    state.recordError('store', 'POSITION_PERSIST_FAILED', 'disk full');
    now += 61_000;
    state.recordError('user-stream', 'TERMINATED', 'a minute later');
    expect(rec.got.map((n) => `${n.kind}|${n.title}|${n.text}`)).toEqual([
      'VENUE|Venue trouble: user-stream TERMINATED|user data stream terminated by the venue; reconnecting',
      'ERROR|Error: store POSITION_PERSIST_FAILED|disk full',
      'VENUE|Venue trouble: user-stream TERMINATED|a minute later',
    ]);
  });

  it('a venue error while VENUE_DOWN is raised is not told twice', () => {
    const state = new AppState(memory(), { now: () => 100 }, { tradingMode: 'RUNNING', accountMode: 'DEMO' });
    const rec = new Recorder();
    notifyStateChanges(state, new NotificationBus([rec], new SecretScrubber(() => []), quietLog()));
    state.raiseNoGo('VENUE_DOWN', 'Venue unreachable: ECONNREFUSED');
    state.recordError('venue', 'START_FAILED', 'ECONNREFUSED');
    state.recordError('store', 'POSITION_PERSIST_FAILED', 'disk full');
    expect(rec.got.map((n) => n.title)).toEqual(['Venue unreachable', 'Error: store POSITION_PERSIST_FAILED']);
  });

  it('a throwing notifier never stops a no-go reason from being raised (KILL must work)', () => {
    const state = new AppState(memory(), { now: () => 100 }, { tradingMode: 'RUNNING', accountMode: 'DEMO' });
    state.onNoGoChange(() => {
      throw new Error('boom');
    });
    state.raiseNoGo('KILLED', 'Killed by operator');
    expect(state.hasNoGo('KILLED')).toBe(true);
    expect(state.listenerFailures).toBe(1);
  });

  it('the tee gives the dashboards every event and the notifier the ones worth telling', () => {
    const seen: string[] = [];
    const hub = { broadcastEvent: (e: { kind: string }) => seen.push(e.kind), clientCount: () => 0, close: () => undefined };
    const rec = new Recorder();
    const tee = teeRuntimeEvents(hub, new NotificationBus([rec], new SecretScrubber(() => []), quietLog()));
    tee.broadcastEvent({ kind: 'TRADE_EXECUTED', message: 'fill', at: 1 });
    tee.broadcastEvent({ kind: 'POSITION_OPENED', message: 'open', at: 2 });
    expect(seen).toEqual(['TRADE_EXECUTED', 'POSITION_OPENED']);
    expect(rec.got.map((n) => n.kind)).toEqual(['ENTRY']);
  });

  it('never hands a channel a known secret, a Telegram bot path or a signed query string', () => {
    const rec = new Recorder();
    const bus = new NotificationBus([rec], new SecretScrubber(() => ['api-token-0123456789', 'https://discord.com/api/webhooks/1/abc-secret']), quietLog());
    bus.notify({
      kind: 'ERROR',
      title: 'Error',
      text: 'GET https://x.test/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=deadbeef failed; token api-token-0123456789; https://api.telegram.org/bot12345:AAbbCC-dd/sendMessage; hook https://discord.com/api/webhooks/1/abc-secret',
      at: 1,
      data: { url: 'https://discord.com/api/webhooks/1/abc-secret' },
    });
    const out = JSON.stringify(rec.got);
    for (const secret of ['deadbeef', 'api-token-0123456789', 'AAbbCC-dd', 'abc-secret']) expect(out).not.toContain(secret);
    expect(rec.got[0]!.text).toContain('signature=[redacted]');
    expect(rec.got[0]!.text).toContain('bot[redacted]');
  });
});
