import { z } from 'zod';
import {
  AccountMode,
  BreakerState,
  DecimalString,
  GateName,
  IntentStatus,
  OrderStatus,
  OrderType,
  PositionStatus,
  RiskMode,
  Side,
  TimeInForce,
  TradingMode,
  VenueKind,
  Verdict,
} from './primitives';
import { ObserverDto } from './observer';
import { Truth } from './truth';
import { AuditResult } from './audit';

const Ts = z.number().int().nonnegative();
const NullableTs = Ts.nullable();

export const NoGoReason = z.object({
  code: z.enum([
    'CIRCUIT_BREAKER',
    'KILLED',
    'PAUSED',
    'DEAD_MAN_SWITCH',
    'STARTUP_RECONCILE',
    'VENUE_DOWN',
    /** The books audit found the bot's books and the venue disagree: entries wait until it is clean. */
    'AUDIT',
    'MARKET_FEED_DOWN',
  ]),
  message: z.string(),
  since: Ts,
});
export type NoGoReason = z.infer<typeof NoGoReason>;

export const Balance = z.object({ asset: z.string(), free: DecimalString, locked: DecimalString });
export type Balance = z.infer<typeof Balance>;

/**
 * Remainders closed positions left in the account (below what any order could sell), per asset:
 * `qty` units (negative when owed), `booked_value` what they were valued at when their positions
 * closed, `mark_value` what they are worth now (null without a price). Part of equity; the change
 * since booking is counted in unrealized PnL.
 */
export const DustHoldingDto = z.object({
  asset: z.string(),
  qty: DecimalString,
  booked_value: DecimalString,
  mark_value: DecimalString.nullable(),
});
export type DustHoldingDto = z.infer<typeof DustHoldingDto>;

export const MarketQuote = z.object({
  symbol: z.string(),
  bid: DecimalString,
  ask: DecimalString,
  last: DecimalString,
  spread_bps: z.number(),
  updated_at: Ts,
});
export type MarketQuote = z.infer<typeof MarketQuote>;

export const Candle = z.object({
  t: Ts,
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
});
export type Candle = z.infer<typeof Candle>;

export const Signal = z.object({
  name: z.string(),
  direction: z.enum(['LONG', 'SHORT', 'FLAT']),
  strength: z.number(),
  confidence: z.number(),
  inputs: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
});
export type Signal = z.infer<typeof Signal>;

export const Proposal = z.object({
  id: z.string(),
  symbol: z.string(),
  side: Side,
  source: z.enum(['STRATEGY', 'MANUAL']),
  entry_price: DecimalString,
  /** The proposer's quantity; null when risk sizing chooses it (see the envelope's adjusted_quantity). */
  quantity: DecimalString.nullable(),
  stop_price: DecimalString.nullable(),
  take_profit_price: DecimalString.nullable(),
  confidence: z.number(),
  created_at: Ts,
});
export type Proposal = z.infer<typeof Proposal>;

export const GateVerdict = z.object({
  gate: GateName,
  verdict: Verdict,
  reason_code: z.string().nullable(),
  reason: z.string(),
  inputs: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  duration_us: z.number(),
});
export type GateVerdict = z.infer<typeof GateVerdict>;

export const DecisionEnvelope = z.object({
  id: z.string(),
  /** Who proposed it: the strategy's name, or 'manual' for an operator's proposal. */
  strategy: z.string(),
  /** Short hash of the strategy's params (the same set, the same id); null for a manual proposal. */
  params_id: z.string().nullable(),
  proposal: Proposal,
  signals: z.array(Signal),
  gates: z.array(GateVerdict),
  final_decision: Verdict,
  blocking_layer: GateName.nullable(),
  adjusted_quantity: DecimalString.nullable(),
  intent_id: z.string().nullable(),
  created_at: Ts,
  decided_at: Ts,
});
export type DecisionEnvelope = z.infer<typeof DecisionEnvelope>;

