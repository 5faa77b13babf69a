import { Dec } from '@aurora/core';
import { startSimServer, type BehaviourProfile, type SimServer, type SimServerOptions } from '@aurora/exchange-sim';

/**
 * An external simulator started in the test process: the venue outlives any bot we start and
 * kill, and the test reads the exchange's truth straight from its matching engine.
 */
export interface SimVenue {
  sim: SimServer;
  /** The venue's seed and manners, to print when a test fails (a run replays from them). */
  seed: number;
  profile: BehaviourProfile;
  apiKey: string;
  apiSecret: string;
  /** The AURORA_* variables that point a bot at this venue with this account. */
  env: Record<string, string>;
  /** POST a JSON body to the admin API (/sim/v1/<path>). */
  admin(path: string, body: unknown): Promise<unknown>;
  setPrice(symbol: string, price: string): Promise<void>;
  /** Every order the account ever placed on `symbol` (Binance allOrders JSON). */
  allOrders(symbol: string): SimOrder[];
  openOrders(symbol?: string): SimOrder[];
  myTrades(symbol: string): SimTrade[];
  /** Free + locked balance of an asset, as a decimal string. */
  balance(asset: string): string;
  close(): Promise<void>;
}

export interface SimOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: string;
  type: string;
  side: string;
}

export interface SimTrade {
  symbol: string;
  id: number;
  orderId: number;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  isBuyer: boolean;
}

export async function startSimVenue(
  opts: {
    balances?: Record<string, string>;
    book?: { depthFactor?: number };
    paused?: boolean;
    /** The account pays commissions in BNB at a discount (Binance's "use BNB for fees"). */
    bnbBurn?: boolean;
    /**
     * 'realistic' (default: Binance's races, query lag, per-symbol ids, retired listenKeys) or
     * 'polite'. AURORA_TEST_SIM_PROFILE / AURORA_TEST_SIM_SEED override both for a replay.
     */
    profile?: BehaviourProfile;
    seed?: number;
    /** Market time faster than the wall clock: the venue's clock (give the bot the same) and its scale. */
    clock?: { now(): number };
    timeScale?: number;
    /** The venue's market and time (the parity test: its symbols, a replay's clock, no feed of its own). */
    server?: Pick<SimServerOptions, 'symbols' | 'clock' | 'historyCandles' | 'feed'>;
  } = {},
): Promise<SimVenue> {
  const seed = envSeed() ?? opts.seed ?? 5;
  const profile = envProfile() ?? opts.profile ?? 'realistic';
  const sim = await startSimServer({
    port: 0,
    seed,
    profile,
    feed: { kind: 'synthetic', tickMs: 250 },
    ...(opts.book ? { book: opts.book } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.timeScale ? { timeScale: opts.timeScale } : {}),
    ...opts.server,
  });
  const { apiKey, apiSecret } = sim.createAccount(opts.balances, { bnbBurn: opts.bnbBurn ?? false });
  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${sim.adminUrl}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new Error(`sim admin ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  // Tests move prices themselves: a paused feed holds them where the test put them.
  if (opts.paused !== false) await admin('feed', { paused: true });
  const label = `sim venue seed=${seed} profile=${profile}`;
  liveVenues().add(label);
  return {
    sim,
    seed,
    profile,
    apiKey,
    apiSecret,
    env: { AURORA_SIM_URL: sim.restUrl, AURORA_SIM_API_KEY: apiKey, AURORA_SIM_API_SECRET: apiSecret },
    admin,
    setPrice: async (symbol, price) => void (await admin('price', { symbol, price })),
    allOrders: (symbol) => sim.exchange.allOrders(apiKey, symbol) as unknown as SimOrder[],
    openOrders: (symbol) => sim.exchange.openOrders(apiKey, symbol) as unknown as SimOrder[],
    myTrades: (symbol) => sim.exchange.myTrades(apiKey, symbol) as unknown as SimTrade[],
    balance: (asset) => {
      const acct = sim.exchange.accountInfo(apiKey) as unknown as {
        balances: { asset: string; free: string; locked: string }[];
      };
      const b = acct.balances.find((x) => x.asset === asset);
      return b ? new Dec(b.free).plus(b.locked).toFixed() : '0';
    },
    close: async () => {
      liveVenues().delete(label);
      await sim.close();
    },
  };
}

/**
 * The venues a test file has running, by their seed and profile: `vitest.setup.ts` prints them
 * when a test fails, with the command that replays the same venue behaviour.
 */
function liveVenues(): Set<string> {
  const g = globalThis as { __auroraSimVenues?: Set<string> };
  g.__auroraSimVenues ??= new Set();
  return g.__auroraSimVenues;
}

function envSeed(): number | undefined {
  const raw = process.env.AURORA_TEST_SIM_SEED;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`AURORA_TEST_SIM_SEED must be an integer, got ${raw}`);
  return n;
}

function envProfile(): BehaviourProfile | undefined {
  const raw = process.env.AURORA_TEST_SIM_PROFILE;
  if (raw === undefined || raw === '') return undefined;
  if (raw !== 'polite' && raw !== 'realistic')
    throw new Error(`AURORA_TEST_SIM_PROFILE must be polite or realistic, got ${raw}`);
  return raw;
}
