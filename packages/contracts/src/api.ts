import { z } from 'zod';
import { AccountMode, DecimalString, Side, Symbol } from './primitives';
import { Truth } from './truth';

export const API_PREFIX = '/api/v1';

/** The phrase an operator types to switch to Live; README documents it verbatim. */
export const LIVE_CONFIRMATION_PHRASE = 'I UNDERSTAND THIS TRADES REAL MONEY';

export const AccountModeRequest = z.strictObject({
  mode: AccountMode,
  confirm: z.string().max(200).optional(),
});
export type AccountModeRequest = z.infer<typeof AccountModeRequest>;

export const ControlRequest = z.strictObject({
  reason: z.string().max(500).optional(),
});
export type ControlRequest = z.infer<typeof ControlRequest>;

/**
 * Reset an automatic breaker trip (daily loss, losing streak) and the losing streak: skips the
 * cool-down and the half-open trial, so it needs `confirm: true`. Resume never does this.
 */
export const ResetBreakerRequest = z.strictObject({
  confirm: z.boolean().optional(),
  reason: z.string().max(500).optional(),
});
export type ResetBreakerRequest = z.infer<typeof ResetBreakerRequest>;

export const ManualProposalRequest = z.strictObject({
  symbol: Symbol,
  side: Side,
  /** Quantity in the base asset; when omitted the risk engine sizes the trade. */
  quantity: DecimalString.optional(),
  /** Limit price; when omitted the current best price is used. */
  price: DecimalString.optional(),
  stop_price: DecimalString.optional(),
  take_profit_price: DecimalString.optional(),
  order_type: z.enum(['LIMIT', 'MARKET']).optional(),
});
export type ManualProposalRequest = z.infer<typeof ManualProposalRequest>;

export const ClosePositionRequest = z.strictObject({
  /** Part of the open quantity to close; all of it when omitted. */
  quantity: DecimalString.optional(),
  reason: z.string().max(200).optional(),
});
export type ClosePositionRequest = z.infer<typeof ClosePositionRequest>;

export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
  truth: Truth,
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  live: z.boolean(),
  ready: z.boolean(),
  checks: z.object({
    database: z.boolean(),
    venue: z.boolean(),
    last_reconcile_age_ms: z.number().nullable(),
  }),
  truth: Truth,
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** Query for paged lists (orders, trades, decisions, actions). */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const DecisionQuery = PageQuery.extend({
  outcome: z.enum(['ALLOW', 'BLOCK']).optional(),
  layer: z.enum(['DATA_QUALITY', 'INSURANCE', 'RISK', 'EXECUTION_QUALITY']).optional(),
  symbol: Symbol.optional(),
  /** The proposer: a strategy's name, or 'manual'. */
  strategy: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'must be a strategy name such as ema-cross, or manual')
    .optional(),
});
export type DecisionQuery = z.infer<typeof DecisionQuery>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), truth: Truth });
