/*
 * The API token lives in sessionStorage only (gone when the tab closes). A link may carry it
 * once as `#token=…`; it is taken from the fragment and the fragment is stripped from the
 * address bar at once, so it never stays in history or gets shared with a screenshot.
 */

const STORAGE_KEY = 'aurora.api-token';
const MAX_TOKEN_LENGTH = 512;

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Reads `token` from a fragment such as `#token=abc` or `#/risk&token=abc`; null when absent. */
export function tokenFromFragment(hash: string): string | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split(/[&?]/)) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq) !== 'token') continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1)).trim();
    } catch {
      return null;
    }
    return value.length > 0 && value.length <= MAX_TOKEN_LENGTH ? value : null;
  }
  return null;
}

/** The fragment with the token removed, keeping any route (`#/risk&token=x` → `#/risk`). */
export function fragmentWithoutToken(hash: string): string {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const route = body.split(/[&?]/).filter((part) => part.length > 0 && !part.startsWith('token='));
  return route.length > 0 ? '#' + route.join('&') : '';
}

export function readStoredToken(storage: TokenStorage): string | null {
  const value = storage.getItem(STORAGE_KEY);
  return value && value.length <= MAX_TOKEN_LENGTH ? value : null;
}

export function storeToken(storage: TokenStorage, token: string): void {
  storage.setItem(STORAGE_KEY, token);
}

export function forgetToken(storage: TokenStorage): void {
  storage.removeItem(STORAGE_KEY);
}

/** Takes a token from the address bar (once), strips it, and returns what should be used. */
export function adoptTokenFromLocation(
  storage: TokenStorage,
  location: Location,
  history: History,
): string | null {
  if (!/(^#|[&?])token=/.test(location.hash)) return readStoredToken(storage);
  const fromFragment = tokenFromFragment(location.hash);
  // Stripped even when malformed: a token-like string must not linger in the address bar.
  history.replaceState(null, '', location.pathname + location.search + fragmentWithoutToken(location.hash));
  if (fromFragment === null) return readStoredToken(storage);
  storeToken(storage, fromFragment);
  return fromFragment;
}
