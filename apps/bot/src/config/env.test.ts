import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env';

describe('loadEnv', () => {
  it('applies the documented defaults to an empty environment', () => {
    const env = loadEnv({});
    expect(env.AURORA_PORT).toBe(8080);
    expect(env.AURORA_HOST).toBe('127.0.0.1');
    expect(env.AURORA_DATA_DIR).toBe('./data');
    expect(env.AURORA_API_TOKEN).toBeUndefined();
    expect(env.AURORA_CORS_ORIGINS).toEqual([]);
    expect(env.AURORA_LIVE_ENABLED).toBe(false);
  });

  it('names every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadEnv({ AURORA_PORT: 'eighty', AURORA_LIVE_ENABLED: 'maybe', AURORA_API_TOKEN: 'short' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const vars = (caught as EnvError).problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['AURORA_API_TOKEN', 'AURORA_LIVE_ENABLED', 'AURORA_PORT']);
    expect((caught as EnvError).message).toContain('AURORA_PORT');
  });

  it('parses CORS origins as a list and refuses a non-URL origin', () => {
    expect(loadEnv({ AURORA_CORS_ORIGINS: 'http://a.test, http://b.test:5173' }).AURORA_CORS_ORIGINS).toEqual([
      'http://a.test',
      'http://b.test:5173',
    ]);
    expect(() => loadEnv({ AURORA_CORS_ORIGINS: 'not a url' })).toThrow(EnvError);
  });

  it('treats empty strings as unset', () => {
    expect(loadEnv({ AURORA_PORT: '', AURORA_API_TOKEN: '' }).AURORA_PORT).toBe(8080);
  });

  it('requires key and secret pairs together', () => {
    expect(() => loadEnv({ BINANCE_API_KEY: 'k' })).toThrow(/BINANCE_API_SECRET/);
    expect(() => loadEnv({ AURORA_SIM_URL: 'http://127.0.0.1:9090' })).toThrow(/AURORA_SIM_API_KEY/);
  });

  it('accepts only true/false style booleans for AURORA_LIVE_ENABLED', () => {
    expect(loadEnv({ AURORA_LIVE_ENABLED: 'true' }).AURORA_LIVE_ENABLED).toBe(true);
    expect(loadEnv({ AURORA_LIVE_ENABLED: '0' }).AURORA_LIVE_ENABLED).toBe(false);
  });

  it('parses AURORA_REQUEST_WEIGHT_SHARE as a fraction in (0, 1], default 1', () => {
    expect(loadEnv({}).AURORA_REQUEST_WEIGHT_SHARE).toBe(1);
    expect(loadEnv({ AURORA_REQUEST_WEIGHT_SHARE: '0.25' }).AURORA_REQUEST_WEIGHT_SHARE).toBe(0.25);
    for (const bad of ['0', '1.5', 'half']) {
      expect(() => loadEnv({ AURORA_REQUEST_WEIGHT_SHARE: bad })).toThrow(/AURORA_REQUEST_WEIGHT_SHARE/);
    }
  });
});
