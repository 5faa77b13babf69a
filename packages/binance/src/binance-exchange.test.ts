import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangePort } from '@aurora/core';
import { BinanceExchange } from './binance-exchange';
import { BinanceRestClient } from './rest-client';
import { hmacSigner } from './signing';
import { LoopbackHttp } from './test-support/loopback-http';
import exchangeInfoJson from './fixtures/exchange-info.json';
import klinesJson from './fixtures/klines.json';
import queryOrderJson from './fixtures/query-order.json';

let server: LoopbackHttp;
let port: ExchangePort;

beforeEach(async () => {
  server = new LoopbackHttp((r) => {
    switch (`${r.method} ${r.path}`) {
      case 'GET /api/v3/exchangeInfo':
        return { body: exchangeInfoJson };
      case 'GET /api/v3/klines':
        return { body: klinesJson };
      case 'GET /api/v3/time':
        return { body: { serverTime: 1_499_827_319_559 } };
      case 'GET /api/v3/openOrders':
        return { body: [queryOrderJson] };
      case 'GET /api/v3/order':
        return { status: 400, body: { code: -2013, msg: 'Order does not exist.' } };
      default:
        return { status: 404, body: { code: -1, msg: 'no route' } };
    }
  });
  const url = await server.start();
  port = new BinanceExchange(
    new BinanceRestClient({
      venue: {
        kind: 'sim',
        restUrl: url,
        wsApiUrl: 'ws://127.0.0.1:1/ws-api/v3',
        streamUrl: 'ws://127.0.0.1:1',
      },
      credentials: { apiKey: 'k', signer: hmacSigner('s') },
    }),
  );
});
afterEach(() => server.close());

describe('BinanceExchange as core ExchangePort', () => {
  it('returns SymbolFilters for the requested symbols', async () => {
    const filters = await port.getExchangeInfo(['ETHBTC']);
    expect(filters.map((f) => f.symbol)).toEqual(['ETHBTC']);
    expect(server.requests[0]!.query.get('symbols')).toBe('["ETHBTC"]');
  });

  it('passes the kline limit and interval through', async () => {
    const k = await port.getKlines('LTCBTC', '1d', 1);
    expect(k[0]!.symbol).toBe('LTCBTC');
    expect(server.requests[0]!.query.get('limit')).toBe('1');
    expect(server.requests[0]!.query.get('interval')).toBe('1d');
  });

  it('getOrder of an unknown order is null; server time and open orders come through', async () => {
    expect(await port.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'x' })).toBeNull();
    expect(await port.getServerTime()).toBe(1_499_827_319_559);
    expect((await port.getOpenOrders('LTCBTC'))[0]!.clientOrderId).toBe('myOrder1');
  });
});
