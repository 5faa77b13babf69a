import { z } from 'zod';
import { AccountMode, MoneyAmount, MoneyLimit, Symbol, TradingMode } from './primitives';

/*
 * RuntimeConfig: what an operator may change while the bot runs. Every field has a default so
 * that an older runtime_config.json (missing newer fields) still loads. Sections parse their
 * defaults through the schema (`prefault`), so a missing section gets every inner default.
 */

const pct = (max: number) => z.number().min(0).max(max);

export const RiskConfig = z.object({
  /** % of equity put at risk by one trade (distance to the stop × quantity). */
  risk_per_trade_pct: pct(10).default(0.5),
  max_daily_loss_pct: pct(50).default(3),
  max_consecutive_losses: z.number().int().min(1).max(100).default(4),
  max_concurrent_positions: z.number().int().min(1).max(100).default(3),
  max_daily_trades: z.number().int().min(1).max(10_000).default(60),
  max_total_exposure_usdt: MoneyLimit.default('6000'),
  max_symbol_exposure_usdt: MoneyLimit.default('2500'),
  max_position_notional_usdt: MoneyLimit.default('1500'),
  /** Breaker Open → HalfOpen after this many minutes. */
  breaker_cooldown_min: z.number().int().min(1).max(10_080).default(60),
  /** A losing HalfOpen trial trade re-opens the breaker for this long. */
  breaker_reopen_min: z.number().int().min(1).max(10_080).default(120),
  half_open_size_factor: z.number().gt(0).max(1).default(0.25),
  /** Risk mode thresholds as a share of the daily loss limit used. */
  elevated_at_loss_used_pct: pct(100).default(50),
  critical_at_loss_used_pct: pct(100).default(80),
  /** Minutes east of UTC at which the trading day starts (0 = UTC midnight). */
  trading_day_offset_min: z.number().int().min(-720).max(840).default(0),
});
export type RiskConfig = z.infer<typeof RiskConfig>;

/** The signal ensemble's parameters (the built-in `ensemble` strategy) and the exit settings every strategy shares. */
export const EnsembleParams = z.object({
  long_only: z.boolean().default(true),
  ema_fast: z.number().int().min(2).max(200).default(9),
  ema_slow: z.number().int().min(3).max(500).default(21),
  rsi_period: z.number().int().min(2).max(100).default(14),
  rsi_overbought: z.number().min(50).max(100).default(70),
  rsi_oversold: z.number().min(0).max(50).default(30),
  bb_period: z.number().int().min(5).max(200).default(20),
  bb_stddev: z.number().min(0.5).max(5).default(2),
  atr_period: z.number().int().min(2).max(100).default(14),
  volume_period: z.number().int().min(2).max(200).default(20),
  volume_factor: z.number().min(1).max(10).default(1.3),
  weight_trend: z.number().min(0).max(10).default(1),
  weight_momentum: z.number().min(0).max(10).default(1),
  weight_volatility: z.number().min(0).max(10).default(1),
  weight_volume: z.number().min(0).max(10).default(0.5),
  /** Weighted ensemble score (−1..1) an entry needs. */
  min_score: z.number().min(0).max(1).default(0.25),
  stop_atr_mult: z.number().min(0.1).max(20).default(2),
  take_profit_atr_mult: z.number().min(0.1).max(50).default(3),
  trailing_atr_mult: z.number().min(0).max(20).default(1.5),
  max_holding_min: z.number().int().min(1).max(100_000).default(240),
});
export type EnsembleParams = z.infer<typeof EnsembleParams>;

/**
 * Which strategy trades a symbol, and its parameters. The params are checked by the strategy's
 * own schema when the config is applied (the bot knows the loaded strategies, the contract not).
 */
export const StrategyChoice = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'must be a strategy name such as ema-cross'),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type StrategyChoice = z.infer<typeof StrategyChoice>;

export const StrategyConfig = EnsembleParams.extend({
  /** Per symbol, the strategy that trades it; a symbol not listed trades the `ensemble` with the fields above. */
  per_symbol: z.record(Symbol, StrategyChoice).default({}),
});
export type StrategyConfig = z.infer<typeof StrategyConfig>;

export const InsuranceConfig = z.object({
  min_confidence: z.number().min(0).max(1).default(0.5),
  /** Spread may be at most this share of ATR. */
  max_spread_atr_ratio: z.number().min(0).max(10).default(0.5),
  max_data_age_ms: z.number().int().min(100).max(600_000).default(5_000),
  max_price_move_bps: z.number().min(0).max(10_000).default(25),
  loss_cooldown_min: z.number().int().min(0).max(10_080).default(15),
});
export type InsuranceConfig = z.infer<typeof InsuranceConfig>;

