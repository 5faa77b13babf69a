import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PositionsResponse, RuntimeConfig, StateSnapshot, type PositionDto } from '@aurora/contracts';
import { Dec } from '@aurora/core';
import { startSimServer, type SimExchange, type SimServer } from '@aurora/exchange-sim';
import { saveRuntimeConfig } from '../../../config/runtime-config-file';
import { killHard, startBotProcess, type BotProcess } from '../../../integration/bot-process';
import { waitFor } from '../../../integration/wait-for';
import type { ChaosIo, ChaosOutcome } from '../../scenario';
import { ledgerOfSim, readVenueRecords, type VenueLedger } from '../../venue-records';
import { startTapProxy, type TapProxy } from './tap-proxy';

/*
 * The kill group's rig: the simulator runs in this process as a server (its matching engine
 * outlives every bot), the bot runs as a child process on it through a tap proxy (the harness
 * sees the order path from the venue's side of the wire), and the verdict comes from the venue's
 * own records against the bot's books (venue-records).
 */

/** Seeded choices (mulberry32): one seed, one sequence of kill points, delays and prices. */
export function seededRandom(seed: number): {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
} {
  let a = (seed ^ 0x9e3779b9) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  };
}

export interface RigOptions {
  seed: number;
  /** execution.exchange_side_exits: an Open position holds a STOP_LOSS_LIMIT on the venue. */
  exchangeSideExits?: boolean;
  /** Deep overrides of the runtime config (merged over the rig's quiet defaults). */
  config?: (c: Record<string, Record<string, unknown>>) => void;
  /** Thin synthetic depth (a 0.01 BTC order takes several levels). */
  depthFactor?: number;
  /** The market moves by itself (default: paused, the scenario sets prices). */
  feedRunning?: boolean;
}

export interface KillRig {
  readonly seed: number;
  readonly dir: string;
  readonly proxy: TapProxy;
  readonly apiKey: string;
  /** The venue's records, whichever server is current. */
  readonly ledger: VenueLedger;
  sim(): SimServer;
  bot(): BotProcess;
  /** Start a bot process on the rig's data dir (or another) and wait for its start-up reconcile. */
  startBot(dataDir?: string): Promise<BotProcess>;
  /** SIGKILL now (synchronous: the signal is sent before this returns) and forget the process. */
  killNow(): void;
  /** SIGKILL and wait until the process is gone. */
  kill(): Promise<void>;
  admin(path: string, body: unknown): Promise<unknown>;
  setPrice(symbol: string, price: string): Promise<void>;
  bookTicker(symbol: string): { bidPrice: Dec; askPrice: Dec };
  /**
   * A manual BUY (BTCUSDT 0.01 unless the body says otherwise; other symbols sized by the risk
   * engine) with far stop and target (5 %), so no exit fires unless the scenario moves prices.
   */
  propose(body?: Record<string, string>): Promise<Response>;
  positions(): Promise<PositionDto[]>;
  state(): Promise<StateSnapshot>;
  /** Close the current server and start another on the same port: same engine (kept) or fresh (reset). */
  restartVenue(how: 'kept' | 'reset', downMs?: number): Promise<void>;
  /** Wait until the books are at rest (no transitional position, no unsettled intent); false on timeout. */
  settle(timeoutMs?: number): Promise<boolean>;
  /** Why the last settle timed out. */
  settleError(): string;
  /** The venue's records against the bot's books, as a ChaosOutcome (the bot must be running). */
  outcome(
    name: string,
    faults: string[],
    failures: string[],
    io: ChaosIo,
    notes?: string,
    /** Whose records to judge by (default: the current venue). */
    ledger?: VenueLedger,
  ): Promise<ChaosOutcome>;
  close(): Promise<void>;
}

const QUIET_MS = 1_500;
const BALANCES = { USDT: '10000', BTC: '0', ETH: '0', BNB: '0' };

