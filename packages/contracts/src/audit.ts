import { z } from 'zod';
import { DecimalString, IntentStatus, OrderStatus, PositionStatus, Side } from './primitives';

const Ts = z.number().int().nonnegative();

/**
 * The books audit: the bot's books compared with the venue's truth.
 * A1 booked fills = the venue's fills per order; A2 open quantity ≤ venue balance − baseline;
 * A3 order state agrees (no terminal intent with a live order, no pending position without one);
 * A4 every closed position reached risk exactly once; A5 no clientOrderId on two venue orders.
 */
export const AuditCheck = z.enum(['A1', 'A2', 'A3', 'A4', 'A5']);
export type AuditCheck = z.infer<typeof AuditCheck>;

export const AuditViolationDto = z.object({
  check: AuditCheck,
  symbol: z.string().nullable(),
  ref: z.string(),
  detail: z.string(),
});
export type AuditViolationDto = z.infer<typeof AuditViolationDto>;

export const AuditResult = z.object({
  id: z.string(),
  trigger: z.enum(['RECONCILE', 'MANUAL']),
  /** True when the audit ran and found nothing. */
  ok: z.boolean(),
  at: Ts,
  violations: z.array(AuditViolationDto),
  checked: z.object({
    positions: z.number().int(),
    intents: z.number().int(),
    orders: z.number().int(),
    assets: z.number().int(),
  }),
  skipped: z.number().int(),
  /** Why the audit could not run (the venue's truth could not be read); null when it ran. */
  error: z.string().nullable(),
});
export type AuditResult = z.infer<typeof AuditResult>;

export const AuditResponse = z.object({ result: AuditResult }); // POST /audit

/** The bot's books in the auditor's terms (GET /audit/books): what an outside auditor compares. */
export const AuditBooksDto = z.object({
  at: Ts,
  symbols: z.array(
    z.object({ symbol: z.string(), base_asset: z.string(), step_size: DecimalString.nullable() }),
  ),
  positions: z.array(
    z.object({
      id: z.string(),
      symbol: z.string(),
      side: Side,
      status: PositionStatus,
      entry_client_order_id: z.string(),
      exit_client_order_ids: z.array(z.string()),
      filled_qty: DecimalString,
      exited_qty: DecimalString,
      avg_entry_price: DecimalString.nullable(),
      avg_exit_price: DecimalString.nullable(),
      open_qty: DecimalString,
      updated_at: Ts,
      closed_at: Ts.nullable(),
    }),
  ),
  intents: z.array(
    z.object({
      id: z.string(),
      symbol: z.string(),
      position_id: z.string().nullable(),
      intent_status: IntentStatus,
      status: OrderStatus.nullable(),
      updated_at: Ts,
    }),
  ),
  risk_receipts: z.object({ horizon: Ts, counts: z.record(z.string(), z.number().int()) }),
  baseline: z.record(z.string(), DecimalString),
});
export type AuditBooksDto = z.infer<typeof AuditBooksDto>;
