import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { defaultRuntimeConfig, RuntimeConfig, StateSnapshot } from '@aurora/contracts';
import { startSimServer, type FaultUpdate } from '@aurora/exchange-sim';
import { saveRuntimeConfig } from '../../../config/runtime-config-file';
import { startBot } from '../../../index';
import { waitFor } from '../../../integration/wait-for';
import type { ChaosIo, ChaosOutcome, ChaosScenario } from '../../scenario';
import { ledgerOfSim, readVenueRecords, type BotApi } from '../../venue-records';
import { seededRandom } from './rig';

/*
 * Soak: the bot (in this process, on a scaled clock as the backtest runs it) trades the
 * simulator's realistic market for hours of market time while seeded faults from the chaos list
 * land every 10–30 market minutes. Every market hour the process's heap, rss and active handles
 * are sampled. At the end: trading paused, the books at rest, the auditor clean, reconcile drift
 * zero, and memory and handles within the bounds below.
 */

const SPEED = 360;
const HOUR = 3_600_000;
/** Growth allowed of the heap's floor, from the first third of the run to the last. */
const HEAP_GROWTH_MB = 96;
/** Resident set growth allowed from the first hourly sample to the highest (the heap saws, rss creeps). */
const RSS_GROWTH_MB = 128;
/** Active handles (sockets, timers…) allowed above the first hourly sample. */
const HANDLE_GROWTH = 25;

interface Fault {
  name: string;
  set: FaultUpdate;
  /** Market ms after which the fault is cleared (0: an action, nothing to clear). */
  lastsMs: number;
}

const FAULTS: Fault[] = [
  { name: 'stream drop', set: { dropStreams: true }, lastsMs: 0 },
  {
    name: 'order timeout (placed, never answered)',
    set: { timeoutNextOrders: 1, timeoutHoldMs: 3_000 },
    lastsMs: 0,
  },
  { name: '503 -1007 unknown, placed', set: { unknownStatusNext: 1, placeBeforeUnknown: true }, lastsMs: 0 },
  {
    name: '503 -1007 unknown, not placed',
    set: { unknownStatusNext: 1, placeBeforeUnknown: false },
    lastsMs: 0,
  },
  {
    name: '429 -1003',
    set: {
      forceError: {
        code: -1003,
        msg: 'Too many requests; current limit is 6000 request weight per 1 MINUTE.',
        httpStatus: 429,
        count: 3,
      },
    },
    lastsMs: 0,
  },
  { name: 'clock skew +3 s', set: { clockSkewMs: 3_000 }, lastsMs: 10 * 60_000 },
  { name: 'clock skew -3 s', set: { clockSkewMs: -3_000 }, lastsMs: 10 * 60_000 },
  { name: 'latency 400 ms', set: { latencyMs: 400 }, lastsMs: 5 * 60_000 },
];

interface Sample {
  hour: number;
  heapMb: number;
  rssMb: number;
  handles: number;
}

function sample(hour: number): Sample {
  const m = process.memoryUsage();
  return {
    hour,
    heapMb: Math.round(m.heapUsed / 1e6),
    rssMb: Math.round(m.rss / 1e6),
    handles: process.getActiveResourcesInfo().length,
  };
}

