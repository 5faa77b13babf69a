import type { Clock } from '../clock';
import type { ExchangeError } from './exchange-errors';
import { ExchangeRejected, ExchangeRetryable, UnknownExecutionStatus } from './exchange-errors';
import type { ExchangeOrder, ExchangePort, PlaceOrderRequest } from './exchange-port';
import type { ExecutionOutcome } from './execution-outcome';
import type { TradeIntent } from './intent';
import { markIntentNotFound, moveIntent } from './intent-lifecycle';
import type { EngineStats, ExecutionEngineDeps } from './execution-requests';
import { fillsFromPlacement, fillsFromTrades, type SynthFill } from './report-synthesis';

export interface RetryPolicy {
  /** Placement attempts in all, the first included (default 3). */
  maxAttempts: number;
  /** First backoff when the error gives no Retry-After (doubles per attempt). */
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export interface RecoveryPolicy {
  /** First wait between getOrder lookups (doubles up to maxDelayMs). */
  initialDelayMs: number;
  maxDelayMs: number;
  /**
   * Binance's order queries lag a placement ("-2013 Order does not exist." can be a lie for a
   * while): a -2013 proves the order absent only for a lookup sent at least this long after
   * the order request.
   */
  queryLagMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseBackoffMs: 200, maxBackoffMs: 5_000 };
export const DEFAULT_RECOVERY: RecoveryPolicy = { initialDelayMs: 250, maxDelayMs: 5_000, queryLagMs: 5_000 };

/** insurance.max_data_age_ms's default: how long an entry decision stays good when not configured. */
export const DEFAULT_ENTRY_MAX_AGE_MS = 5_000;

/** What submission needs from the engine (implemented by ExecutionEngine). */
export interface SubmissionContext {
  readonly exchange: ExchangePort;
  readonly clock: Clock;
  sleep(ms: number): Promise<void>;
  resync?(): Promise<void>;
  readonly retry: RetryPolicy;
  readonly recovery: RecoveryPolicy;
  recoveryWindowMs(): number;
  /** An entry is retried only while its decision is this fresh (ms since the intent was made). */
  entryMaxAgeMs(): number;
  save(intent: TradeIntent): void;
  /** Fold the exchange's answer about the intent's order (and any fills) into our state. */
  applyOrderTruth(intent: TradeIntent, order: ExchangeOrder, fills: SynthFill[]): void;
  /** The order never reached the exchange: let the position know. */
  intentFailed(intent: TradeIntent): void;
  /** Fills of an adopted order when getOrder says it traded (getOrder carries none). */
  fillsOf(intent: TradeIntent, order: ExchangeOrder): Promise<SynthFill[]>;
  count(event: 'retry' | 'rejected' | 'unknown' | 'recovered' | 'notFound' | 'unresolved'): void;
  placementFills(order: ExchangeOrder): SynthFill[];
}

/**
 * Send an intent's order, already persisted as SUBMITTING. Every attempt carries the intent id
 * as clientOrderId. Rejected → REJECTED, never retried. Retryable (the request took no effect)
 * → same request again after the advised wait, a bounded number of times. Unknown → UNKNOWN and
 * phantom recovery: we look the order up, we never resend it.
 */
export async function submitIntent(
  ctx: SubmissionContext,
  intent: TradeIntent,
  req: PlaceOrderRequest,
): Promise<ExecutionOutcome> {
  for (let attempt = 1; ; attempt++) {
    let order: ExchangeOrder;
    try {
      order = await ctx.exchange.placeOrder(req);
    } catch (err) {
      if (err instanceof ExchangeRetryable && attempt < ctx.retry.maxAttempts) {
        const wait = retryWaitMs(ctx, err, attempt);
        // A long Retry-After (a 418 ban lasts minutes) would send the same entry at a new price
        // with the old stop: past the decision's freshness it is refused and a new one decides.
        // Exits keep retrying: closing risk must stay possible.
        const age = ctx.clock.now() + wait - intent.createdAt;
        if (intent.purpose === 'ENTRY' && age > ctx.entryMaxAgeMs())
          return reject(
            ctx,
            intent,
            err,
            attempt,
            `not retried: it would leave ${age} ms after its decision (max data age ${ctx.entryMaxAgeMs()} ms): `,
          );
        if (err.retry === 'after-resync' && ctx.resync !== undefined) await ctx.resync();
        if (wait > 0) await ctx.sleep(wait);
        if (intent.status !== 'SUBMITTING') return settledMeanwhile(intent);
        moveIntent(intent, 'RETRY', ctx.clock.now());
        intent.attempts = attempt + 1;
        intent.sentAt = ctx.clock.now();
        ctx.save(intent);
        ctx.count('retry');
        continue;
      }
      if (err instanceof ExchangeRejected || err instanceof ExchangeRetryable) {
        // A retry refused (e.g. "Duplicate order sent.") may mean an earlier attempt landed after
        // all: look before declaring the intent dead.
        if (attempt > 1) {
          const found = await lookup(ctx, intent);
          if (found.kind === 'found') return adopt(ctx, intent, found.order);
          // No answer is no proof that the earlier attempt did not land: look it up, never resend.
          if (found.kind === 'failed') return handleUnknown(ctx, intent, err);
        }
        return reject(ctx, intent, err, attempt);
      }
      // UnknownExecutionStatus, or anything unexpected from the adapter: the order may exist.
      return handleUnknown(ctx, intent, err);
    }
    return onAcknowledged(ctx, intent, order);
  }
}

function onAcknowledged(ctx: SubmissionContext, intent: TradeIntent, order: ExchangeOrder): ExecutionOutcome {
  ctx.applyOrderTruth(intent, order, ctx.placementFills(order));
  return { kind: 'ACKED', intent, recovered: false };
}

/** How long to wait before the next attempt: the venue's Retry-After, else our backoff. */
function retryWaitMs(ctx: SubmissionContext, err: ExchangeRetryable, attempt: number): number {
  if (err.retry === 'now') return 0;
  const backoff = Math.min(ctx.retry.baseBackoffMs * 2 ** (attempt - 1), ctx.retry.maxBackoffMs);
  return err.retryAfterMs ?? (err.retry === 'after-backoff' ? backoff : 0);
}

function reject(
  ctx: SubmissionContext,
  intent: TradeIntent,
  err: ExchangeError,
  attempt: number,
  why?: string,
): ExecutionOutcome {
  if (intent.status !== 'SUBMITTING') return settledMeanwhile(intent);
  moveIntent(intent, 'REJECT', ctx.clock.now());
  const exhausted = why ?? (err instanceof ExchangeRetryable ? `gave up after ${attempt} attempts: ` : '');
  intent.rejectReason = `${exhausted}${err.code ?? ''}${err.code === null ? '' : ' '}${err.message}`;
  ctx.save(intent);
  ctx.intentFailed(intent);
  ctx.count('rejected');
  return { kind: 'REJECTED', intent, error: err };
}

async function handleUnknown(
  ctx: SubmissionContext,
  intent: TradeIntent,
  err: unknown,
): Promise<ExecutionOutcome> {
  // The user stream may already have told us the order exists.
  if (intent.status !== 'SUBMITTING') return settledMeanwhile(intent);
  moveIntent(intent, 'TIMEOUT', ctx.clock.now());
  intent.rejectReason =
    err instanceof UnknownExecutionStatus ? `unknown: ${err.message}` : `unknown: ${String(err)}`;
  ctx.save(intent);
  ctx.count('unknown');
  return recoverPhantom(ctx, intent);
}

/**
 * Phantom-order recovery: getOrder by clientOrderId with exponential backoff until the order is
 * found (adopted, ACKED with its exchange status) or the window ends. NOT_FOUND needs the venue's
 * word: a -2013 to a lookup sent after the query lag. Lookups that merely failed (5xx, timeouts,
 * refused locally during a 429/418) prove nothing, so without that word the intent stays
 * UNKNOWN for the reconciler. A report from the user stream that settles the intent meanwhile
 * ends the search.
 */
export async function recoverPhantom(ctx: SubmissionContext, intent: TradeIntent): Promise<ExecutionOutcome> {
  const deadline = ctx.clock.now() + ctx.recoveryWindowMs();
  const sentAt = intent.sentAt ?? intent.createdAt;
  let delay = ctx.recovery.initialDelayMs;
  let provenAbsent = false;
  for (;;) {
    if (intent.status !== 'UNKNOWN') return settledMeanwhile(intent);
    const askedAt = ctx.clock.now();
    const found = await lookup(ctx, intent);
    if (intent.status !== 'UNKNOWN') return settledMeanwhile(intent);
    if (found.kind === 'found') return adopt(ctx, intent, found.order);
    if (found.kind === 'absent' && askedAt - sentAt >= ctx.recovery.queryLagMs) provenAbsent = true;
    const left = deadline - ctx.clock.now();
    if (left <= 0) break;
    await ctx.sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, ctx.recovery.maxDelayMs);
  }
  if (!provenAbsent) {
    intent.rejectReason =
      'unknown: no lookup proved the order absent within the recovery window; left to the reconciler';
    intent.updatedAt = ctx.clock.now();
    ctx.save(intent);
    ctx.count('unresolved');
    return { kind: 'UNKNOWN', intent };
  }
  markIntentNotFound(intent, ctx.clock.now());
  intent.rejectReason = 'not found on the exchange after the recovery window';
  ctx.save(intent);
  ctx.intentFailed(intent);
  ctx.count('notFound');
  return { kind: 'NOT_FOUND', intent };
}

