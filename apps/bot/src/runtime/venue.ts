import type { AccountMode, RuntimeConfig, VenueKind } from '@aurora/contracts';
import { BINANCE_DEMO, BINANCE_LIVE, BINANCE_TESTNET, BinanceAdapter, hmacSigner, type Venue } from '@aurora/binance';
import { startSimServer, type MirrorStatus, type SimServer, type SimServerOptions } from '@aurora/exchange-sim';
import type { Env } from '../config/env';
import type { Logger } from '../logging/logger';

export interface VenueConnection {
  kind: VenueKind;
  venue: Venue;
  adapter: BinanceAdapter;
  /** The embedded simulator when we started one (closed with the venue). */
  sim: SimServer | null;
  description: string;
  /** The embedded simulator's mirror upstream, when its market follows Binance's (else null). */
  marketFeed(): MirrorStatus | null;
  close(): Promise<void>;
}

/** The embedded simulator's feed: its own synthetic market, or a mirror of Binance's public streams. */
function embeddedFeed(env: Env): NonNullable<SimServerOptions['feed']> {
  if (env.AURORA_SIM_FEED === 'mirror')
    return {
      kind: 'mirror',
      url: env.AURORA_SIM_MIRROR_URL,
      fallback: env.AURORA_SIM_MIRROR_FALLBACK,
      tickMs: env.AURORA_SIM_TICK_MS,
    };
  return { kind: 'synthetic', tickMs: env.AURORA_SIM_TICK_MS };
}

/** Binance's own error text travels as `msg`; renamed so it does not collide with the log line's. */
function venueFields(obj: Record<string, unknown>): Record<string, unknown> {
  if (!('msg' in obj)) return obj;
  const { msg, ...rest } = obj;
  return { ...rest, venue_msg: msg };
}

/**
 * The venue of an account mode. Demo never maps to live. Its venue is AURORA_DEMO_VENUE when
 * set (loadEnv made sure the keys it needs are there), else Demo Mode keys > testnet keys > the
 * simulator: the most realistic fake-money venue the operator has keys for.
 */
export function venueKindFor(mode: AccountMode, env: Env): VenueKind {
  if (mode === 'LIVE') return 'live';
  if (env.AURORA_DEMO_VENUE) return env.AURORA_DEMO_VENUE;
  if (env.BINANCE_DEMO_API_KEY) return 'demo';
  return env.BINANCE_TESTNET_API_KEY ? 'testnet' : 'sim';
}

/**
 * Test-only: a simulator's REST URL standing in for Binance's testnet or Demo Mode hosts, so a
 * test runs the real testnet / Demo wiring (kind, keys, description) on loopback. The stand-in
 * venue is built as kind 'sim', so the adapter's allowlist still admits loopback only: a
 * stand-in can never be pointed anywhere but this machine. Never read from the environment.
 */
export interface VenueStandIns {
  testnet?: string;
  demo?: string;
}

const simVenue = (restUrl: string): Venue => {
  const u = new URL(restUrl);
  const ws = `ws://${u.host}`;
  return { kind: 'sim', restUrl: `${u.protocol}//${u.host}`, wsApiUrl: `${ws}/ws-api/v3`, streamUrl: ws };
};

/**
 * Build and start the adapter for an account mode. The live client is constructed only for LIVE,
 * and only with the env opt-in and live keys; Demo never even holds a live URL. The adapter
 * re-checks every request's host against its venue kind's allowlist.
 */
export async function connectVenue(
  mode: AccountMode,
  env: Env,
  config: RuntimeConfig,
  log: Logger,
  clock: { now(): number } = { now: () => Date.now() },
  standIns: VenueStandIns = {},
): Promise<VenueConnection> {
  const kind = venueKindFor(mode, env);
  let venue: Venue;
  let credentials: { apiKey: string; apiSecret: string };
  let sim: SimServer | null = null;
  let description: string;

  if (kind === 'live') {
    if (!env.AURORA_LIVE_ENABLED || !env.BINANCE_API_KEY || !env.BINANCE_API_SECRET) {
      throw new Error('Live venue requested without AURORA_LIVE_ENABLED=true and live keys');
    }
    venue = BINANCE_LIVE;
    credentials = { apiKey: env.BINANCE_API_KEY, apiSecret: env.BINANCE_API_SECRET };
    description = 'Binance Spot (LIVE, real money)';
  } else if (kind === 'testnet') {
    venue = standIns.testnet ? simVenue(standIns.testnet) : BINANCE_TESTNET;
    credentials = { apiKey: env.BINANCE_TESTNET_API_KEY ?? '', apiSecret: env.BINANCE_TESTNET_API_SECRET ?? '' };
    description = 'Binance Spot Testnet (Demo)';
  } else if (kind === 'demo') {
    venue = standIns.demo ? simVenue(standIns.demo) : BINANCE_DEMO;
    credentials = { apiKey: env.BINANCE_DEMO_API_KEY ?? '', apiSecret: env.BINANCE_DEMO_API_SECRET ?? '' };
    description = 'Binance Demo Mode (Demo: fake funds, real prices)';
  } else if (env.AURORA_SIM_URL) {
    venue = simVenue(env.AURORA_SIM_URL);
    credentials = { apiKey: env.AURORA_SIM_API_KEY ?? '', apiSecret: env.AURORA_SIM_API_SECRET ?? '' };
    description = `the external simulator at ${venue.restUrl} (Demo)`;
  } else {
    sim = await startSimServer({
      port: 0,
      seed: env.AURORA_SIM_SEED,
      symbols: config.symbols,
      feed: embeddedFeed(env),
      clock,
    });
    venue = simVenue(sim.restUrl);
    credentials = sim.createAccount();
    description =
      env.AURORA_SIM_FEED === 'mirror'
        ? `the embedded simulator mirroring ${env.AURORA_SIM_MIRROR_URL} at ${sim.restUrl} (Demo: real prices, fake funds)`
        : `the embedded simulator at ${sim.restUrl} (Demo)`;
  }
  if (env.AURORA_SIM_FEED === 'mirror' && sim === null)
    log.warn({ venue: kind }, 'AURORA_SIM_FEED=mirror applies to the embedded simulator only: ignored');

  const adapterLog = log.child({ component: 'binance', venue: kind });
  const adapter = new BinanceAdapter({
    venue,
    credentials: { apiKey: credentials.apiKey, signer: hmacSigner(credentials.apiSecret) },
    symbols: config.symbols,
    recvWindowMs: config.execution.recv_window_ms,
    warnFraction: config.rate_limit.warn_fraction,
    delayFraction: config.rate_limit.delay_fraction,
    weightShare: env.AURORA_REQUEST_WEIGHT_SHARE,
    now: () => clock.now(),
    logger: {
      warn: (obj, msg) => adapterLog.warn(venueFields(obj), msg),
      info: (obj, msg) => adapterLog.info(venueFields(obj), msg),
      debug: (obj, msg) => adapterLog.debug(venueFields(obj), msg),
    },
  });
  return {
    kind,
    venue,
    adapter,
    sim,
    description,
    marketFeed: () => sim?.mirrorStatus() ?? null,
    close: async () => {
      await adapter.stop();
      await sim?.close();
    },
  };
}
