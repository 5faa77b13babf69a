/**
 * Binance retired listenKeys on 2026-02-20: the adapter must stream user data without them.
 * Driven against the simulator with its listenKey endpoints answering as Binance's now do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '@aurora/exchange-sim';
import { dec, type UserStreamEvent } from '@aurora/core';
import { BinanceAdapter } from './binance-adapter';
import { BinanceRestClient } from './rest-client';
import { hmacSigner } from './signing';
import { UnsupportedUserStreamMode, UserStream } from './user-stream';
import type { Venue } from './venue';
import { until } from './test-support/loopback-ws';

let sim: SimServer;
let venue: Venue;

beforeAll(async () => {
  sim = await startSimServer({
    port: 0,
    seed: 23,
    symbols: ['BTCUSDT'],
    feed: { kind: 'synthetic', tickMs: 60_000 },
    behaviour: { listenKeyRetired: true },
  });
  venue = { kind: 'sim', restUrl: sim.restUrl, wsApiUrl: sim.wsApiUrl, streamUrl: sim.streamUrl };
});
afterAll(() => sim.close());

describe('user data with listenKeys retired', () => {
  it('the adapter (default mode) streams executionReports with no listenKey call at all', async () => {
    const { apiKey, apiSecret } = sim.createAccount();
    const adapter = new BinanceAdapter({
      venue,
      credentials: { apiKey, signer: hmacSigner(apiSecret) },
      symbols: ['BTCUSDT'],
    });
    const events: UserStreamEvent[] = [];
    adapter.userStream!.onEvent((e) => events.push(e));
    await adapter.start();
    try {
      await until(() => adapter.health().user_stream_connected, 8_000);
      const book = await adapter.rest.bookTicker('BTCUSDT');
      const clientOrderId = `retired-lk-${Date.now().toString(36)}`;
      await adapter.exchange.placeOrder({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: dec('0.001'),
        price: book.bidPrice.mul(0.95).toNearest('0.01'),
        clientOrderId,
      });
      await until(
        () => events.some((e) => e.kind === 'executionReport' && e.clientOrderId === clientOrderId),
        5_000,
      );
      // The venue refused every listenKey request it got; the adapter sent none.
      const status = (await (await fetch(`${sim.adminUrl}/status`)).json()) as {
        rejectedRequests: Record<string, number>;
      };
      expect(status.rejectedRequests['-1016']).toBeUndefined();
    } finally {
      await adapter.stop();
    }
  });

  it('the retired venue really refuses listenKeys (HTTP 410), so the test above would catch a dependence', async () => {
    const { apiKey, apiSecret } = sim.createAccount();
    const rest = new BinanceRestClient({ venue, credentials: { apiKey, signer: hmacSigner(apiSecret) } });
    await expect(rest.createListenKey()).rejects.toMatchObject({ code: -1016 });
  });

  it('a Binance venue refuses the listenKey mode outright', () => {
    const binance: Venue = {
      kind: 'live',
      restUrl: 'https://api.binance.com',
      wsApiUrl: 'wss://ws-api.binance.com:443/ws-api/v3',
      streamUrl: 'wss://stream.binance.com:9443',
    };
    const make = () =>
      new UserStream({
        venue: binance,
        credentials: { apiKey: 'k', signer: hmacSigner('s') },
        rest: {
          timeSync: { serverNow: () => 0, sync: async () => undefined },
          createListenKey: async () => 'never',
          keepAliveListenKey: async () => undefined,
        },
        mode: 'listen-key',
      });
    expect(make).toThrow(UnsupportedUserStreamMode);
  });
});