export const OrderDto = z.object({
  intent_id: z.string(),
  client_order_id: z.string(),
  order_id: z.string().nullable(),
  symbol: z.string(),
  side: Side,
  type: OrderType,
  time_in_force: TimeInForce.nullable(),
  purpose: z.enum(['ENTRY', 'EXIT', 'PROTECTIVE']),
  position_id: z.string().nullable(),
  intent_status: IntentStatus,
  status: OrderStatus.nullable(),
  price: DecimalString.nullable(),
  quantity: DecimalString,
  filled_qty: DecimalString,
  cum_quote: DecimalString,
  avg_price: DecimalString.nullable(),
  reject_reason: z.string().nullable(),
  created_at: Ts,
  sent_at: NullableTs,
  acked_at: NullableTs,
  first_fill_at: NullableTs,
  updated_at: Ts,
});
export type OrderDto = z.infer<typeof OrderDto>;

export const TradeDto = z.object({
  id: z.string(),
  symbol: z.string(),
  order_id: z.string(),
  client_order_id: z.string(),
  trade_id: z.string(),
  side: Side,
  price: DecimalString,
  qty: DecimalString,
  quote_qty: DecimalString,
  commission: DecimalString,
  commission_asset: z.string(),
  commission_quote: DecimalString,
  commission_approximate: z.boolean(),
  is_maker: z.boolean(),
  position_id: z.string().nullable(),
  /** The strategy of the position the fill belongs to (`manual` for an operator's); null without one. */
  strategy: z.string().nullable().default(null),
  time: Ts,
});
export type TradeDto = z.infer<typeof TradeDto>;

export const TcaDto = z.object({
  signal_price: DecimalString.nullable(),
  arrival_price: DecimalString.nullable(),
  fill_price: DecimalString.nullable(),
  slippage_bps: z.number().nullable(),
  implementation_shortfall_bps: z.number().nullable(),
  market_impact_bps: z.number().nullable(),
  spread_at_entry_bps: z.number().nullable(),
});
export type TcaDto = z.infer<typeof TcaDto>;

export const PositionDto = z.object({
  id: z.string(),
  trade_intent_id: z.string(),
  symbol: z.string(),
  side: Side,
  status: PositionStatus,
  error_reason: z.string().nullable(),
  entry_order_id: z.string().nullable(),
  entry_client_order_id: z.string(),
  exit_order_ids: z.array(z.string()),
  exit_client_order_ids: z.array(z.string()),
  requested_qty: DecimalString,
  filled_qty: DecimalString,
  exited_qty: DecimalString,
  open_qty: DecimalString,
  avg_entry_price: DecimalString.nullable(),
  avg_exit_price: DecimalString.nullable(),
  mark_price: DecimalString.nullable(),
  realized_pnl: DecimalString,
  unrealized_pnl: DecimalString,
  commission_total_quote: DecimalString,
  commission_by_asset: z.record(z.string(), DecimalString),
  commission_approximate: z.boolean(),
  stop_price: DecimalString.nullable(),
  take_profit_price: DecimalString.nullable(),
  trailing_stop_price: DecimalString.nullable(),
  /**
   * Exit rules the strategy set for this trade (docs/STRATEGIES.md), in the config's units; a
   * null field, or null altogether, follows strategy.trailing_atr_mult / max_holding_min.
   */
  exit_overrides: z
    .object({ trailing_atr_mult: z.number().nullable(), max_holding_min: z.number().int().nullable() })
    .nullable(),
  decision_id: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  tca: TcaDto.nullable(),
  placement_latency_ms: z.number().nullable(),
  ack_to_fill_ms: z.number().nullable(),
  review_flag: z.string().nullable(),
  created_at: Ts,
  updated_at: Ts,
  opened_at: NullableTs,
  closed_at: NullableTs,
});
export type PositionDto = z.infer<typeof PositionDto>;

export const CircuitBreakerDto = z.object({
  state: BreakerState,
  reason: z.enum(['MAX_DAILY_LOSS', 'MAX_CONSECUTIVE_LOSSES', 'MANUAL_KILL']).nullable(),
  tripped_at: NullableTs,
  next_attempt_at: NullableTs,
  half_open_trial_in_flight: z.boolean(),
  /**
   * The automatic trip (daily loss, losing streak) in force, also while a kill is laid over it.
   * Resume does not clear it: only its trial trade or the confirmed reset-breaker action does.
   */
  automatic_reason: z.enum(['MAX_DAILY_LOSS', 'MAX_CONSECUTIVE_LOSSES']).nullable(),
});
export type CircuitBreakerDto = z.infer<typeof CircuitBreakerDto>;

