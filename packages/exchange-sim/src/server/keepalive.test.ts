import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';

let sim: SimServer;

beforeAll(async () => {
  sim = await startSimServer({
    historyCandles: 5,
    feed: { kind: 'synthetic', tickMs: 60_000 },
    pingIntervalMs: 40,
    pongTimeoutMs: 150,
  });
});
afterAll(() => sim.close());

const open = (url: string, autoPong: boolean) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, { autoPong });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

describe('WebSocket keepalive', () => {
  it('pings every client; one that answers stays, one that never pongs is disconnected', async () => {
    const polite = await open(`${sim.streamUrl}/ws/btcusdt@trade`, true);
    const silent = await open(`${sim.streamUrl}/ws/btcusdt@trade`, false);
    let pings = 0;
    polite.on('ping', () => pings++);
    const silentClosed = new Promise<void>((resolve) => silent.on('close', () => resolve()));
    await silentClosed;
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(polite.readyState).toBe(WebSocket.OPEN);
    polite.terminate();
  });

  it('sends serverShutdown to WebSocket API clients when the simulator stops', async () => {
    const local = await startSimServer({ historyCandles: 5, feed: { kind: 'synthetic', tickMs: 60_000 } });
    const ws = await open(local.wsApiUrl, true);
    const shutdown = new Promise<Record<string, unknown>>((resolve) =>
      ws.on('message', (d) => resolve(JSON.parse(d.toString()))),
    );
    await local.close();
    expect(await shutdown).toMatchObject({ event: { e: 'serverShutdown', E: expect.any(Number) } });
  });
});
