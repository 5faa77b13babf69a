import { describe, expect, it } from 'vitest';
import {
  adoptTokenFromLocation,
  fragmentWithoutToken,
  readStoredToken,
  tokenFromFragment,
  type TokenStorage,
} from './session-token';

function memoryStorage(): TokenStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

function fakeLocation(hash: string) {
  const replaced: string[] = [];
  const location = { hash, pathname: '/', search: '' } as Location;
  const history = {
    replaceState: (_s: unknown, _t: string, url: string) => void replaced.push(url),
  } as History;
  return { location, history, replaced };
}

describe('token from the address bar', () => {
  it('reads #token= alone or after a route', () => {
    expect(tokenFromFragment('#token=abc123')).toBe('abc123');
    expect(tokenFromFragment('#/risk&token=a%2Bb')).toBe('a+b');
    expect(tokenFromFragment('#/risk')).toBeNull();
    expect(tokenFromFragment('#token=')).toBeNull();
  });

  it('keeps the route when stripping the token', () => {
    expect(fragmentWithoutToken('#token=abc')).toBe('');
    expect(fragmentWithoutToken('#/risk&token=abc')).toBe('#/risk');
  });

  it('stores a fragment token in session storage and strips it from the address bar once', () => {
    const storage = memoryStorage();
    const { location, history, replaced } = fakeLocation('#/positions&token=secret-token-1234');
    expect(adoptTokenFromLocation(storage, location, history)).toBe('secret-token-1234');
    expect(readStoredToken(storage)).toBe('secret-token-1234');
    expect(replaced).toEqual(['/#/positions']);
  });

  it('strips a malformed token too, and falls back to the stored one', () => {
    const storage = memoryStorage();
    storage.setItem('aurora.api-token', 'stored-token');
    const { location, history, replaced } = fakeLocation('#token=%E0%A4%A');
    expect(adoptTokenFromLocation(storage, location, history)).toBe('stored-token');
    expect(replaced).toEqual(['/']);
  });

  it('leaves the address bar alone when it carries no token', () => {
    const storage = memoryStorage();
    const { location, history, replaced } = fakeLocation('#/risk');
    expect(adoptTokenFromLocation(storage, location, history)).toBeNull();
    expect(replaced).toEqual([]);
  });
});