async function soak(name: string, hours: number, seed: number, io: ChaosIo): Promise<ChaosOutcome> {
  const r = seededRandom(seed);
  const t0 = Date.now();
  const started = performance.now();
  const clock = { now: () => Math.floor(t0 + (performance.now() - started) * SPEED) };
  const sleepMarket = (ms: number) => new Promise((res) => setTimeout(res, ms / SPEED));
  const dir = mkdtempSync(join(tmpdir(), 'aurora-chaos-soak-'));
  const sim = await startSimServer({ port: 0, seed, clock, timeScale: SPEED, profile: 'realistic' });
  const { apiKey, apiSecret } = sim.createAccount();
  const config = defaultRuntimeConfig();
  // Market time runs fast: widen the signed-request window, no human heartbeat.
  config.execution.recv_window_ms = 60_000;
  config.dead_man.enabled = false;
  saveRuntimeConfig(dir, RuntimeConfig.parse(config));
  const tail: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (tail.length > 200) tail.splice(0, tail.length - 200);
      cb();
    },
  });
  const bot = await startBot({
    env: {
      AURORA_PORT: '0',
      AURORA_DATA_DIR: dir,
      AURORA_API_TOKEN: 'chaos-soak-token-0123456789',
      AURORA_SIM_URL: sim.restUrl,
      AURORA_SIM_API_KEY: apiKey,
      AURORA_SIM_API_SECRET: apiSecret,
    },
    logLevel: 'warn',
    logDestination: sink,
    clock,
  });
  const api: BotApi = (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${bot.token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(`${bot.url}${path}`, { ...init, headers, body });
  };
  const faults: string[] = [];
  const failures: string[] = [];
  const samples: Sample[] = [];
  const counts = new Map<string, number>();
  try {
    await waitFor(
      async () => StateSnapshot.parse(await (await api('/api/v1/state')).json()).ready || undefined,
      {
        timeoutMs: 30_000,
        what: 'the start-up reconcile',
      },
    );
    const end = clock.now() + hours * HOUR;
    let nextSample = clock.now() + HOUR;
    let nextFault = clock.now() + r.int(10, 30) * 60_000;
    const clears: { at: number; set: FaultUpdate }[] = [];
    while (clock.now() < end) {
      await sleepMarket(60_000);
      const now = clock.now();
      for (const c of clears.filter((x) => x.at <= now)) {
        sim.faults.set(c.set);
        clears.splice(clears.indexOf(c), 1);
      }
      if (now >= nextFault) {
        const f = r.pick(FAULTS);
        sim.faults.set(f.set);
        counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
        if (f.lastsMs > 0) clears.push({ at: now + f.lastsMs, set: { clockSkewMs: 0, latencyMs: 0 } });
        nextFault = now + r.int(10, 30) * 60_000;
      }
      if (now >= nextSample) {
        samples.push(sample(samples.length + 1));
        nextSample += HOUR;
      }
    }
    sim.faults.clear();
    faults.push(...[...counts].map(([k, n]) => `${k} ×${n}`));
    // Entries stop; exits are still managed. Then the books come to rest.
    await api('/api/v1/control/pause', { method: 'POST', json: { reason: 'soak end' } });
    await waitFor(
      async () => {
        const ps = (await (await api('/api/v1/positions?status=open&limit=500')).json()) as {
          items: { status: string }[];
        };
        return ps.items.every((p) => p.status === 'Open') || undefined;
      },
      { timeoutMs: 30_000, what: 'no position in flight' },
    ).catch((err: Error) => failures.push(err.message));
    await new Promise((res) => setTimeout(res, 1_500));
    samples.push(sample(samples.length + 1));
    const first = samples[0]!;
    // The heap saws with every collection: its floor (the lowest sample of the first and of the
    // last third of the run) is what is retained.
    const third = Math.ceil(samples.length / 3);
    const floor = (xs: Sample[]) => Math.min(...xs.map((x) => x.heapMb));
    const heapGrowth = floor(samples.slice(-third)) - floor(samples.slice(0, third));
    const maxHandles = Math.max(...samples.map((s) => s.handles));
    const rssGrowth = Math.max(...samples.map((s) => s.rssMb)) - first.rssMb;
    if (rssGrowth > RSS_GROWTH_MB)
      failures.push(`rss grew ${rssGrowth} MB over the soak (bound ${RSS_GROWTH_MB} MB)`);
    if (heapGrowth > HEAP_GROWTH_MB)
      failures.push(`heap grew ${heapGrowth} MB over the soak (bound ${HEAP_GROWTH_MB} MB)`);
    if (maxHandles > first.handles + HANDLE_GROWTH)
      failures.push(`active handles reached ${maxHandles}, from ${first.handles} (bound +${HANDLE_GROWTH})`);

    const records = await readVenueRecords(api, ledgerOfSim(sim, apiKey));
    for (const d of records.details) io.log(`${name} seed=${seed}: ${d}`);
    const state = StateSnapshot.parse(await (await api('/api/v1/state')).json());
    const bad = records.details.length > 0 || failures.length > 0;
    if (bad) {
      for (const l of tail.slice(-20)) io.log(`  bot: ${l}`);
      io.log(`${name} seed=${seed}: replay with npm run chaos -- --only ${name} --seed ${seed}`);
    }
    const trail = samples.map((s) => `h${s.hour} ${s.heapMb}/${s.rssMb} MB ${s.handles}h`).join(', ');
    return {
      faults,
      orders: records.orders,
      fills: records.fills,
      duplicates: records.duplicates,
      lostFills: records.lostFills,
      stuckPositions: records.stuckPositions,
      drift: records.drift,
      failures,
      notes:
        `${hours} market h at ${SPEED}x; heap/rss/handles ${trail}; bounds heap +${HEAP_GROWTH_MB} MB, rss +${RSS_GROWTH_MB} MB, handles +${HANDLE_GROWTH}; ` +
        `breaker ${state.risk.circuit_breaker.state}, errors ${state.recent_errors.length}`,
    };
  } finally {
    await bot.close({ graceful: false }).catch(() => undefined);
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const soakOf = (name: string, hours: number, seeds: ChaosScenario['seeds'], what: string): ChaosScenario => ({
  name,
  description: `${what} of market time on an accelerated clock with seeded faults: memory, handles and books stay bounded and clean`,
  seeds,
  run: (seed, io) => soak(name, hours, seed, io),
});

/** Two market hours: the fast seed. */
export const soakShort = soakOf('soak-short', 2, { fast: [1], full: [1, 2] }, 'two hours');
/** A full trading day (24 market hours, about 4 minutes): the full set. */
export const soakTradingDay = soakOf('soak-trading-day', 24, { fast: [], full: [1] }, 'a trading day');
/** A week (168 market hours, about 28 minutes): on demand only (`--only soak-week --seed 1`). */
export const soakWeek = soakOf('soak-week', 168, { fast: [], full: [] }, 'a week');
