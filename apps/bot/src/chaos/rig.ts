import {
  PositionsResponse,
  OrdersResponse,
  ProposalResponse,
  StateSnapshot,
  type PositionDto,
} from '@aurora/contracts';
import { Dec } from '@aurora/core';
import type { FaultUpdate } from '@aurora/exchange-sim';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from '../integration/data-dir';
import { startSimVenue, type SimVenue } from '../integration/sim-venue';
import { waitFor } from '../integration/wait-for';
import type { ChaosIo, ChaosOutcome } from './scenario';
import { ledgerOfSim, readVenueRecords, type VenueRecords } from './venue-records';

/*
 * One chaos run's stage: the simulator (realistic profile, the run's seed) and one bot on it,
 * driven only through the bot's HTTP API and the simulator's own APIs. A scenario injects its
 * faults through `fault()` (so the table lists them), drives trades, and ends with `outcome()`:
 * the faults cleared, the bot given time to recover, then the venue's records counted.
 */

export const SYMBOL = 'BTCUSDT';

export interface RigOptions {
  /** runtime_config.json fields over the quiet preset (deep-merged one level). */
  config?: Record<string, Record<string, unknown>>;
  /** The simulator's feed runs (prices move on their own); paused by default. */
  liveFeed?: boolean;
  /** Market time runs this many times faster than the wall clock, for the venue and the bot alike. */
  timeScale?: number;
  /** The simulator's synthetic book depth (thin books: one order takes several levels, several fills). */
  depthFactor?: number;
}