export const ExecutionConfig = z.object({
  entry_order_type: z.enum(['LIMIT', 'MARKET', 'LIMIT_IOC']).default('LIMIT'),
  /** An unfilled LIMIT entry is cancelled after this many seconds. */
  entry_timeout_s: z.number().int().min(1).max(86_400).default(60),
  phantom_recovery_timeout_s: z.number().int().min(1).max(600).default(30),
  exchange_side_exits: z.boolean().default(false),
  cancel_orphan_orders: z.boolean().default(false),
  max_spread_bps: z.number().min(0).max(10_000).default(15),
  min_top_depth_usdt: MoneyAmount.default('100'),
  max_clock_offset_ms: z.number().int().min(10).max(60_000).default(1_000),
  recv_window_ms: z.number().int().min(100).max(60_000).default(5_000),
});
export type ExecutionConfig = z.infer<typeof ExecutionConfig>;

export const ReconcileConfig = z.object({
  interval_s: z.number().int().min(5).max(3_600).default(30),
  balance_drift_tolerance: MoneyAmount.default('0.00000001'),
  stale_position_hours: z.number().min(1).max(720).default(24),
  /**
   * Per asset, what the user holds on the account outside the bot (e.g. { "BNB": "1.5" }): the
   * books audit (A2) checks the bots' open positions against the balance less this. Absent = 0.
   */
  audit_baseline: z
    .record(z.string().regex(/^[A-Z0-9]{1,20}$/, 'must be an upper-case asset such as BNB'), MoneyAmount)
    .default({}),
  /**
   * The books audit leaves alone what moved this recently (a report may still be on its way
   * between the venue and the bot): it is judged by the next audit.
   */
  audit_settle_ms: z.number().int().min(0).max(600_000).default(10_000),
});
export type ReconcileConfig = z.infer<typeof ReconcileConfig>;

export const DeadManConfig = z.object({
  enabled: z.boolean().default(true),
  heartbeat_timeout_min: z.number().min(1).max(1_440).default(30),
  market_data_timeout_min: z.number().min(0.1).max(1_440).default(5),
});
export type DeadManConfig = z.infer<typeof DeadManConfig>;

export const LatencyConfig = z.object({
  window: z.number().int().min(10).max(10_000).default(100),
  p95_threshold_ms: z.number().min(1).max(60_000).default(750),
});
export type LatencyConfig = z.infer<typeof LatencyConfig>;

export const CorrelationConfig = z.object({
  window: z.number().int().min(10).max(1_440).default(60),
  threshold: z.number().min(0).max(1).default(0.85),
  action: z.enum(['BLOCK', 'REDUCE']).default('BLOCK'),
  reduce_factor: z.number().gt(0).max(1).default(0.5),
});
export type CorrelationConfig = z.infer<typeof CorrelationConfig>;

export const TcaConfig = z.object({
  window_trades: z.number().int().min(1).max(1_000).default(20),
  switch_to_limit_bps: z.number().min(0).max(10_000).default(5),
  halve_size_bps: z.number().min(0).max(10_000).default(15),
  impact_delay_s: z.number().int().min(1).max(600).default(5),
});
export type TcaConfig = z.infer<typeof TcaConfig>;

export const RateLimitConfig = z.object({
  /** Warn when used weight crosses this share of the declared per-minute limit (800/1200). */
  warn_fraction: z.number().gt(0).max(1).default(800 / 1200),
  /** Delay requests above this share of the declared limit until the window rolls (1000/1200). */
  delay_fraction: z.number().gt(0).max(1).default(1000 / 1200),
});
export type RateLimitConfig = z.infer<typeof RateLimitConfig>;

/** What a notification is about; Telegram and each webhook choose the kinds they receive. */
export const NotifyEventKind = z.enum([
  'ENTRY',
  'EXIT',
  'BREAKER',
  'DEAD_MAN',
  'DRIFT',
  'AUDIT',
  'VENUE',
  'CONTROL',
  'ERROR',
  'ANOMALY',
  'DAILY_SUMMARY',
]);
export type NotifyEventKind = z.infer<typeof NotifyEventKind>;
export const ALL_NOTIFY_EVENT_KINDS: readonly NotifyEventKind[] = NotifyEventKind.options;

export const WebhookTarget = z.object({
  /** Shown in logs and the failed-deliveries list instead of the URL (Discord and Slack URLs embed a secret). */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ or -, at most 40'),
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000),
  format: z.enum(['json', 'discord', 'slack']).default('json'),
  events: z.array(NotifyEventKind).min(1).default([...ALL_NOTIFY_EVENT_KINDS]),
});
export type WebhookTarget = z.infer<typeof WebhookTarget>;

