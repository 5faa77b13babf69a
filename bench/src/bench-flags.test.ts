import { describe, expect, it } from 'vitest';
import { BenchFlagError, DEFAULT_SOAK_SECONDS, parseBenchFlags } from './bench-flags';

describe('parseBenchFlags', () => {
  it('defaults to a short soak and 1,000 req/s to 100 dashboards', () => {
    const f = parseBenchFlags([]);
    expect([f.only, f.soakSeconds, f.api.rate, f.api.wsClients]).toEqual([
      null,
      DEFAULT_SOAK_SECONDS,
      1000,
      100,
    ]);
  });

  it('takes an hour-long soak and a suite filter', () => {
    const f = parseBenchFlags(['--soak-seconds=3600', '--only=api']);
    expect([f.soakSeconds, f.only]).toEqual([3600, 'api']);
  });

  it.each([['--soak-seconds=0'], ['--api-rate=fast'], ['--bogus=1'], ['soak']])('refuses %s', (arg) => {
    expect(() => parseBenchFlags([arg])).toThrow(BenchFlagError);
  });
});