export interface Rig {
  venue: SimVenue;
  bot: TestBot;
  seed: number;
  /** A deterministic draw in [0, 1) from the run's seed (timing choices of the scenario). */
  random(): number;
  log(line: string): void;
  /** Injects a simulator fault and records it for the table. */
  fault(label: string, update: FaultUpdate): Promise<void>;
  /** Records a fault injected by other means (symbol status, behaviour, a clock jump). */
  noteFault(label: string): void;
  /** A scenario check: when `ok` is false the run fails with `what`. */
  check(ok: boolean, what: string): void;
  /**
   * A BUY through POST /proposals (stop 5 % below the ask, target 5 % above): MARKET, or LIMIT
   * at `limitPrice`.
   */
  propose(
    quantity?: string,
    limitPrice?: string,
  ): Promise<{ intentId: string; positionId: string; status: number; body: unknown }>;
  positions(): Promise<PositionDto[]>;
  position(id: string): Promise<PositionDto | undefined>;
  waitPosition(
    id: string,
    pred: (p: PositionDto) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<PositionDto>;
  /** POST /positions/:id/close; answers the HTTP status. */
  close(id: string): Promise<number>;
  state(): Promise<StateSnapshot>;
  sleep(ms: number): Promise<void>;
  /** Market time (the scaled clock when the run has one). */
  now(): number;
  /** The venue's refusals so far, by Binance code (GET /sim/v1/status rejectedRequests). */
  refusals(): Promise<Record<string, number>>;
  /** The venue records counted now (a manual reconcile and both audits included). */
  records(): Promise<VenueRecords>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** mulberry32: small, seeded, good enough to pick a timing. */
function seeded(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One clock for the venue and the bot, running `scale` times faster than the wall clock (as the backtest's). */
function scaledClock(scale: number): { now(): number } {
  const t0 = Date.now();
  const started = performance.now();
  return { now: () => Math.floor(t0 + (performance.now() - started) * scale) };
}

const BASE_CONFIG: Record<string, Record<string, unknown>> = {
  // Every round trip loses the spread: no cool-down or breaker from that in a chaos run.
  insurance: { loss_cooldown_min: 0 },
  risk: { max_consecutive_losses: 50 },
  // Short windows so recovery happens inside a run: phantom lookups for 6 s (past the bot's 5 s
  // query lag, so a lookup can prove an order absent), reconcile every 5 s.
  execution: { phantom_recovery_timeout_s: 6 },
  reconcile: { interval_s: 5 },
};

function mergeConfig(extra: RigOptions['config'] = {}): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = { ...BASE_CONFIG };
  for (const [k, v] of Object.entries(extra)) out[k] = { ...(out[k] ?? {}), ...v };
  return { symbols: [SYMBOL], ...out };
}

/**
 * Runs `body` on a fresh simulator and bot, then measures. Whatever `body` throws becomes a
 * failure of the run (the records are still counted: a crash mid-scenario must not hide a
 * duplicate). The bot and the simulator are always closed.
 */
export async function runOnRig(
  seed: number,
  io: ChaosIo,
  opts: RigOptions,
  body: (rig: Rig) => Promise<void>,
): Promise<ChaosOutcome> {
  const faults: string[] = [];
  const failures: string[] = [];
  const clock = opts.timeScale ? scaledClock(opts.timeScale) : undefined;
  const venue = await startSimVenue({
    profile: 'realistic',
    seed,
    paused: opts.liveFeed !== true,
    ...(clock ? { clock, timeScale: opts.timeScale } : {}),
    ...(opts.depthFactor ? { book: { depthFactor: opts.depthFactor } } : {}),
  });
  const dir = freshDataDir();
  let bot: TestBot | null = null;
  try {
    presetQuietConfig(dir, mergeConfig(opts.config));
    bot = await startTestBot(venue.env, dir, clock ? { clock } : {});
    const api = bot.api;
    const rig = makeRig(seed, io, venue, bot, faults, failures, clock ?? { now: () => Date.now() });
    await waitFor(async () => (await rig.state()).ready || undefined, {
      timeoutMs: 20_000,
      what: 'the start-up reconcile',
    });
    try {
      await body(rig);
    } catch (e) {
      failures.push(`scenario error: ${e instanceof Error ? e.message : String(e)}`);
    }
    venue.sim.faults.clear();
    const records = await settle(api, venue, io);
    const refused = await venueRefusals(venue);
    for (const d of records.details) io.log(d);
    const off = records.duplicates + records.lostFills + records.stuckPositions + records.drift;
    if (off > 0 || failures.length > 0) {
      // The evidence a replay starts from: the bot's own warnings and errors, last ones first.
      const warnings = bot.logs.filter((l) => /"level":(4|5|6)\d/.test(l)).slice(-25);
      for (const l of warnings) io.log(`bot: ${l}`);
    }
    return {
      faults,
      orders: records.orders,
      fills: records.fills,
      duplicates: records.duplicates,
      lostFills: records.lostFills,
      stuckPositions: records.stuckPositions,
      drift: records.drift,
      failures,
      ...(refused ? { notes: `venue refused ${refused}` } : {}),
    };
  } finally {
    await bot?.close().catch(() => undefined);
    await venue.close();
    removeDir(dir);
  }
}

/** The venue's refusals so far, by Binance code. */
async function refusalsOf(venue: SimVenue): Promise<Record<string, number>> {
  const status = (await (await fetch(`${venue.sim.adminUrl}/status`)).json()) as {
    rejectedRequests?: Record<string, number>;
  };
  return status.rejectedRequests ?? {};
}

/** What the venue refused during the run, by Binance code ("-1021×2, -1003×1"), or ''. */
async function venueRefusals(venue: SimVenue): Promise<string> {
  return Object.entries(await refusalsOf(venue))
    .map(([code, n]) => `${code}×${n}`)
    .join(', ');
}

/**
 * After the faults: wait until the bot has nothing in flight (no unsettled intent, no position
 * mid-way without a venue order), then count; a count still off is re-read a few times (a
 * report may be on its way), and whatever remains is the verdict's evidence.
 */
async function settle(api: TestBot['api'], venue: SimVenue, io: ChaosIo): Promise<VenueRecords> {
  const ledger = ledgerOfSim(venue.sim, venue.apiKey);
  const started = Date.now();
  await waitFor(
    async () => {
      const orders = OrdersResponse.parse(
        await (await api('/api/v1/orders?status=all&limit=500')).json(),
      ).items;
      const positions = PositionsResponse.parse(
        await (await api('/api/v1/positions?status=all&limit=500')).json(),
      ).items;
      const busy =
        orders.some((o) => ['CREATED', 'SUBMITTING', 'UNKNOWN'].includes(o.intent_status)) ||
        positions.some((p) => ['Pending', 'PartiallyFilled', 'Closing'].includes(p.status));
      return !busy || undefined;
    },
    { timeoutMs: 25_000, intervalMs: 250, what: 'the bot at rest' },
  ).then(
    () => io.log(`settle: at rest after ${Date.now() - started} ms`),
    () => io.log('settle: the bot still has work in flight after 25 s; counting anyway'),
  );
  const off = (r: VenueRecords) => r.duplicates + r.lostFills + r.stuckPositions + r.drift;
  let records = await readVenueRecords(api, ledger);
  for (let i = 0; i < 6 && off(records) > 0; i++) {
    io.log(`settle: ${off(records)} item(s) off, read again: ${records.details.join(' | ')}`);
    await sleep(1_500);
    records = await readVenueRecords(api, ledger);
  }
  return records;
}

function makeRig(
  seed: number,
  io: ChaosIo,
  venue: SimVenue,
  bot: TestBot,
  faults: string[],
  failures: string[],
  clock: { now(): number },
): Rig {
  const api = bot.api;
  const positions = async () =>
    PositionsResponse.parse(await (await api('/api/v1/positions?status=all&limit=500')).json()).items;
  const position = async (id: string) => (await positions()).find((p) => p.id === id);
  const rig: Rig = {
    venue,
    bot,
    seed,
    random: seeded(seed),
    log: (line) => io.log(line),
    fault: async (label, update) => {
      faults.push(label);
      io.log(`fault: ${label}`);
      await venue.admin('faults', update);
    },
    noteFault: (label) => {
      faults.push(label);
      io.log(`fault: ${label}`);
    },
    check: (ok, what) => {
      if (!ok) {
        failures.push(what);
        io.log(`check failed: ${what}`);
      }
    },
    propose: async (quantity = '0.001', limitPrice) => {
      const ticker = venue.sim.exchange.bookTicker(SYMBOL) as unknown as { askPrice: string };
      const ask = new Dec(ticker.askPrice);
      const res = await api('/api/v1/proposals', {
        method: 'POST',
        json: {
          symbol: SYMBOL,
          side: 'BUY',
          ...(limitPrice === undefined
            ? { order_type: 'MARKET' }
            : { order_type: 'LIMIT', price: limitPrice }),
          quantity,
          stop_price: ask.mul('0.95').toDecimalPlaces(2).toFixed(),
          take_profit_price: ask.mul('1.05').toDecimalPlaces(2).toFixed(),
        },
      });
      const body: unknown = await res.json();
      if (res.status !== 200) return { intentId: '', positionId: '', status: res.status, body };
      const { decision } = ProposalResponse.parse(body);
      if (decision.final_decision !== 'ALLOW') {
        const blocked = decision.gates
          .filter((g) => g.verdict !== 'ALLOW')
          .map((g) => `${g.gate}: ${g.reason}`);
        throw new Error(`the proposal was blocked: ${blocked.join('; ')}`);
      }
      // An entry the venue refused at once comes back without an intent id (and no position is
      // kept): its intent is the entry created after the proposal was sent.
      let intentId = decision.intent_id;
      if (intentId === null) {
        const orders = OrdersResponse.parse(
          await (await api('/api/v1/orders?status=all&limit=500')).json(),
        ).items;
        intentId =
          orders.filter((o) => o.purpose === 'ENTRY' && o.created_at >= decision.proposal.created_at).at(0)
            ?.intent_id ?? null;
      }
      if (intentId === null) throw new Error('the allowed proposal left no entry intent');
      return { intentId, positionId: `pos-${intentId}`, status: res.status, body };
    },
    positions,
    position,
    waitPosition: async (id, pred, what, timeoutMs = 15_000) => {
      let last: PositionDto | undefined;
      try {
        return await waitFor(
          async () => {
            last = await position(id);
            return last && pred(last) ? last : undefined;
          },
          { what, timeoutMs, intervalMs: 100 },
        );
      } catch (e) {
        const seen = last
          ? `${last.status}${last.error_reason ? ` (${last.error_reason})` : ''}`
          : 'no such position';
        throw new Error(`${e instanceof Error ? e.message : String(e)}; the position was ${seen}`, {
          cause: e,
        });
      }
    },
    close: async (id) =>
      (await api(`/api/v1/positions/${id}/close`, { method: 'POST', json: { reason: 'chaos scenario' } }))
        .status,
    state: async () => StateSnapshot.parse(await (await api('/api/v1/state')).json()),
    sleep,
    now: () => clock.now(),
    refusals: () => refusalsOf(venue),
    records: () => readVenueRecords(api, ledgerOfSim(venue.sim, venue.apiKey)),
  };
  return rig;
}
