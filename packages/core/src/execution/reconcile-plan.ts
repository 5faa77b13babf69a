import type { Decimal } from 'decimal.js';
import type { DriftItem, PositionStatus, RuntimeConfig } from '@aurora/contracts';
import { ZERO } from '../money/decimal';
import { isTerminalOrderStatus } from '../orders/transitions';
import type { AssetBalance, ExchangeOrder, ExchangeTrade } from './exchange-port';
import { isOurClientOrderId } from './client-order-id';
import { DEFAULT_RECOVERY } from './order-submission';
import { isOpenExchangeStatus, isUnsettledIntent, type TradeIntent } from './intent';
import { planBalances, planStalePositions } from './reconcile-account';
import { planVenueResets } from './reconcile-reset';
import { fillsFromTrades, reportsForOrder, type SynthFill } from './report-synthesis';
import type { ExecutionReport } from './user-stream-events';

/** What reconciliation needs to know about a position. */
export interface ReconcilePosition {
  id: string;
  symbol: string;
  status: PositionStatus;
  updatedAt: number;
  /** Set once flagged for review, so a stale position is flagged once. */
  reviewFlag?: string | null;
  /** Open quantity and base asset: with `orders`, the evidence of a venue that came back reset. */
  openQty?: Decimal;
  baseAsset?: string;
  /** Every order placed for the position (entry, protective, exit), by clientOrderId. */
  orders?: readonly { clientOrderId: string; sentAt: number }[];
}

export interface ReconcilePlanConfig {
  /** Cancel open orders no intent of ours explains, if on a configured symbol and named by us. */
  cancel_orphan_orders: boolean;
  /** The configured symbols: an orphan elsewhere is the user's business, never cancelled. */
  symbols: readonly string[];
  /** Per-asset difference (free or locked) ignored as rounding. */
  balance_drift_tolerance: string;
  stale_position_hours: number;
  /**
   * An unacknowledged intent younger than this (since its last send) is left alone: its
   * placement or phantom recovery may still be running. Recovery starts only once the request
   * timed out, so: request timeout + phantom_recovery_timeout_s + a margin.
   */
  phantom_grace_ms: number;
}

/** Margin past the end of phantom recovery before the reconciler may call an intent NOT_FOUND. */
export const PHANTOM_GRACE_MARGIN_MS = 5_000;

/** The adapter's HTTP (and WS-API) request timeout, unless the app says otherwise. */
export const DEFAULT_ORDER_REQUEST_TIMEOUT_MS = 10_000;

/** The plan's settings from the runtime config (reconcile section + the execution flags it uses). */
export const reconcilePlanConfig = (
  c: RuntimeConfig,
  requestTimeoutMs: number = DEFAULT_ORDER_REQUEST_TIMEOUT_MS,
): ReconcilePlanConfig => ({
  cancel_orphan_orders: c.execution.cancel_orphan_orders,
  symbols: c.symbols,
  balance_drift_tolerance: c.reconcile.balance_drift_tolerance,
  stale_position_hours: c.reconcile.stale_position_hours,
  phantom_grace_ms:
    requestTimeoutMs + c.execution.phantom_recovery_timeout_s * 1000 + PHANTOM_GRACE_MARGIN_MS,
});

export interface ReconcileInput {
  exchange: {
    /** null until the account was read (it is read last); balances are then not compared. */
    balances: AssetBalance[] | null;
    /** The account snapshot's updateTime (exchange ms); null when unknown. */
    accountUpdateTime?: number | null;
    openOrders: ExchangeOrder[];
    /** getOrder by clientOrderId for the intents we asked about; null = the exchange does not know it. */
    ordersByClientId: ReadonlyMap<string, ExchangeOrder | null>;
    /** myTrades per order, keyed by tradesKey(symbol, orderId): order ids are unique per symbol only. */
    tradesByOrderId?: ReadonlyMap<string, ExchangeTrade[]>;
    /**
     * allOrders for the traded symbols since the newest order our books know (start-up and
     * reconnect only): orders of ours placed after the books were written (a restored snapshot).
     */
    recentOrders?: readonly ExchangeOrder[];
  };
  ours: {
    /** Open intents (unsettled, or acknowledged and live), plus any intent an open order names. */
    intents: TradeIntent[];
    positions: ReconcilePosition[];
    balances: AssetBalance[];
    /** Exchange time of the newest balances in our cache; null when unknown. */
    balancesUpdatedAt?: number | null;
  };
  config: ReconcilePlanConfig;
  now: number;
}