export const NotifyConfig = z.object({
  telegram_events: z.array(NotifyEventKind).default([...ALL_NOTIFY_EVENT_KINDS]),
  webhooks: z.array(WebhookTarget).max(10).default([]),
  webhook_timeout_ms: z.number().int().min(100).max(60_000).default(5_000),
  /** Attempts per delivery, the first included; after the last one it lands in the failed list. */
  webhook_max_attempts: z.number().int().min(1).max(10).default(5),
  /** Wait before retry n is base × 2^(n−1). */
  webhook_backoff_base_ms: z.number().int().min(10).max(600_000).default(2_000),
  /** Deliveries waiting (all webhooks together); beyond it the oldest is dropped and counted. */
  webhook_queue_size: z.number().int().min(1).max(10_000).default(500),
  daily_summary: z.boolean().default(true),
});
export type NotifyConfig = z.infer<typeof NotifyConfig>;

export const RuntimeConfig = z.object({
  trading_mode: TradingMode.default('RUNNING'),
  account_mode: AccountMode.default('DEMO'),
  symbols: z.array(Symbol).min(1).max(20).default(['BTCUSDT', 'ETHUSDT', 'BNBUSDT']),
  quote_asset: z.string().min(2).max(10).default('USDT'),
  risk: RiskConfig.prefault({}),
  strategy: StrategyConfig.prefault({}),
  insurance: InsuranceConfig.prefault({}),
  execution: ExecutionConfig.prefault({}),
  reconcile: ReconcileConfig.prefault({}),
  dead_man: DeadManConfig.prefault({}),
  latency: LatencyConfig.prefault({}),
  correlation: CorrelationConfig.prefault({}),
  tca: TcaConfig.prefault({}),
  rate_limit: RateLimitConfig.prefault({}),
  notify: NotifyConfig.prefault({}),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;

export const defaultRuntimeConfig = (): RuntimeConfig => RuntimeConfig.parse({});

type WithoutDefault<T> = T extends z.ZodDefault<infer I> ? I : T extends z.ZodPrefault<infer I> ? I : T;
type SectionPatchShape<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> };

/**
 * A section's PATCH schema: every field optional and WITHOUT its default. `partial()` keeps the
 * defaults, so `{risk: {max_daily_loss_pct: 1}}` would come back with every other risk limit at
 * its default and the merge would silently undo the operator's settings.
 */
function sectionPatch<S extends z.ZodRawShape>(section: z.ZodObject<S>): z.ZodObject<SectionPatchShape<S>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(section.shape)) {
    const inner = field instanceof z.ZodDefault || field instanceof z.ZodPrefault ? field.unwrap() : field;
    shape[key] = (inner as z.ZodType).optional();
  }
  return z.strictObject(shape) as unknown as z.ZodObject<SectionPatchShape<S>>;
}

/**
 * PATCH /config body: any subset, unknown keys refused, no defaults filled in (a field left out
 * keeps its current value). Trading and account mode are absent on purpose: they change only
 * through the control endpoints (Live needs its typed confirmation).
 */
export const RuntimeConfigPatch = z.strictObject({
  symbols: RuntimeConfig.shape.symbols.unwrap().optional(),
  quote_asset: z.string().min(2).max(10).optional(),
  risk: sectionPatch(RiskConfig).optional(),
  strategy: sectionPatch(StrategyConfig).optional(),
  insurance: sectionPatch(InsuranceConfig).optional(),
  execution: sectionPatch(ExecutionConfig).optional(),
  reconcile: sectionPatch(ReconcileConfig).optional(),
  dead_man: sectionPatch(DeadManConfig).optional(),
  latency: sectionPatch(LatencyConfig).optional(),
  correlation: sectionPatch(CorrelationConfig).optional(),
  tca: sectionPatch(TcaConfig).optional(),
  rate_limit: sectionPatch(RateLimitConfig).optional(),
  notify: sectionPatch(NotifyConfig).optional(),
});
export type RuntimeConfigPatch = z.infer<typeof RuntimeConfigPatch>;

/** Merge a validated patch into a config; the result is parsed again so cross-field rules hold. */
export function applyConfigPatch(current: RuntimeConfig, patch: RuntimeConfigPatch): RuntimeConfig {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const existing = (current as Record<string, unknown>)[key];
    next[key] =
      typeof value === 'object' && !Array.isArray(value) && existing && typeof existing === 'object'
        ? { ...(existing as object), ...value }
        : value;
  }
  return RuntimeConfig.parse(next);
}
