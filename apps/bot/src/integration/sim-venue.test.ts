import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimVenue, type SimVenue } from './sim-venue';

/**
 * The venue every bot integration suite runs on is Binance-like by default, not polite: if
 * this test fails, the suites have silently gone back to a venue that hides the races.
 */
describe('integration venue', () => {
  let venue: SimVenue;
  beforeAll(async () => {
    venue = await startSimVenue();
  });
  afterAll(async () => venue.close());

  const signed = async (method: string, path: string, params: Record<string, string>) => {
    const q = new URLSearchParams({ ...params, timestamp: String(Date.now()) }).toString();
    const sig = createHmac('sha256', venue.apiSecret).update(q).digest('hex');
    const res = await fetch(`${venue.sim.restUrl}${path}?${q}&signature=${sig}`, {
      method,
      headers: { 'X-MBX-APIKEY': venue.apiKey },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('runs the realistic profile: query lag, per-symbol ids, user data behind the answers', async () => {
    expect(venue.profile).toBe('realistic');
    const b = venue.sim.behaviour.get();
    expect(b.orderIdScope).toBe('per-symbol');
    expect(b.queryLagMinMs).toBeGreaterThan(0);
    expect(b.userDataDelayMs + b.userDataJitterMs).toBeGreaterThan(0);
    await venue.setPrice('BTCUSDT', '60000');
    const placed = await signed('POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '50000',
      newClientOrderId: 'lag-probe',
    });
    expect(placed.status).toBe(200);
    // Right after the placement the venue denies the order exists, as Binance's lookups can.
    const lookup = await signed('GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'lag-probe' });
    expect(lookup.body).toEqual({ code: -2013, msg: 'Order does not exist.' });
    await signed('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'lag-probe' });
  });
});