export interface OrderRefToCancel {
  symbol: string;
  orderId: string;
  clientOrderId: string;
}

export interface ReconcilePlan {
  drift: DriftItem[];
  cancels: OrderRefToCancel[];
  /** Unacknowledged intents whose order exists: acknowledge and apply its fills (engine.adoptOrder). */
  adoptions: { intentId: string; order: ExchangeOrder; fills: SynthFill[] }[];
  /**
   * Orders named by this bot (our clientOrderId prefix) that no intent in our books explains,
   * open or already ended with fills, oldest first: take them in as intents and apply their fills
   * through the one report path (engine.adoptUnknownOrder). Never a new order, never a close.
   */
  unknownAdoptions: { order: ExchangeOrder; fills: SynthFill[] }[];
  /** Synthesized execution reports for acknowledged intents: apply through the normal report path. */
  reports: ExecutionReport[];
  notFound: string[];
  /** The exchange's balances, when ours differ (overwrite the cache); null when they agree. */
  balances: AssetBalance[] | null;
  staleFlags: { positionId: string; reason: string }[];
  /**
   * Positions the venue has forgotten (reconcile-reset.ts): nothing is placed or cancelled for
   * them; the app ends them as Error "venue reset", kept as history, and pauses entries.
   */
  venueResets: { positionId: string; symbol: string; reason: string }[];
  /** Orders of a position to ask the venue about before a reset can be judged (then plan again). */
  resetLookups: { symbol: string; clientOrderId: string }[];
  /** Orders whose trades are needed to settle a fill difference (fetch them, then plan again). */
  tradesNeeded: { symbol: string; orderId: string }[];
}

/**
 * Compare our books with the exchange's truth and say what differs (drift, in the contracts'
 * DriftItem shape) and what settles it. Pure and deterministic: applying the plan and planning
 * again on the same exchange state yields no further action.
 */
export function reconcile(input: ReconcileInput): ReconcilePlan {
  const plan: ReconcilePlan = {
    drift: [],
    cancels: [],
    adoptions: [],
    unknownAdoptions: [],
    reports: [],
    notFound: [],
    balances: null,
    staleFlags: [],
    venueResets: [],
    resetLookups: [],
    tradesNeeded: [],
  };
  const openByClientId = new Map(input.exchange.openOrders.map((o) => [o.clientOrderId, o]));
  const intentsById = new Map(input.ours.intents.map((i) => [i.id, i]));
  for (const intent of input.ours.intents) {
    if (isUnsettledIntent(intent)) planUnsettled(input, plan, intent, openByClientId);
    else if (intent.status === 'ACKED') planAcknowledged(input, plan, intent, openByClientId);
  }
  for (const order of input.exchange.openOrders)
    planOpenOrder(input, plan, order, intentsById.get(order.clientOrderId));
  planRecentOrders(input, plan, intentsById);
  plan.unknownAdoptions.sort((a, b) => a.order.time - b.order.time || compareNumericIds(a.order.orderId, b.order.orderId));
  planBalances(input, plan);
  planStalePositions(input, plan);
  planVenueResets(input, plan);
  return plan;
}

function lookup(
  input: ReconcileInput,
  open: Map<string, ExchangeOrder>,
  id: string,
): ExchangeOrder | null | undefined {
  return open.get(id) ?? input.exchange.ordersByClientId.get(id);
}