type Lookup = { kind: 'found'; order: ExchangeOrder } | { kind: 'absent' } | { kind: 'failed' };

async function lookup(ctx: SubmissionContext, intent: TradeIntent): Promise<Lookup> {
  try {
    const order = await ctx.exchange.getOrder({ symbol: intent.symbol, clientOrderId: intent.id });
    // null is the venue's own answer (-2013), the only one that can prove an order absent.
    return order === null ? { kind: 'absent' } : { kind: 'found', order };
  } catch {
    // A failed lookup proves nothing either way: keep looking until the window ends.
    return { kind: 'failed' };
  }
}

async function adopt(
  ctx: SubmissionContext,
  intent: TradeIntent,
  order: ExchangeOrder,
): Promise<ExecutionOutcome> {
  const fills = order.executedQty.gt(0) ? await ctx.fillsOf(intent, order) : [];
  ctx.applyOrderTruth(intent, order, fills);
  ctx.count('recovered');
  return { kind: 'ACKED', intent, recovered: true };
}

/** The intent was settled by another path (stream report, reconciler) while we waited. */
function settledMeanwhile(intent: TradeIntent): ExecutionOutcome {
  if (intent.status === 'ACKED') return { kind: 'ACKED', intent, recovered: true };
  if (intent.status === 'NOT_FOUND') return { kind: 'NOT_FOUND', intent };
  if (intent.status === 'UNKNOWN') return { kind: 'UNKNOWN', intent };
  return {
    kind: 'REJECTED',
    intent,
    error: new ExchangeRejected(intent.rejectReason ?? 'rejected', null, null),
  };
}

