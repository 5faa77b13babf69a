import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOrderPlacement, isTestOrder, OrderWireProbe } from './order-wire-probe';

describe('order request matchers', () => {
  it('a placement is POST /api/v3/order with a query, nothing else', () => {
    expect(isOrderPlacement('POST', '/api/v3/order?symbol=BTCUSDT&signature=ab')).toBe(true);
    expect(isOrderPlacement('POST', '/api/v3/order/test?symbol=BTCUSDT')).toBe(false);
    expect(isOrderPlacement('DELETE', '/api/v3/order?symbol=BTCUSDT')).toBe(false);
    expect(isOrderPlacement('GET', '/api/v3/openOrders?symbol=BTCUSDT')).toBe(false);
  });

  it('the baseline matches POST /api/v3/order/test only', () => {
    expect(isTestOrder('POST', '/api/v3/order/test?symbol=BTCUSDT')).toBe(true);
    expect(isTestOrder('POST', '/api/v3/order?symbol=BTCUSDT')).toBe(false);
  });
});

describe('OrderWireProbe on loopback', () => {
  let server: Server;
  let base = '';
  const probe = new OrderWireProbe();

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    probe.install();
  });

  afterAll(async () => {
    probe.uninstall();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = async (method: string, path: string): Promise<void> => {
    const res = await globalThis.fetch(base + path, { method });
    await res.text();
  };

  it('stamps the fetch call, then the socket write, of the matching request', async () => {
    probe.arm(isOrderPlacement);
    await send('GET', '/api/v3/time');
    await send('POST', '/api/v3/order?symbol=BTCUSDT');
    const s = probe.disarm();
    expect(s.fetchCalledAt).not.toBeNull();
    expect(s.headersWrittenAt).not.toBeNull();
    expect((s.headersWrittenAt as bigint) >= (s.fetchCalledAt as bigint)).toBe(true);
    expect(probe.lastRequest?.url).toBe(`${base}/api/v3/order?symbol=BTCUSDT`);
  });

  it('stamps nothing for requests that do not match, or while disarmed', async () => {
    probe.arm(isOrderPlacement);
    await send('POST', '/api/v3/order/test?symbol=BTCUSDT');
    expect(probe.disarm()).toMatchObject({ fetchCalledAt: null, headersWrittenAt: null });
    const seen = probe.lastRequest;
    await send('POST', '/api/v3/order?symbol=ETHUSDT');
    expect(probe.lastRequest).toBe(seen);
  });

  it('counts store calls made while armed and before the order leaves, and only those', async () => {
    const calls: string[] = [];
    const store = {
      insertIntent: (id: string) => calls.push(`insert ${id}`),
      getMeta: (key: string) => `meta ${key}`,
    };
    probe.timeStore(store);
    store.insertIntent('before-arming');
    probe.arm(isOrderPlacement);
    store.insertIntent('a');
    expect(store.getMeta('k')).toBe('meta k');
    await send('POST', '/api/v3/order?symbol=BTCUSDT');
    store.insertIntent('after-the-order');
    const s = probe.disarm();
    expect(s.storeCalls).toEqual(['insertIntent', 'getMeta']);
    expect(s.storeNs > 0n).toBe(true);
    expect(calls).toEqual(['insert before-arming', 'insert a', 'insert after-the-order']);
  });

  it('puts the original fetch back on uninstall', () => {
    const other = new OrderWireProbe();
    const before = globalThis.fetch;
    other.install();
    expect(globalThis.fetch).not.toBe(before);
    other.uninstall();
    expect(globalThis.fetch).toBe(before);
  });
});