function fillsFor(
  input: ReconcileInput,
  plan: ReconcilePlan,
  order: ExchangeOrder,
  knownQty: Decimal,
): SynthFill[] | null {
  if (!order.executedQty.gt(knownQty)) return [];
  const trades = input.exchange.tradesByOrderId?.get(tradesKey(order.symbol, order.orderId));
  if (trades === undefined) {
    plan.tradesNeeded.push({ symbol: order.symbol, orderId: order.orderId });
    return null;
  }
  return fillsFromTrades(trades);
}

/** Order and trade ids are unique per symbol only (FACTS): trades are keyed by both. */
export const tradesKey = (symbol: string, orderId: string): string => `${symbol}#${orderId}`;

/** An order of ours the books lack: adopt it once its fills are known. */
function planUnknown(input: ReconcileInput, plan: ReconcilePlan, order: ExchangeOrder, where: string): void {
  const fills = fillsFor(input, plan, order, ZERO);
  const item = { kind: 'ORPHAN_ORDER' as const, symbol: order.symbol, ref: order.orderId };
  const detail = `${where} ${order.side} ${order.type} ${order.origQty.toFixed()} (${order.clientOrderId}) ${order.status}, executed ${order.executedQty.toFixed()}: named by this bot but unknown to its books`;
  if (fills === null) {
    plan.drift.push({ ...item, detail, action: 'FETCH_TRADES' });
    return;
  }
  plan.unknownAdoptions.push({ order, fills });
  plan.drift.push({ ...item, detail, action: 'ADOPT' });
}

/**
 * Ended orders of ours from allOrders that no intent explains (an open one is handled with the
 * open orders). One without fills is taken in too: the books then name every order of ours.
 */
function planRecentOrders(
  input: ReconcileInput,
  plan: ReconcilePlan,
  intentsById: ReadonlyMap<string, TradeIntent>,
): void {
  const open = new Set(input.exchange.openOrders.map((o) => tradesKey(o.symbol, o.orderId)));
  const seen = new Set<string>();
  for (const order of input.exchange.recentOrders ?? []) {
    const key = tradesKey(order.symbol, order.orderId);
    if (open.has(key) || seen.has(key)) continue;
    seen.add(key);
    if (!isOurClientOrderId(order.clientOrderId) || intentsById.has(order.clientOrderId)) continue;
    if (!input.config.symbols.includes(order.symbol)) continue;
    if (isOpenExchangeStatus(order.status)) continue;
    planUnknown(input, plan, order, 'ended');
  }
}

/** How an adopted order of ours relates to the books, judged from the positions at that moment. */
export interface UnknownOrderRole {
  purpose: TradeIntent['purpose'];
  /** The position it belongs to; null for an entry (a position is opened for it) or a sell with none. */
  positionId: string | null;
}

const LIVE_POSITION: ReadonlySet<PositionStatus> = new Set(['Pending', 'PartiallyFilled', 'Open', 'Closing']);

/**
 * The bot is long-only, one position per symbol: a BUY of ours is an entry, a SELL belongs to
 * the symbol's live position — a resting stop or take-profit as its protective order, any other
 * as its exit.
 */
export function unknownOrderRole(
  order: ExchangeOrder,
  positions: readonly ReconcilePosition[],
): UnknownOrderRole {
  if (order.side === 'BUY') return { purpose: 'ENTRY', positionId: null };
  const p = positions.find((x) => x.symbol === order.symbol && LIVE_POSITION.has(x.status));
  const protective = order.type.startsWith('STOP_LOSS') || order.type.startsWith('TAKE_PROFIT');
  return { purpose: protective ? 'PROTECTIVE' : 'EXIT', positionId: p?.id ?? null };
}

