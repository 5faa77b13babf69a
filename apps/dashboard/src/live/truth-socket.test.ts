import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StateSnapshot } from '@aurora/contracts';
import { TruthSocket, type ConnectionInfo, type TruthSocketListener } from './truth-socket';
import { emptySnapshotFixture } from './truth-socket.test-fixture';

/** A stand-in for the browser WebSocket: the test plays the server. */
class FakeSocket {
  static created: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  sent: string[] = [];
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.created.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.closed = true;
  }
  serverSends(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function recorder() {
  const snapshots: number[] = [];
  const connection: ConnectionInfo[] = [];
  const bad: string[] = [];
  const latency: number[] = [];
  const listener: TruthSocketListener = {
    onSnapshot: (_s, seq) => snapshots.push(seq),
    onEvent: () => undefined,
    onConnection: (info) => connection.push(info),
    onLatency: (ms) => latency.push(ms),
    onBadMessage: (d) => bad.push(d),
  };
  return { snapshots, connection, bad, latency, listener };
}

function start(token = 'token-0123456789abcdef', listener = recorder()) {
  let clock = 1000;
  const socket = new TruthSocket({
    url: 'ws://127.0.0.1:1/api/v1/ws',
    token,
    listener: listener.listener,
    random: () => 0,
    now: () => clock,
    createSocket: (url, protocols) => new FakeSocket(url, protocols) as unknown as WebSocket,
  });
  socket.start();
  return { socket, rec: listener, advance: (ms: number) => (clock += ms) };
}

const snapshot = (seq: number) => ({ type: 'snapshot', seq, state: emptySnapshotFixture(seq) });

describe('TruthSocket', () => {
  beforeEach(() => {
    FakeSocket.created = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('fixture is a valid StateSnapshot', () => {
    expect(StateSnapshot.safeParse(emptySnapshotFixture(1)).success).toBe(true);
  });

  it('offers the token as a subprotocol, never in the URL', () => {
    start('token-0123456789abcdef');
    const ws = FakeSocket.created[0]!;
    expect(ws.url).toBe('ws://127.0.0.1:1/api/v1/ws');
    expect(ws.protocols).toEqual(['aurora.v1', 'aurora.token.token-0123456789abcdef']);
  });

  it('sends an auth message when the token cannot travel as a subprotocol', () => {
    start('token with spaces 0123');
    const ws = FakeSocket.created[0]!;
    expect(ws.protocols).toEqual(['aurora.v1']);
    ws.onopen?.();
    expect(JSON.parse(ws.sent[0]!)).toEqual({ type: 'auth', token: 'token with spaces 0123' });
  });

  it('applies snapshots in order and ignores one older than the last', () => {
    const { rec } = start();
    const ws = FakeSocket.created[0]!;
    ws.onopen?.();
    ws.serverSends(snapshot(5));
    ws.serverSends(snapshot(4));
    ws.serverSends(snapshot(6));
    expect(rec.snapshots).toEqual([5, 6]);
    expect(rec.connection.at(-1)?.status).toBe('open');
  });

  it('drops and counts a message that breaks the contract', () => {
    const { rec } = start();
    const ws = FakeSocket.created[0]!;
    ws.onmessage?.({ data: '{not json' });
    ws.serverSends({ type: 'snapshot', seq: 1, state: { nope: true } });
    expect(rec.bad).toHaveLength(2);
    expect(rec.snapshots).toEqual([]);
  });

  it('hands backtest progress to the listener, and drops one that breaks the contract', () => {
    const runs: Array<[string, number]> = [];
    const rec = recorder();
    rec.listener.onBacktest = (run, seq) => runs.push([run.id, seq]);
    start('token-0123456789abcdef', rec);
    const ws = FakeSocket.created[0]!;
    const run = {
      id: 'bt-20240101-000000-abcdef',
      status: 'running',
      request: { strategy: 'ema-cross', params: {}, symbols: ['BTCUSDT'], from: 0, to: 86_400_000, balance: '10000', data: 'catalog' },
      started_at: 1,
      finished_at: null,
      progress: 0.4,
      error: null,
      figures: null,
    };
    ws.serverSends({ type: 'backtest', seq: 3, run });
    ws.serverSends({ type: 'backtest', seq: 4, run: { ...run, progress: 7 } });
    expect(runs).toEqual([['bt-20240101-000000-abcdef', 3]]);
    expect(rec.bad).toHaveLength(1);
  });

  it('measures the ping/pong round trip', () => {
    const { rec, advance } = start();
    const ws = FakeSocket.created[0]!;
    ws.onopen?.();
    const ping = JSON.parse(ws.sent[0]!) as { type: string; id: number };
    expect(ping.type).toBe('ping');
    advance(37);
    ws.serverSends({ type: 'pong', id: ping.id, server_time: 1 });
    expect(rec.latency).toEqual([37]);
  });

  it('reconnects with backoff after a drop and reports each attempt', () => {
    const { rec } = start();
    const first = FakeSocket.created[0]!;
    first.onopen?.();
    first.serverSends(snapshot(1));
    first.onclose?.({ code: 1006, reason: '' });
    expect(rec.connection.at(-1)).toMatchObject({ status: 'reconnecting', attempt: 1 });
    vi.advanceTimersByTime(249);
    expect(FakeSocket.created).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.created).toHaveLength(2);
    FakeSocket.created[1]!.onclose?.({ code: 1006, reason: '' });
    vi.advanceTimersByTime(499);
    expect(FakeSocket.created).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.created).toHaveLength(3);
  });

  it('stops retrying when the server refuses the token', () => {
    const { rec } = start();
    FakeSocket.created[0]!.onclose?.({ code: 4401, reason: 'unauthorized' });
    expect(rec.connection.at(-1)?.status).toBe('unauthorized');
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.created).toHaveLength(1);
  });

  it('closes a link whose pongs stopped coming', () => {
    start();
    const ws = FakeSocket.created[0]!;
    ws.onopen?.();
    vi.advanceTimersByTime(5_000);
    expect(ws.closed).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(ws.closed).toBe(true);
  });
});
