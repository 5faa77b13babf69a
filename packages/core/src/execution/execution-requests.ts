import type { Decimal } from 'decimal.js';
import type { DecisionEnvelope, ExecutionConfig, Side } from '@aurora/contracts';
import type { Clock } from '../clock';
import { dec } from '../money/decimal';
import type { IllegalTransition } from '../orders/transitions';
import type { ExitOverrides } from '../strategy/exits';
import type { ExchangePort } from './exchange-port';
import { blocked, type ExecutionOutcome } from './execution-outcome';
import type { ExecutionConfigSource, FiltersSource, OutcomeSink, PositionPort } from './execution-ports';
import type { IdempotencyStore } from './idempotency';
import type { IntentStore } from './intent-store';
import type { RecoveryPolicy, RetryPolicy } from './order-submission';

export interface ExecutionEngineDeps<TUpdate> {
  exchange: ExchangePort;
  intents: IntentStore;
  idempotency: IdempotencyStore;
  positions: PositionPort<TUpdate>;
  filters: FiltersSource;
  config: ExecutionConfigSource;
  clock: Clock;
  /** Waits without blocking; tests pass one that advances a ManualClock. */
  sleep(ms: number): Promise<void>;
  /** Intent ids (UUIDs in the app); each is sent as newClientOrderId. */
  newId(): string;
  /** Called for ExchangeRetryable 'after-resync' (the adapter re-syncs its server-time offset). */
  resync?(): Promise<void>;
  /** Illegal transitions and other anomalies, for logs and counters. Never thrown. */
  onAnomaly?(anomaly: ExecutionAnomaly): void;
  /** Every applied report, from every path (see OutcomeSink): risk, fills and closes hang here. */
  onOutcome?: OutcomeSink<TUpdate>;
  /**
   * How long an entry's decision stays good (the app passes insurance.max_data_age_ms): a
   * placement retry that would leave later than this after the intent was made is refused
   * instead, so a new decision runs on fresh prices. Exits keep retrying. Default 5 000.
   */
  entryMaxAgeMs?(): number;
  retry?: Partial<RetryPolicy>;
  recovery?: Partial<RecoveryPolicy>;
}

export interface ExecutionAnomaly {
  kind:
    | 'ILLEGAL_TRANSITION'
    | 'PROTECTIVE_NOT_REGISTERED'
    | 'CANCEL_FAILED'
    | 'OUTCOME_SINK_FAILED'
    | 'ADOPTION_UNLINKED';
  intentId: string | null;
  detail: string;
  error?: IllegalTransition | Error;
}

export interface EntryRequest {
  proposalId: string;
  decisionId: string | null;
  symbol: string;
  side: Side;
  quantity: Decimal;
  /** Limit price for LIMIT entries; the reference price for MARKET ones (notional check). */
  price: Decimal;
  /**
   * The market's price now (mark or average price): what PERCENT_PRICE_BY_SIDE bounds a LIMIT's
   * price against, and a MARKET's notional reference when given.
   */
  referencePrice?: Decimal;
  stop: Decimal | null;
  takeProfit: Decimal | null;
  /** The strategy's own trailing stop / holding time for this trade (the position keeps them). */
  exitOverrides?: ExitOverrides | null;
  tags?: Record<string, string>;
  /** TCA override: recent MARKET entries slipped, use a LIMIT. */
  forceLimit?: boolean;
  /** An operator's explicit order type for this entry (manual trades); the config's otherwise. */
  orderType?: ExecutionConfig['entry_order_type'];
}

export interface ExitRequest {
  positionId: string;
  /** Omitted: everything the position has open beyond exits already working. */
  quantity?: Decimal;
  reason: string;
  /** LIMIT IOC at this protective price instead of MARKET. */
  limitPrice?: Decimal;
  /** Mark/mid price, so the notional of a MARKET exit can be checked. */
  referencePrice?: Decimal;
}

export interface ProtectiveOrderRequest {
  positionId: string;
  kind: 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT';
  /** stopPrice: where the order triggers. */
  triggerPrice: Decimal;
  /** The limit price it then rests at. */
  limitPrice: Decimal;
}

export interface EngineStats {
  retries: number;
  rejected: number;
  unknown: number;
  recovered: number;
  notFound: number;
  /** Recoveries that ended with the status still unknown (left to the reconciler). */
  unresolved: number;
  duplicates: number;
  blocked: number;
  illegalTransitions: number;
}

/** The entry request a decision envelope asks for, or a BLOCKED outcome when it did not allow it. */
export function entryFromEnvelope(
  env: DecisionEnvelope,
  opts: { forceLimit?: boolean; tags?: Record<string, string> } = {},
): EntryRequest | ExecutionOutcome {
  if (env.final_decision !== 'ALLOW')
    return blocked(
      'NOT_ALLOWED',
      `decision ${env.id} was ${env.final_decision} at ${env.blocking_layer ?? 'unknown'}`,
    );
  const p = env.proposal;
  const quantity = env.adjusted_quantity ?? p.quantity;
  if (quantity === null) return blocked('NOT_ALLOWED', `decision ${env.id} carries no quantity`);
  return {
    proposalId: p.id,
    decisionId: env.id,
    symbol: p.symbol,
    side: p.side,
    quantity: dec(quantity),
    price: dec(p.entry_price),
    stop: p.stop_price === null ? null : dec(p.stop_price),
    takeProfit: p.take_profit_price === null ? null : dec(p.take_profit_price),
    ...(opts.tags !== undefined ? { tags: opts.tags } : {}),
    ...(opts.forceLimit !== undefined ? { forceLimit: opts.forceLimit } : {}),
  };
}

export interface CancelSummary {
  cancelled: string[];
  /** Not acknowledged yet: cancelled as soon as the exchange answers. */
  deferred: string[];
  failed: { intentId: string; error: Error }[];
}
