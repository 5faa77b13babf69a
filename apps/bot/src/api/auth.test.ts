import { describe, expect, it } from 'vitest';
import { bearerToken, tokenMatches } from './auth';

describe('tokenMatches', () => {
  it('accepts the exact token only', () => {
    expect(tokenMatches('secret-token-123456', 'secret-token-123456')).toBe(true);
    expect(tokenMatches('secret-token-12345', 'secret-token-123456')).toBe(false);
    expect(tokenMatches('', 'secret-token-123456')).toBe(false);
    expect(tokenMatches(undefined, 'secret-token-123456')).toBe(false);
    expect(tokenMatches('x'.repeat(10_000), 'secret-token-123456')).toBe(false);
  });
});

describe('bearerToken', () => {
  it('reads a Bearer header and nothing else', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});
