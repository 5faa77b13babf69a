import { z } from 'zod';
import { StateSnapshot } from './state';
import { BacktestRunSummary } from './backtest';

/** First client message on /api/v1/ws when the token is not in Sec-WebSocket-Protocol. */
export const WsAuthMessage = z.strictObject({ type: z.literal('auth'), token: z.string().min(1).max(512) });
export const WsPingMessage = z.strictObject({ type: z.literal('ping'), id: z.number().int() });
export const WsClientMessage = z.discriminatedUnion('type', [WsAuthMessage, WsPingMessage]);
export type WsClientMessage = z.infer<typeof WsClientMessage>;

/** Sec-WebSocket-Protocol carries `aurora.v1` plus `aurora.token.<token>` so the token stays out of URLs. */
export const WS_PROTOCOL = 'aurora.v1';
export const WS_TOKEN_PROTOCOL_PREFIX = 'aurora.token.';

export const WsSnapshotMessage = z.object({
  type: z.literal('snapshot'),
  seq: z.number().int(),
  state: StateSnapshot,
});
export const WsPongMessage = z.object({ type: z.literal('pong'), id: z.number().int(), server_time: z.number() });
export const WsErrorMessage = z.object({ type: z.literal('error'), seq: z.number().int(), message: z.string() });
export const WsEventMessage = z.object({
  type: z.literal('event'),
  seq: z.number().int(),
  event: z.object({
    kind: z.enum([
      'TRADE_EXECUTED',
      'POSITION_OPENED',
      'POSITION_CLOSED',
      'RISK_BLOCKED',
      'BREAKER_TRIPPED',
      'RECONCILE_DRIFT',
      'ERROR',
      'ANOMALY',
    ]),
    message: z.string(),
    at: z.number(),
    /** Machine-readable figures (decimal strings, ids) for notifications; the message is for people. */
    data: z.record(z.string(), z.string()).optional(),
  }),
});
/** A backtest's progress and outcome: pushed as it runs (throttled) and once when it ends. */
export const WsBacktestMessage = z.object({
  type: z.literal('backtest'),
  seq: z.number().int(),
  run: BacktestRunSummary,
});
export const WsServerMessage = z.discriminatedUnion('type', [
  WsSnapshotMessage,
  WsPongMessage,
  WsErrorMessage,
  WsEventMessage,
  WsBacktestMessage,
]);
export type WsServerMessage = z.infer<typeof WsServerMessage>;
export type WsEventMessage = z.infer<typeof WsEventMessage>;
export type WsBacktestMessage = z.infer<typeof WsBacktestMessage>;