export const RiskStateDto = z.object({
  risk_mode: RiskMode,
  trading_day: z.string(),
  start_of_day_equity: DecimalString,
  equity: DecimalString,
  /**
   * Mark-to-market equity change since the trading day began: realized today (by fill time) plus
   * unrealized now minus unrealized at the day's start. The daily loss limit is judged on it.
   * The same number as pnl_today.equity_change_today.
   */
  equity_change_today: DecimalString,
  /** equity_change_today as a percentage of start_of_day_equity. */
  equity_change_today_pct: z.number(),
  max_daily_loss_pct: z.number(),
  remaining_daily_loss_pct: z.number(),
  consecutive_losses: z.number().int(),
  max_consecutive_losses: z.number().int(),
  daily_trades_count: z.number().int(),
  max_daily_trades: z.number().int(),
  /** Positions holding a concurrency slot: open ones and pending entries (working orders). */
  open_positions_count: z.number().int(),
  max_concurrent_positions: z.number().int(),
  /** Open units at mark plus what working entry orders may still buy (remaining × limit or mark). */
  total_exposure_usdt: DecimalString,
  exposure_by_symbol: z.record(z.string(), DecimalString),
  circuit_breaker: CircuitBreakerDto,
  last_check_at: NullableTs,
});
export type RiskStateDto = z.infer<typeof RiskStateDto>;

export const RateLimitDto = z.object({
  used_weight_1m: z.number().int(),
  weight_limit_1m: z.number().int(),
  order_count_10s: z.number().int(),
  order_limit_10s: z.number().int(),
  order_count_1d: z.number().int(),
  order_limit_1d: z.number().int(),
  rate_limited: z.boolean(),
  banned_until: NullableTs,
  retry_after_until: NullableTs,
  delayed_requests: z.number().int(),
  updated_at: NullableTs,
});
export type RateLimitDto = z.infer<typeof RateLimitDto>;

export const DriftItem = z.object({
  kind: z.enum([
    'ORPHAN_ORDER',
    'MISSING_ORDER',
    'FILL_DRIFT',
    'PHANTOM_INTENT',
    'BALANCE_DRIFT',
    'STALE_POSITION',
  ]),
  symbol: z.string().nullable(),
  ref: z.string().nullable(),
  detail: z.string(),
  action: z.string(),
});
export type DriftItem = z.infer<typeof DriftItem>;

export const ReconcileResult = z.object({
  id: z.string(),
  trigger: z.enum(['STARTUP', 'INTERVAL', 'RECONNECT', 'MANUAL']),
  ok: z.boolean(),
  started_at: Ts,
  finished_at: Ts,
  duration_ms: z.number(),
  drift: z.array(DriftItem),
  error: z.string().nullable(),
});
export type ReconcileResult = z.infer<typeof ReconcileResult>;

export const ControlAction = z.object({
  id: z.string(),
  at: Ts,
  action: z.string(),
  source: z.string(),
  before: z.string(),
  after: z.string(),
  detail: z.string().nullable(),
});
export type ControlAction = z.infer<typeof ControlAction>;

export const ErrorEntry = z.object({
  id: z.string(),
  at: Ts,
  source: z.string(),
  code: z.string(),
  message: z.string(),
  count: z.number().int(),
});
export type ErrorEntry = z.infer<typeof ErrorEntry>;

export const LatencyStats = z.object({
  symbol: z.string(),
  samples: z.number().int(),
  placement_p50_ms: z.number().nullable(),
  placement_p95_ms: z.number().nullable(),
  placement_p99_ms: z.number().nullable(),
  ack_to_fill_p50_ms: z.number().nullable(),
  ack_to_fill_p95_ms: z.number().nullable(),
  ack_to_fill_p99_ms: z.number().nullable(),
  paused: z.boolean(),
  reason: z.string().nullable(),
});
export type LatencyStats = z.infer<typeof LatencyStats>;

export const TcaSummary = z.object({
  trades: z.number().int(),
  avg_slippage_bps: z.number().nullable(),
  avg_shortfall_bps: z.number().nullable(),
  avg_impact_bps: z.number().nullable(),
  entry_type_override: z.enum(['LIMIT']).nullable(),
  size_factor: z.number(),
});
export type TcaSummary = z.infer<typeof TcaSummary>;

export const CorrelationMatrix = z.object({
  symbols: z.array(z.string()),
  matrix: z.array(z.array(z.number().nullable())),
  window: z.number().int(),
  updated_at: NullableTs,
});
export type CorrelationMatrix = z.infer<typeof CorrelationMatrix>;

