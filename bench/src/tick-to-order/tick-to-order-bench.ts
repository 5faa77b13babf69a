import { setTimeout as sleep } from 'node:timers/promises';
import { withBaseline, type BenchResult } from '../bench-result';
import { medianOf, summarizeLatency, type LatencySummary } from '../latency-summary';
import { BenchSetupError, startBotOnSim, waitUntil, type BotOnSim } from './bot-on-sim';
import { isOrderPlacement, isTestOrder, OrderWireProbe } from './order-wire-probe';
import { rigOrderPath, type OrderPathRig } from './order-path-rig';

const SYMBOL = 'BTCUSDT';
/** Issue 5's target for our process's share of tick-to-order, at p99. */
export const TICK_TO_ORDER_P99_TARGET_US = 1_000;
/** Issue 12's target for our own code from the tick to fetch(), at p50, once the kernel is shared. */
export const TICK_TO_FETCH_P50_TARGET_US = 100;
/** Idle time before each sample, so the previous order's stream traffic is not inside the next. */
const QUIET_MS = 3;

export interface TickToOrderOptions {
  samples: number;
  warmup: number;
}

interface PathSamples {
  /** Frame handed to the MarketStream → fetch() called for POST /api/v3/order. */
  toFetch: number[];
  /** Frame handed over → request headers written to the socket. */
  toWire: number[];
  /** SQLite time inside the toFetch window (statements, JSON bodies, commits with fsync). */
  store: number[];
  storeCalls: string[];
}

/** One sample: a closed candle → strategy → gates → intent → order on the wire; then cancel it. */
async function sampleOnce(
  rig: OrderPathRig,
  probe: OrderWireProbe,
  h: BotOnSim,
): Promise<{ toFetch: number; toWire: number; store: number; storeCalls: string[] }> {
  const runtime = h.bot.runtime;
  rig.inject(rig.quoteFrame());
  const { frame, entry } = rig.nextCandle();
  rig.ensemble.force(entry);
  await sleep(QUIET_MS);

  probe.arm(isOrderPlacement);
  const t0 = process.hrtime.bigint();
  rig.inject(frame);
  const pending = rig.takeEntry();
  if (pending === null) {
    probe.disarm();
    throw new BenchSetupError(`no order was placed: ${rig.lastDecisionSummary()}`);
  }
  const outcome = await pending;
  const stamps = probe.disarm();
  if (outcome.kind !== 'ACKED') throw new BenchSetupError(`the entry ended ${outcome.kind}, not ACKED`);
  if (stamps.fetchCalledAt === null || stamps.headersWrittenAt === null)
    throw new BenchSetupError('the order request was not seen leaving the process');

  // Clean slate for the next sample: the resting entry is cancelled, its position ends Cancelled.
  await runtime.execution?.cancelEntryOrders(SYMBOL);
  await waitUntil(
    () =>
      runtime.engines.positions.getOpenPositions().length === 0 &&
      runtime.engines.intents.listOpen().length === 0,
    2_000,
    'the cancelled entry to settle',
  );
  return {
    toFetch: Number(stamps.fetchCalledAt - t0),
    toWire: Number(stamps.headersWrittenAt - t0),
    store: Number(stamps.storeNs),
    storeCalls: stamps.storeCalls,
  };
}

async function samplePath(h: BotOnSim, probe: OrderWireProbe, o: TickToOrderOptions): Promise<PathSamples> {
  const rig = await rigOrderPath(h.bot.runtime, SYMBOL);
  probe.timeStore(h.bot.runtime.d.repo);
  const out: PathSamples = { toFetch: [], toWire: [], store: [], storeCalls: [] };
  for (let i = 0; i < o.warmup + o.samples; i++) {
    const s = await sampleOnce(rig, probe, h);
    if (i < o.warmup) continue;
    out.toFetch.push(s.toFetch);
    out.toWire.push(s.toWire);
    out.store.push(s.store);
    if (out.storeCalls.length === 0) out.storeCalls = s.storeCalls;
  }
  return out;
}

/** The noise floor of the fetch() stamp: the same two clock readings around an empty handler. */
function emptyHandlerFloor(n: number): number[] {
  let stamped = 0n;
  const handler = (_frame: string): void => {
    stamped = process.hrtime.bigint();
  };
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    handler('{}');
    out.push(Number(stamped - t0));
  }
  return out;
}

/**
 * The noise floor of the socket stamp: a handler that does nothing but fetch() the same signed
 * request (to /api/v3/order/test, which places nothing), timed to its socket write the same way.
 */
async function bareFetchFloor(probe: OrderWireProbe, n: number): Promise<number[]> {
  const seen = probe.lastRequest;
  if (seen === null) throw new BenchSetupError('no order request was seen to replay for the baseline');
  const url = seen.url.replace('/api/v3/order?', '/api/v3/order/test?');
  const init: RequestInit = { method: 'POST', headers: seen.init?.headers ?? {} };
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await sleep(QUIET_MS);
    probe.arm(isTestOrder);
    const t0 = process.hrtime.bigint();
    const res = await globalThis.fetch(url, init);
    await res.text();
    const stamps = probe.disarm();
    if (stamps.headersWrittenAt === null)
      throw new BenchSetupError('the baseline request was not seen on the wire');
    out.push(Number(stamps.headersWrittenAt - t0));
  }
  return out;
}

