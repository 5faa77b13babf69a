import { z } from 'zod';
import { NotifyEventKind, RuntimeConfig } from './runtime-config';
import {
  Candle,
  ControlAction,
  DecisionEnvelope,
  ErrorEntry,
  LatencyStats,
  OrderDto,
  PositionDto,
  RateLimitDto,
  ReconcileResult,
  RiskStateDto,
  StateSnapshot,
  TcaDto,
  TcaSummary,
  TradeDto,
} from './state';
import { Page } from './api';
import { Truth } from './truth';
import { AccountMode, DecimalString, Side, TradingMode } from './primitives';

/*
 * Response bodies of the bot API (base /api/v1). One schema per route, shared by the server
 * (which builds them) and the dashboard (which parses them).
 */

export const StateResponse = StateSnapshot; // GET /state: the snapshot carries its own truth
export const ConfigResponse = z.object({ config: RuntimeConfig, truth: Truth }); // GET, PATCH /config
export const ConfigSchemaResponse = z.object({ schema: z.record(z.string(), z.unknown()), truth: Truth });
export const ControlResponse = z.object({
  trading_mode: TradingMode,
  account_mode: AccountMode,
  action: ControlAction,
  truth: Truth,
}); // POST /control/pause|resume|kill|account-mode
export const HeartbeatResponse = z.object({ ok: z.literal(true), next_deadline_at: z.number().nullable(), truth: Truth });
export const ErrorsResponse = Page(ErrorEntry); // GET /errors
export const PositionsResponse = Page(PositionDto); // GET /positions?status=open|closed|all
export const PositionDetailResponse = z.object({
  position: PositionDto,
  decision: DecisionEnvelope.nullable(),
  orders: z.array(OrderDto),
  trades: z.array(TradeDto),
  truth: Truth,
}); // GET /positions/:id
export const ClosePositionResponse = z.object({ position: PositionDto, intent_id: z.string(), truth: Truth });
export const OrdersResponse = Page(OrderDto); // GET /orders?status=open|all&symbol=
export const TradesResponse = Page(TradeDto); // GET /trades?symbol=
export const DecisionsResponse = Page(DecisionEnvelope); // GET /decisions?outcome=&layer=&symbol=
export const DecisionResponse = z.object({ decision: DecisionEnvelope, truth: Truth }); // GET /decisions/:id
export const RiskResponse = z.object({ risk: RiskStateDto, truth: Truth });
export const RateLimitsResponse = z.object({ rate_limits: RateLimitDto, truth: Truth });
export const TcaResponse = z.object({
  summary: TcaSummary,
  trades: z.array(z.object({ position_id: z.string(), symbol: z.string(), tca: TcaDto })),
  truth: Truth,
});
export const LatencyResponse = z.object({ latency: z.array(LatencyStats), truth: Truth });
export const ControlActionsResponse = Page(ControlAction); // GET /control-actions
export const ReconcileResponse = z.object({ result: ReconcileResult, truth: Truth }); // POST /reconcile
export const ProposalResponse = z.object({ decision: DecisionEnvelope, truth: Truth }); // POST /proposals
export const CandlesResponse = z.object({
  symbol: z.string(),
  candles: z.array(Candle),
  markers: z.array(
    z.object({
      t: z.number(),
      side: Side,
      price: DecimalString,
      kind: z.enum(['ENTRY', 'EXIT']),
      position_id: z.string(),
    }),
  ),
  truth: Truth,
}); // GET /candles?symbol=BTCUSDT&limit=120

/** A webhook delivery that ran out of attempts, was refused for good, or was pushed out of the full queue. */
export const FailedDelivery = z.object({
  id: z.string(),
  webhook_id: z.string(),
  /** The host only: Discord and Slack webhook URLs carry their secret in the path. */
  host: z.string(),
  format: z.enum(['json', 'discord', 'slack']),
  kind: NotifyEventKind,
  title: z.string(),
  attempts: z.number().int(),
  first_attempt_at: z.number().nullable(),
  failed_at: z.number(),
  last_error: z.string(),
});
export type FailedDelivery = z.infer<typeof FailedDelivery>;

/** GET /notifications: the channels' health and the failed webhook deliveries, newest first. */
export const NotificationsResponse = z.object({
  telegram: z.object({
    enabled: z.boolean(),
    polling: z.boolean(),
    chats: z.number().int(),
    sent: z.number().int(),
    send_failures: z.number().int(),
    /** Updates from chats that are not configured: ignored, never answered. */
    ignored_updates: z.number().int(),
    last_error: z.string().nullable(),
  }),
  webhooks: z.object({
    configured: z.number().int(),
    pending: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    dropped: z.number().int(),
  }),
  failed_deliveries: z.array(FailedDelivery),
  truth: Truth,
});
export type NotificationsResponse = z.infer<typeof NotificationsResponse>;
