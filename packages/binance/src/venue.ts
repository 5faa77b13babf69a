import type { VenueKind } from '@aurora/contracts';
import { ExchangeRejected } from '@aurora/core';

/** Where the adapter talks to. Every URL is checked against the allowlist of `kind`. */
export interface Venue {
  kind: VenueKind;
  /** e.g. https://api.binance.com (no trailing /api). */
  restUrl: string;
  /** e.g. wss://ws-api.binance.com:443/ws-api/v3 */
  wsApiUrl: string;
  /** e.g. wss://stream.binance.com:9443 (streams are appended as /ws/<name> or /stream?streams=). */
  streamUrl: string;
}

/**
 * A request aimed at a host outside its venue's allowlist. Nothing was sent. Extends
 * ExchangeRejected so no caller ever retries it: the fix is configuration, not time.
 */
export class VenueHostNotAllowed extends ExchangeRejected {
  constructor(
    readonly venueKind: VenueKind,
    readonly host: string,
  ) {
    super(`host ${host} is not allowed for venue kind '${venueKind}'`, null, null);
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Exact host names, never suffix matches: `api.binance.com.evil.net` or a testnet key sent to
 * `api.binance.com` must both fail. Hosts from Binance's docs: rest-api.md (api*, data-api),
 * web-socket-api.md, web-socket-streams.md, testnet/*.md and demo-mode/general-info.md. Demo Mode
 * has its own list: its keys are made on the Demo site and mean nothing to the testnet or to
 * live, and a Demo order must never reach a live host (fake funds, but a live key pasted in by
 * mistake would be real money).
 */
const ALLOWED_HOSTS: Record<Exclude<VenueKind, 'sim'>, ReadonlySet<string>> = {
  testnet: new Set([
    'testnet.binance.vision',
    'stream.testnet.binance.vision',
    'ws-api.testnet.binance.vision',
  ]),
  demo: new Set(['demo-api.binance.com', 'demo-ws-api.binance.com', 'demo-stream.binance.com']),
  live: new Set([
    'api.binance.com',
    'api-gcp.binance.com',
    'api1.binance.com',
    'api2.binance.com',
    'api3.binance.com',
    'api4.binance.com',
    'data-api.binance.vision',
    'ws-api.binance.com',
    'stream.binance.com',
    'data-stream.binance.vision',
  ]),
};

const isLoopback = (host: string): boolean => LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);

/** True when `host` (hostname only, no port) may be contacted for a venue of `kind`. */
export const isHostAllowed = (kind: VenueKind, host: string): boolean => {
  const h = host.toLowerCase();
  if (kind === 'sim') return isLoopback(h);
  return ALLOWED_HOSTS[kind].has(h);
};

const ALLOWED_PROTOCOLS: Record<VenueKind, ReadonlySet<string>> = {
  sim: new Set(['http:', 'https:', 'ws:', 'wss:']),
  // A real Binance venue is only ever spoken to over TLS.
  testnet: new Set(['https:', 'wss:']),
  demo: new Set(['https:', 'wss:']),
  live: new Set(['https:', 'wss:']),
};

/** Throws VenueHostNotAllowed unless `url` targets an allowed host over an allowed protocol. */
export const assertUrlAllowed = (kind: VenueKind, url: string | URL): URL => {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new VenueHostNotAllowed(kind, String(url));
  }
  if (!ALLOWED_PROTOCOLS[kind].has(parsed.protocol) || !isHostAllowed(kind, parsed.hostname)) {
    throw new VenueHostNotAllowed(kind, parsed.host);
  }
  return parsed;
};

/** Checks all three URLs of a venue at construction time, so a misconfiguration fails at start-up. */
export const assertVenueAllowed = (venue: Venue): void => {
  assertUrlAllowed(venue.kind, venue.restUrl);
  assertUrlAllowed(venue.kind, venue.wsApiUrl);
  assertUrlAllowed(venue.kind, venue.streamUrl);
};

/** Binance's documented endpoints for the real venues. */
export const BINANCE_LIVE: Venue = {
  kind: 'live',
  restUrl: 'https://api.binance.com',
  wsApiUrl: 'wss://ws-api.binance.com:443/ws-api/v3',
  streamUrl: 'wss://stream.binance.com:9443',
};

export const BINANCE_TESTNET: Venue = {
  kind: 'testnet',
  restUrl: 'https://testnet.binance.vision',
  wsApiUrl: 'wss://ws-api.testnet.binance.vision/ws-api/v3',
  streamUrl: 'wss://stream.testnet.binance.vision',
};

/** demo-mode/general-info.md: Demo Mode's REST, WebSocket API and market-stream hosts. */
export const BINANCE_DEMO: Venue = {
  kind: 'demo',
  restUrl: 'https://demo-api.binance.com',
  wsApiUrl: 'wss://demo-ws-api.binance.com/ws-api/v3',
  streamUrl: 'wss://demo-stream.binance.com:9443',
};