const p99Target = (s: LatencySummary) => ({
  text: `p99 < ${TICK_TO_ORDER_P99_TARGET_US.toLocaleString('en-US')} µs`,
  met: s.p99Us < TICK_TO_ORDER_P99_TARGET_US,
});

/**
 * Issue 5: tick-to-order inside our process, against the simulator on loopback (the venue's
 * time is excluded: the clock stops when the request is written). The path is the bot's own:
 * MarketStream.onMessage → parse → TradingRuntime.onKline → strategy → EntryFlow →
 * DecisionPipeline → ExecutionEngine.executeEntry (SQLite intent commit) → BinanceExchange →
 * HttpTransport (HMAC signing) → fetch → undici → socket.
 */
export async function runTickToOrderBench(
  o: TickToOrderOptions = { samples: 1_000, warmup: 50 },
): Promise<BenchResult[]> {
  const probe = new OrderWireProbe();
  // Before the bot exists: its HTTP transport takes globalThis.fetch when it is built.
  probe.install();
  let path: PathSamples;
  let wireFloor: number[];
  try {
    const h = await startBotOnSim(SYMBOL);
    try {
      path = await samplePath(h, probe, o);
      wireFloor = await bareFetchFloor(probe, o.samples);
    } finally {
      await h.close();
    }
  } finally {
    probe.uninstall();
  }
  const handlerFloor = summarizeLatency(emptyHandlerFloor(o.samples));
  const wire = summarizeLatency(path.toWire);
  const wireExcl = summarizeLatency(path.toWire.map((ns, i) => ns - (path.store[i] ?? 0)));
  const toFetch = summarizeLatency(path.toFetch);
  const toFetchExcl = summarizeLatency(path.toFetch.map((ns, i) => ns - (path.store[i] ?? 0)));
  const store = summarizeLatency(path.store);
  const floor = summarizeLatency(wireFloor);
  const n = `${wire.count} samples after ${o.warmup} warm-up`;
  const calls = path.storeCalls.join(', ');
  const share = medianOf(path.store.map((ns, i) => ns / (path.toWire[i] ?? ns)));
  const sqliteShare =
    `SQLite takes ${Math.round(share * 100)} % of the median sample: every write before the order ` +
    'leaves is its own commit with fsync (WAL, synchronous=FULL, data dir on disk)';

  const row = (
    name: string,
    value: number,
    baselineName: string,
    baselineValue: number,
    note: string,
    target?: { text: string; met: boolean },
  ): BenchResult =>
    withBaseline(
      { name, value, unit: 'µs', note, ...(target ? { target } : {}) },
      baselineName,
      baselineValue,
    );

  return [
    row(
      'tick_to_order.to_socket.p50',
      wire.p50Us,
      'bare fetch() of the same request, p50',
      floor.p50Us,
      `closed-kline frame handed to MarketStream.onMessage → POST /api/v3/order headers written to the socket (undici); ${n}`,
    ),
    row(
      'tick_to_order.to_socket.p99',
      wire.p99Us,
      'bare fetch() of the same request, p99',
      floor.p99Us,
      `max ${wire.maxUs} µs; ${sqliteShare}`,
      p99Target(wire),
    ),
    row(
      'tick_to_order.to_socket_excl_sqlite.p99',
      wireExcl.p99Us,
      'bare fetch() of the same request, p99',
      floor.p99Us,
      `per sample, the SQLite time subtracted; p50 ${wireExcl.p50Us} µs`,
      p99Target(wireExcl),
    ),
    row(
      'tick_to_order.to_fetch.p50',
      toFetch.p50Us,
      'empty handler, p50',
      handlerFloor.p50Us,
      `same frame → the moment our code calls fetch() (strategy, gates, intent, signing: all synchronous)`,
      { text: `p50 ≤ ${TICK_TO_FETCH_P50_TARGET_US} µs (issue 12)`, met: toFetch.p50Us <= TICK_TO_FETCH_P50_TARGET_US },
    ),
    row(
      'tick_to_order.to_fetch.p99',
      toFetch.p99Us,
      'empty handler, p99',
      handlerFloor.p99Us,
      `max ${toFetch.maxUs} µs`,
      p99Target(toFetch),
    ),
    row(
      'tick_to_order.to_fetch_excl_sqlite.p99',
      toFetchExcl.p99Us,
      'empty handler, p99',
      handlerFloor.p99Us,
      `p50 ${toFetchExcl.p50Us} µs: the CPU cost of our own code on the path`,
      p99Target(toFetchExcl),
    ),
    row(
      'tick_to_order.sqlite_on_path.p50',
      store.p50Us,
      'empty handler, p50',
      handlerFloor.p50Us,
      `SQLite calls before the order leaves: ${calls} (statement, JSON body and, for writes, the commit)`,
    ),
    row(
      'tick_to_order.sqlite_on_path.p99',
      store.p99Us,
      'empty handler, p99',
      handlerFloor.p99Us,
      `max ${store.maxUs} µs`,
    ),
  ];
}