function planUnsettled(
  input: ReconcileInput,
  plan: ReconcilePlan,
  intent: TradeIntent,
  open: Map<string, ExchangeOrder>,
): void {
  const order = lookup(input, open, intent.id);
  if (order === undefined) return;
  const item = { kind: 'PHANTOM_INTENT' as const, symbol: intent.symbol, ref: intent.id };
  if (order !== null) {
    const fills = fillsFor(input, plan, order, ZERO);
    if (fills === null) {
      plan.drift.push({
        ...item,
        detail: `intent ${intent.status}; order ${order.orderId} is ${order.status}`,
        action: 'FETCH_TRADES',
      });
      return;
    }
    plan.adoptions.push({ intentId: intent.id, order, fills });
    plan.drift.push({
      ...item,
      detail: `intent ${intent.status}; order ${order.orderId} is ${order.status}`,
      action: 'ADOPT',
    });
    return;
  }
  const age = input.now - (intent.sentAt ?? intent.createdAt);
  if (age < input.config.phantom_grace_ms) return;
  plan.notFound.push(intent.id);
  plan.drift.push({
    ...item,
    detail: `intent ${intent.status} for ${Math.round(age / 1000)} s; the exchange does not know the order`,
    action: 'MARK_NOT_FOUND',
  });
}

function planAcknowledged(
  input: ReconcileInput,
  plan: ReconcilePlan,
  intent: TradeIntent,
  open: Map<string, ExchangeOrder>,
): void {
  const weThinkOpen = intent.exchangeStatus === null || isOpenExchangeStatus(intent.exchangeStatus);
  if (!weThinkOpen) return;
  const order = lookup(input, open, intent.id);
  if (order === undefined) return;
  const ref = intent.orderId ?? intent.id;
  if (order === null) {
    // Binance archives fill-less cancelled/expired orders; one with fills stays queryable. But
    // right after a placement a lookup lags (FACTS: "-2013 can be a lie for a short while"): a
    // -2013 then is not the order's end, and ending it CANCELED would drop the fills still to
    // come. Ask again on the next reconcile.
    const sentAt = intent.sentAt ?? intent.createdAt;
    if (input.now - sentAt < DEFAULT_RECOVERY.queryLagMs) {
      plan.drift.push({
        kind: 'MISSING_ORDER',
        symbol: intent.symbol,
        ref,
        detail: `open in our books; the lookup answered -2013 ${input.now - sentAt} ms after the placement, within the query lag`,
        action: 'RETRY',
      });
      return;
    }
    const gone = syntheticEnd(intent);
    plan.reports.push(...reportsForOrder(gone, [], intent.filledQty, input.now));
    plan.drift.push({
      kind: 'MISSING_ORDER',
      symbol: intent.symbol,
      ref,
      detail: 'open in our books, unknown to the exchange',
      action: 'APPLY_FINAL_STATUS CANCELED',
    });
    return;
  }
  if (order.executedQty.lt(intent.filledQty)) {
    plan.drift.push({
      kind: 'FILL_DRIFT',
      symbol: intent.symbol,
      ref,
      detail: `we booked ${intent.filledQty.toFixed()}, the exchange executed ${order.executedQty.toFixed()}`,
      action: 'REVIEW',
    });
    return;
  }
  const fillGap = order.executedQty.gt(intent.filledQty);
  if (!fillGap && order.status === intent.exchangeStatus) return;
  const fills = fillsFor(input, plan, order, intent.filledQty);
  const kind = fillGap ? ('FILL_DRIFT' as const) : ('MISSING_ORDER' as const);
  const detail = fillGap
    ? `we booked ${intent.filledQty.toFixed()}, the exchange executed ${order.executedQty.toFixed()}`
    : `we have ${intent.exchangeStatus ?? 'no status'}, the exchange has ${order.status}`;
  if (fills === null) {
    plan.drift.push({ kind, symbol: intent.symbol, ref, detail, action: 'FETCH_TRADES' });
    return;
  }
  const reports = reportsForOrder(order, fills, intent.filledQty, input.now);
  if (reports.length === 0) return;
  plan.reports.push(...reports);
  if (fillGap || isTerminalOrderStatus(order.status))
    plan.drift.push({
      kind,
      symbol: intent.symbol,
      ref,
      detail,
      action: fillGap ? 'APPLY_FILLS' : `APPLY_FINAL_STATUS ${order.status}`,
    });
}

