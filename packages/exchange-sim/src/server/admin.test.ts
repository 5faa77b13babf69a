import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from './start-server';
import { rest } from '../testing/sim-client';

let sim: SimServer;

beforeAll(async () => {
  sim = await startSimServer({ historyCandles: 10, feed: { kind: 'synthetic', tickMs: 60_000 } });
});
afterAll(() => sim.close());

const admin = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`${sim.adminUrl}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe('admin API', () => {
  it('creates an account with chosen balances whose key works on the Binance API', async () => {
    const created = await admin('POST', '/accounts', { balances: { USDT: '123.45', BTC: '0' } });
    expect(created.body).toEqual({
      apiKey: expect.stringMatching(/^[A-Za-z0-9]{64}$/),
      apiSecret: expect.stringMatching(/^[A-Za-z0-9]{64}$/),
    });
    const { apiKey, apiSecret } = created.body as { apiKey: string; apiSecret: string };
    const account = await rest<{ balances: { asset: string; free: string }[] }>(
      sim.restUrl,
      '/api/v3/account',
      {
        apiKey,
        secret: apiSecret,
        params: { omitZeroBalances: 'true' },
      },
    );
    expect(account.body.balances).toEqual([{ asset: 'USDT', free: '123.45000000', locked: '0.00000000' }]);
  });

  it('creates the default account (USDT 10000, BTC 0.1, ETH 1, BNB 5) without a body', async () => {
    const { apiKey } = (await admin('POST', '/accounts')).body as { apiKey: string };
    const balances = (
      sim.exchange.accountInfo(apiKey, { omitZeroBalances: true }).balances as {
        asset: string;
        free: string;
      }[]
    ).map((b) => [b.asset, b.free]);
    expect(balances).toEqual([
      ['BNB', '5.00000000'],
      ['BTC', '0.10000000'],
      ['ETH', '1.00000000'],
      ['USDT', '10000.00000000'],
    ]);
  });

  it('funds and withdraws, refusing overdrafts', async () => {
    const { apiKey } = sim.createAccount({ USDT: '100' });
    expect((await admin('POST', '/accounts/fund', { apiKey, asset: 'USDT', amount: '50.5' })).body).toEqual({
      asset: 'USDT',
      balance: { asset: 'USDT', free: '150.50000000', locked: '0.00000000' },
    });
    expect((await admin('POST', '/accounts/fund', { apiKey, asset: 'USDT', amount: '-500' })).status).toBe(
      400,
    );
    expect((await admin('POST', '/accounts/fund', { apiKey, asset: 'usdt', amount: '1' })).status).toBe(400);
  });

  it('sets a price, steps the feed and pauses it', async () => {
    expect((await admin('POST', '/price', { symbol: 'BTCUSDT', price: '61234.5' })).body).toEqual({
      symbol: 'BTCUSDT',
      price: '61234.50000000',
    });
    expect(sim.exchange.bookTicker('BTCUSDT').bidPrice < '61234.50000000').toBe(true);
    const stepped = await admin('POST', '/step', { count: 5 });
    expect((stepped.body.prices as Record<string, string>).BTCUSDT).not.toBe('61234.50000000');
    expect((await admin('POST', '/feed', { paused: true })).body).toEqual({ paused: true });
    expect((await admin('GET', '/status')).body).toMatchObject({
      paused: true,
      symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'],
    });
    await admin('POST', '/feed', { paused: false });
  });

  it('lowers the declared and enforced request weight limit', async () => {
    const r = await admin('POST', '/rate-limits', { requestWeightPerMinute: 100000 });
    expect(r.body).toMatchObject({ requestWeightPerMinute: 100000 });
    const info = await rest<{ rateLimits: { limit: number }[] }>(sim.restUrl, '/api/v3/exchangeInfo');
    expect(info.body.rateLimits[0]!.limit).toBe(100000);
  });

  it('counts refused Binance requests by error code in /status', async () => {
    await rest(sim.restUrl, '/api/v3/depth', { params: { symbol: 'NOPEUSDT' } });
    await rest(sim.restUrl, '/api/v3/depth', { params: { symbol: 'NOPEUSDT' } });
    const status = await admin('GET', '/status');
    expect((status.body.rejectedRequests as Record<string, number>)['-1121']).toBe(2);
  });

  it('answers 400 for bad bodies and 404 for unknown routes', async () => {
    expect((await admin('POST', '/price', { symbol: 'BTCUSDT' })).status).toBe(400);
    expect((await admin('POST', '/price', { symbol: 'NOPE', price: '1' })).body).toMatchObject({
      code: -1121,
    });
    expect((await admin('POST', '/step', { count: 0 })).status).toBe(400);
    const notJson = await fetch(`${sim.adminUrl}/feed`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await admin('GET', '/nothing')).status).toBe(404);
  });
});
