import { z } from 'zod';

/** A decimal number carried as a string, as Binance sends it: money never travels as a float. */
export const DecimalString = z
  .string()
  .max(64)
  .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number written as a string, e.g. "12.50"');
export type DecimalString = z.infer<typeof DecimalString>;

/** A non-negative money amount as a string: at most 15 integer and 10 decimal digits. */
export const MoneyAmount = z
  .string()
  .regex(/^\d{1,15}(\.\d{1,10})?$/, 'must be a non-negative amount written as a string, e.g. "1500" (at most 15 digits, 10 decimals)');

/** A money limit: a MoneyAmount greater than zero. */
export const MoneyLimit = MoneyAmount.refine((v) => /[1-9]/.test(v), 'must be greater than zero');

/** Milliseconds since the Unix epoch. */
export const EpochMs = z.number().int().nonnegative();

export const Symbol = z
  .string()
  .min(2)
  .max(20)
  .regex(/^[A-Z0-9]+$/, 'must be an upper-case Binance symbol such as BTCUSDT');

export const Side = z.enum(['BUY', 'SELL']);
export type Side = z.infer<typeof Side>;

export const TradingMode = z.enum(['RUNNING', 'PAUSED', 'KILLED']);
export type TradingMode = z.infer<typeof TradingMode>;

export const AccountMode = z.enum(['DEMO', 'LIVE']);
export type AccountMode = z.infer<typeof AccountMode>;

/** sim: our simulator; testnet: Binance Spot Testnet; demo: Binance Demo Mode (fake funds, real prices); live: real money. */
export const VenueKind = z.enum(['sim', 'testnet', 'demo', 'live']);
export type VenueKind = z.infer<typeof VenueKind>;

/** Binance's order statuses, verbatim. */
export const OrderStatus = z.enum([
  'NEW',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELED',
  'PENDING_CANCEL',
  'REJECTED',
  'EXPIRED',
  'EXPIRED_IN_MATCH',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderType = z.enum([
  'LIMIT',
  'MARKET',
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
  'LIMIT_MAKER',
]);
export type OrderType = z.infer<typeof OrderType>;

export const TimeInForce = z.enum(['GTC', 'IOC', 'FOK']);
export type TimeInForce = z.infer<typeof TimeInForce>;

export const IntentStatus = z.enum(['CREATED', 'SUBMITTING', 'ACKED', 'REJECTED', 'UNKNOWN', 'NOT_FOUND']);
export type IntentStatus = z.infer<typeof IntentStatus>;

export const PositionStatus = z.enum([
  'Pending',
  'PartiallyFilled',
  'Open',
  'Closing',
  'Closed',
  'Cancelled',
  'Error',
]);
export type PositionStatus = z.infer<typeof PositionStatus>;

export const RiskMode = z.enum(['Normal', 'Elevated', 'Critical', 'CircuitBroken']);
export type RiskMode = z.infer<typeof RiskMode>;

export const BreakerState = z.enum(['Closed', 'Open', 'HalfOpen']);
export type BreakerState = z.infer<typeof BreakerState>;

export const GateName = z.enum(['DATA_QUALITY', 'INSURANCE', 'RISK', 'EXECUTION_QUALITY']);
export type GateName = z.infer<typeof GateName>;

export const Verdict = z.enum(['ALLOW', 'BLOCK']);
export type Verdict = z.infer<typeof Verdict>;