/** The end we record for an order the exchange no longer knows: cancelled with what we booked. */
function syntheticEnd(intent: TradeIntent): ExchangeOrder {
  return {
    symbol: intent.symbol,
    orderId: intent.orderId ?? '',
    clientOrderId: intent.id,
    side: intent.side,
    type: intent.type,
    timeInForce: intent.timeInForce,
    status: 'CANCELED',
    price: intent.price ?? ZERO,
    stopPrice: intent.stopPrice,
    origQty: intent.quantity,
    executedQty: intent.filledQty,
    cumulativeQuoteQty: intent.cumQuote,
    time: intent.createdAt,
    updateTime: intent.updatedAt,
    fills: [],
  };
}

function planOpenOrder(
  input: ReconcileInput,
  plan: ReconcilePlan,
  order: ExchangeOrder,
  intent: TradeIntent | undefined,
): void {
  const ref = { symbol: order.symbol, orderId: order.orderId, clientOrderId: order.clientOrderId };
  if (intent === undefined) {
    if (isOurClientOrderId(order.clientOrderId) && input.config.symbols.includes(order.symbol)) {
      planUnknown(input, plan, order, 'open');
      return;
    }
    const action = orphanAction(input.config, order);
    if (action === 'CANCEL') plan.cancels.push(ref);
    const origin = isOurClientOrderId(order.clientOrderId)
      ? 'named by this bot but unknown to its books'
      : 'placed outside this bot';
    plan.drift.push({
      kind: 'ORPHAN_ORDER',
      symbol: order.symbol,
      ref: order.orderId,
      detail: `open ${order.side} ${order.type} ${order.origQty.toFixed()} (${order.clientOrderId}) ${origin}`,
      action,
    });
    return;
  }
  if (intent.status === 'NOT_FOUND' || intent.status === 'REJECTED') {
    // We gave up on it (and ended its position); a live order for it is risk nobody tracks.
    plan.cancels.push(ref);
    plan.drift.push({
      kind: 'PHANTOM_INTENT',
      symbol: order.symbol,
      ref: intent.id,
      detail: `intent ${intent.status} but order ${order.orderId} is open`,
      action: 'CANCEL',
    });
    return;
  }
  if (
    intent.status === 'ACKED' &&
    intent.exchangeStatus !== null &&
    isTerminalOrderStatus(intent.exchangeStatus)
  ) {
    const cancel = input.config.cancel_orphan_orders;
    if (cancel) plan.cancels.push(ref);
    plan.drift.push({
      kind: 'ORPHAN_ORDER',
      symbol: order.symbol,
      ref: order.orderId,
      detail: `open on the exchange but ${intent.exchangeStatus} in our books (intent ${intent.id})`,
      action: cancel ? 'CANCEL' : 'REVIEW',
    });
  }
}

/**
 * An orphan is cancelled only when the operator asked for it, it is on a symbol the bot trades,
 * and its clientOrderId is ours: a user's own order (another pair, or placed by hand) is never
 * touched.
 */
function orphanAction(config: ReconcilePlanConfig, order: ExchangeOrder): string {
  if (!config.cancel_orphan_orders) return 'NONE (cancel_orphan_orders is off)';
  if (!config.symbols.includes(order.symbol)) return 'NONE (not a configured symbol)';
  if (!isOurClientOrderId(order.clientOrderId)) return 'NONE (not placed by this bot)';
  return 'CANCEL';
}

/** True when the plan asks for nothing to be done (drift may remain, e.g. orphans left alone). */
export const planIsEmpty = (p: ReconcilePlan): boolean =>
  p.cancels.length === 0 &&
  p.adoptions.length === 0 &&
  p.unknownAdoptions.length === 0 &&
  p.reports.length === 0 &&
  p.notFound.length === 0 &&
  p.balances === null &&
  p.staleFlags.length === 0 &&
  p.venueResets.length === 0 &&
  p.resetLookups.length === 0 &&
  p.tradesNeeded.length === 0;

/** Venue ids are decimal digit strings: compared as integers of any size, never through a float. */
function compareNumericIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