export async function startKillRig(opts: RigOptions): Promise<KillRig> {
  const { seed } = opts;
  const simOpts = (exchange?: SimExchange) => ({
    port: 0,
    seed,
    profile: 'realistic' as const,
    feed: { kind: 'synthetic' as const, tickMs: 250 },
    book: { depthFactor: opts.depthFactor ?? 0.05 },
    ...(exchange ? { exchange } : {}),
  });
  let sim = await startSimServer(simOpts());
  const { apiKey, apiSecret } = sim.createAccount(BALANCES);
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
  // Scenarios move prices themselves: a paused feed holds them where the scenario put them.
  if (!opts.feedRunning) await admin('feed', { paused: true });
  const proxy = await startTapProxy(sim.restUrl);
  const dir = mkdtempSync(join(tmpdir(), 'aurora-chaos-kill-'));
  const config: Record<string, Record<string, unknown>> = {
    // Only the scenario's proposals trade; no trailing stop moves under its feet.
    strategy: { min_score: 1, trailing_atr_mult: 0 },
    execution: {
      exchange_side_exits: opts.exchangeSideExits ?? false,
      // An intent sent and never seen on the venue is settled soon after a restart, not in 30 s.
      phantom_recovery_timeout_s: 2,
    },
    reconcile: { interval_s: 5, audit_settle_ms: 0 },
  };
  opts.config?.(config);
  saveRuntimeConfig(dir, RuntimeConfig.parse(config));

  let bot: BotProcess | null = null;
  const env = () => ({
    AURORA_SIM_URL: proxy.url,
    AURORA_SIM_API_KEY: apiKey,
    AURORA_SIM_API_SECRET: apiSecret,
  });
  const current = () => {
    if (!bot) throw new Error('no bot is running');
    return bot;
  };
  const api: BotProcess['api'] = (path, init) => current().api(path, init);
  const state = async () => StateSnapshot.parse(await (await api('/api/v1/state')).json());
  const positions = async () =>
    PositionsResponse.parse(await (await api('/api/v1/positions?status=all&limit=500')).json()).items;
  const bookTicker = (symbol: string) => {
    const t = sim.exchange.bookTicker(symbol) as unknown as { bidPrice: string; askPrice: string };
    return { bidPrice: new Dec(t.bidPrice), askPrice: new Dec(t.askPrice) };
  };

  let lastSettleError = '';
  const rig: KillRig = {
    seed,
    dir,
    proxy,
    apiKey,
    ledger: ledgerOfSim(() => sim, apiKey),
    sim: () => sim,
    bot: current,
    async startBot(dataDir = dir) {
      bot = await startBotProcess(dataDir, env());
      await waitFor(async () => (await state()).ready || undefined, {
        timeoutMs: 30_000,
        what: 'the start-up reconcile',
      });
      return bot;
    },
    killNow() {
      const b = current();
      if (b.child.exitCode === null && b.child.signalCode === null) b.kill('SIGKILL');
    },
    async kill() {
      if (bot) await killHard(bot);
      bot = null;
    },
    admin,
    setPrice: async (symbol, price) => void (await admin('price', { symbol, price })),
    bookTicker,
    propose: (body = {}) => {
      const symbol = body.symbol ?? 'BTCUSDT';
      const ref = bookTicker(symbol).askPrice;
      return api('/api/v1/proposals', {
        method: 'POST',
        json: {
          symbol,
          side: 'BUY',
          ...(symbol === 'BTCUSDT' ? { quantity: '0.01' } : {}),
          stop_price: ref.mul('0.95').toDecimalPlaces(2).toFixed(),
          take_profit_price: ref.mul('1.05').toDecimalPlaces(2).toFixed(),
          ...body,
        },
      });
    },
    positions,
    state,
    async restartVenue(how, downMs = 0) {
      const port = sim.port;
      const engine = sim.exchange;
      await sim.close();
      await new Promise((r) => setTimeout(r, downMs));
      const next = await startSimServer({ ...simOpts(how === 'kept' ? engine : undefined), port });
      if (how === 'reset') {
        // The same keys on a fresh engine: the venue knows the account, not its history.
        next.exchange.createAccount({ apiKey, apiSecret, balances: BALANCES });
        if (!opts.feedRunning) next.exchange.setPaused(true);
      }
      sim = next;
    },
    async settle(timeoutMs = 20_000) {
      const atRest = async () => {
        const [ps, orders] = await Promise.all([
          positions(),
          api('/api/v1/orders?status=all&limit=500').then(
            (r) => r.json() as Promise<{ items: { intent_status: string }[] }>,
          ),
        ]);
        // A resting entry (Pending or part-filled, its order live on the venue) is at rest too.
        const live = new Set(
          sim.exchange
            .openOrders(apiKey)
            .map((o) => (o as unknown as { clientOrderId: string }).clientOrderId),
        );
        const moving = ps.some(
          (p) =>
            p.status === 'Closing' ||
            ((p.status === 'Pending' || p.status === 'PartiallyFilled') &&
              !live.has(p.entry_client_order_id)),
        );
        const unsettled = orders.items.some((o) =>
          ['CREATED', 'SUBMITTING', 'UNKNOWN'].includes(o.intent_status),
        );
        // With exchange-side exits every Open position with a stop holds a resting stop on the venue.
        const open = ps.filter((p) => p.status === 'Open' && p.stop_price !== null).length;
        const stops = sim.exchange
          .openOrders(apiKey)
          .filter((o) => (o as unknown as { type: string }).type === 'STOP_LOSS_LIMIT').length;
        const unprotected = (opts.exchangeSideExits ?? false) && stops < open;
        return !moving && !unsettled && !unprotected;
      };
      // At rest twice, QUIET_MS apart: the venue's reports still on their way (the realistic
      // profile delays user data up to 400 ms) have landed before the verdict is read.
      return waitFor(
        async () => {
          if (!(await atRest())) return undefined;
          await new Promise((r) => setTimeout(r, QUIET_MS));
          return (await atRest()) || undefined;
        },
        { timeoutMs, intervalMs: 250, what: 'the books at rest' },
      ).then(
        () => true,
        (err: Error) => {
          lastSettleError = err.message;
          return false;
        },
      );
    },
    settleError: () => lastSettleError,
    async outcome(name, faults, failures, io, notes, ledger = rig.ledger) {
      const records = await readVenueRecords(api, ledger);
      const out: ChaosOutcome = {
        faults,
        orders: records.orders,
        fills: records.fills,
        duplicates: records.duplicates,
        lostFills: records.lostFills,
        stuckPositions: records.stuckPositions,
        drift: records.drift,
        failures,
        ...(notes !== undefined ? { notes } : {}),
      };
      for (const d of records.details) io.log(`${name} seed=${seed}: ${d}`);
      for (const f of failures) io.log(`${name} seed=${seed}: FAILED ${f}`);
      const bad = records.details.length > 0 || failures.length > 0;
      if (bad) {
        // The bot's own account of what it did (warnings and errors of the last process).
        for (const l of (bot?.lines ?? [])
          .filter((x) => (process.env.AURORA_CHAOS_BOTLOG ? true : /"level":(40|50|60)/.test(x)))
          .slice(-30))
          io.log(`  bot: ${l}`);
        io.log(`${name} seed=${seed}: replay with npm run chaos -- --only ${name} --seed ${seed}`);
      }
      return out;
    },
    async close() {
      await rig.kill();
      await proxy.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}
