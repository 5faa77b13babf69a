import { describe, expect, it } from 'vitest';
import {
  assertUrlAllowed,
  assertVenueAllowed,
  BINANCE_DEMO,
  BINANCE_LIVE,
  BINANCE_TESTNET,
  isHostAllowed,
  VenueHostNotAllowed,
} from './venue';

describe('venue host allowlist', () => {
  it('sim reaches loopback only', () => {
    expect(isHostAllowed('sim', '127.0.0.1')).toBe(true);
    expect(isHostAllowed('sim', '127.5.0.9')).toBe(true);
    expect(isHostAllowed('sim', 'localhost')).toBe(true);
    expect(isHostAllowed('sim', '[::1]')).toBe(true);
    expect(isHostAllowed('sim', 'api.binance.com')).toBe(false);
    expect(isHostAllowed('sim', '10.0.0.1')).toBe(false);
  });

  it('testnet never reaches a live host', () => {
    expect(isHostAllowed('testnet', 'testnet.binance.vision')).toBe(true);
    expect(isHostAllowed('testnet', 'ws-api.testnet.binance.vision')).toBe(true);
    expect(isHostAllowed('testnet', 'stream.testnet.binance.vision')).toBe(true);
    for (const live of ['api.binance.com', 'ws-api.binance.com', 'stream.binance.com', 'api1.binance.com']) {
      expect(isHostAllowed('testnet', live)).toBe(false);
    }
  });

  it('Demo Mode reaches its three demo hosts only: never live, never the testnet', () => {
    for (const demo of ['demo-api.binance.com', 'demo-ws-api.binance.com', 'demo-stream.binance.com']) {
      expect(isHostAllowed('demo', demo)).toBe(true);
      // Each venue kind has its own list: a Demo key is never sent to the testnet or live.
      expect(isHostAllowed('testnet', demo)).toBe(false);
      expect(isHostAllowed('live', demo)).toBe(false);
    }
    for (const other of [
      'api.binance.com',
      'ws-api.binance.com',
      'stream.binance.com',
      'data-stream.binance.vision',
      'testnet.binance.vision',
      'demo-api.binance.com.evil.net',
      '127.0.0.1',
    ]) {
      expect(isHostAllowed('demo', other)).toBe(false);
    }
    expect(() => assertUrlAllowed('demo', 'http://demo-api.binance.com/api/v3/order')).toThrow(
      VenueHostNotAllowed,
    );
    expect(() => assertVenueAllowed({ ...BINANCE_DEMO, restUrl: BINANCE_LIVE.restUrl })).toThrow(
      VenueHostNotAllowed,
    );
  });

  it('live reaches the api.binance.com family and nothing that merely ends like it', () => {
    expect(isHostAllowed('live', 'api.binance.com')).toBe(true);
    expect(isHostAllowed('live', 'API4.BINANCE.COM')).toBe(true);
    expect(isHostAllowed('live', 'api.binance.com.evil.net')).toBe(false);
    expect(isHostAllowed('live', 'evilapi.binance.com')).toBe(false);
    expect(isHostAllowed('live', 'testnet.binance.vision')).toBe(false);
    expect(isHostAllowed('live', '127.0.0.1')).toBe(false);
  });

  it('refuses plaintext protocols for real venues', () => {
    expect(() => assertUrlAllowed('live', 'http://api.binance.com/api/v3/order')).toThrow(
      VenueHostNotAllowed,
    );
    expect(() => assertUrlAllowed('testnet', 'ws://stream.testnet.binance.vision/ws')).toThrow(
      VenueHostNotAllowed,
    );
    expect(assertUrlAllowed('live', 'https://api.binance.com/api/v3/order').hostname).toBe('api.binance.com');
  });

  it('a demo (testnet) venue pointed at a live URL fails at construction with a typed, never-retried error', () => {
    const bad = { ...BINANCE_TESTNET, restUrl: 'https://api.binance.com' };
    let thrown: unknown = null;
    try {
      assertVenueAllowed(bad);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(VenueHostNotAllowed);
    expect((thrown as VenueHostNotAllowed).family).toBe('rejected');
    expect((thrown as VenueHostNotAllowed).host).toBe('api.binance.com');
  });

  it('accepts the documented live, testnet and Demo Mode endpoints', () => {
    expect(() => assertVenueAllowed(BINANCE_LIVE)).not.toThrow();
    expect(() => assertVenueAllowed(BINANCE_DEMO)).not.toThrow();
    expect(() => assertVenueAllowed(BINANCE_TESTNET)).not.toThrow();
  });

  it('refuses an unparsable URL', () => {
    expect(() => assertUrlAllowed('sim', 'not a url')).toThrow(VenueHostNotAllowed);
  });
});