/** One point of today's curve: equity_change_today at `t`, and its drawdown from the day's peak. */
export const PnlPoint = z.object({
  t: Ts,
  equity_change_today: DecimalString,
  drawdown: DecimalString,
  trade: z.boolean(),
});
export type PnlPoint = z.infer<typeof PnlPoint>;

export const HealthDto = z.object({
  user_stream_last_event_at: NullableTs,
  user_stream_connected: z.boolean(),
  market_data_last_message_at: NullableTs,
  market_stream_connected: z.boolean(),
  last_reconcile_at: NullableTs,
  clock_offset_ms: z.number().nullable(),
  last_time_sync_at: NullableTs,
  database_ok: z.boolean(),
  venue_connected: z.boolean(),
  exchange_info_loaded_at: NullableTs,
  event_loop_lag_ms: z.number().nullable(),
  ws_clients: z.number().int(),
});
export type HealthDto = z.infer<typeof HealthDto>;

export const DeadManDto = z.object({
  enabled: z.boolean(),
  last_heartbeat_at: NullableTs,
  heartbeat_deadline_at: NullableTs,
  market_data_deadline_at: NullableTs,
  fired: z.enum(['HEARTBEAT', 'MARKET_DATA']).nullable(),
  fired_at: NullableTs,
});
export type DeadManDto = z.infer<typeof DeadManDto>;

/**
 * The embedded simulator's mirror feed (paper trading on Binance's real prices): whether its
 * upstream market stream is reachable, and what the market does meanwhile (mirroring real
 * trades, halted, or the synthetic fallback the operator asked for).
 */
export const MarketFeedDto = z.object({
  kind: z.literal('mirror'),
  upstream_url: z.string(),
  upstream: z.enum(['connecting', 'live', 'down']),
  market: z.enum(['mirroring', 'halted', 'synthetic']),
  fallback: z.enum(['none', 'synthetic']),
  since: Ts,
  last_trade_at: NullableTs,
  error: z.string().nullable(),
});
export type MarketFeedDto = z.infer<typeof MarketFeedDto>;

export const StateSnapshot = z.object({
  truth: Truth,
  started_at: Ts,
  ready: z.boolean(),
  trading_mode: TradingMode,
  account_mode: AccountMode,
  venue: z.object({
    kind: VenueKind,
    rest_url: z.string(),
    ws_url: z.string(),
    /** Present only when the venue's market mirrors another one (AURORA_SIM_FEED=mirror). */
    market_feed: MarketFeedDto.optional(),
  }),
  no_go_reason: NoGoReason.nullable(),
  symbols: z.array(z.string()),
  quote_asset: z.string(),
  health: HealthDto,
  balances: z.array(Balance),
  dust: z.array(DustHoldingDto),
  market: z.array(MarketQuote),
  positions: z.array(PositionDto),
  open_orders: z.array(OrderDto),
  risk: RiskStateDto,
  /** Today's PnL, one definition (docs/ARCHITECTURE.md, "Today's PnL"). */
  pnl_today: z.object({
    /** Realized PnL (commissions included) of fills made since the trading day began. */
    realized_today: DecimalString,
    /** Unrealized PnL of the open units now, at mark, against their cost (their whole life). */
    unrealized_now: DecimalString,
    /** Unrealized PnL of the units open when the trading day began, at that time's marks. */
    unrealized_at_day_start: DecimalString,
    /** realized_today + unrealized_now − unrealized_at_day_start; = risk.equity_change_today. */
    equity_change_today: DecimalString,
    /** equity_change_today through the day. */
    series: z.array(PnlPoint),
  }),
  rate_limits: RateLimitDto,
  recent_decisions: z.array(DecisionEnvelope),
  last_reconcile: ReconcileResult.nullable(),
  /** The latest books audit (after each reconcile, or on demand); null before the first. */
  last_audit: AuditResult.nullable(),
  control_actions: z.array(ControlAction),
  recent_errors: z.array(ErrorEntry),
  latency: z.array(LatencyStats),
  tca: TcaSummary,
  correlation: CorrelationMatrix,
  dead_man: DeadManDto,
  observer: ObserverDto,
});
export type StateSnapshot = z.infer<typeof StateSnapshot>;