/** The engine's side of submission: its dependencies, its counters, and where truth is folded in. */
export function createSubmissionContext(
  d: Pick<
    ExecutionEngineDeps<unknown>,
    | 'exchange'
    | 'clock'
    | 'sleep'
    | 'resync'
    | 'retry'
    | 'recovery'
    | 'config'
    | 'positions'
    | 'entryMaxAgeMs'
  >,
  stats: EngineStats,
  engine: Pick<SubmissionContext, 'save' | 'applyOrderTruth'>,
): SubmissionContext {
  const counters = {
    retry: 'retries',
    rejected: 'rejected',
    unknown: 'unknown',
    recovered: 'recovered',
    notFound: 'notFound',
    unresolved: 'unresolved',
  } as const;
  return {
    exchange: d.exchange,
    clock: d.clock,
    sleep: (ms) => d.sleep(ms),
    ...(d.resync !== undefined ? { resync: d.resync.bind(d) } : {}),
    retry: { ...DEFAULT_RETRY, ...d.retry },
    recovery: { ...DEFAULT_RECOVERY, ...d.recovery },
    recoveryWindowMs: () => d.config().phantom_recovery_timeout_s * 1000,
    entryMaxAgeMs: () => d.entryMaxAgeMs?.() ?? DEFAULT_ENTRY_MAX_AGE_MS,
    save: engine.save,
    applyOrderTruth: engine.applyOrderTruth,
    intentFailed: (i) => d.positions.onIntentFailed(i.id),
    fillsOf: async (i, o) => {
      try {
        return fillsFromTrades(await d.exchange.getMyTrades(i.symbol, { orderId: o.orderId }));
      } catch {
        // Without trades the fills arrive by the stream, or the reconciler fetches them.
        return [];
      }
    },
    count: (e) => void stats[counters[e]]++,
    // A FULL answer's fills happened at the order's transactTime (exchange time, as on the
    // stream); our own clock only when the venue gave none.
    placementFills: (o) => fillsFromPlacement(o.fills, o.time > 0 ? o.time : d.clock.now()),
  };
}
