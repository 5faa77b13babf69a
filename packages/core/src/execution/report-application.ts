import type { PositionPort } from './execution-ports';
import type { TradeIntent } from './intent';
import { applyReportToIntent, type IntentReportEffect } from './intent-lifecycle';
import type { ExecutionReport } from './user-stream-events';

export interface ReportApplication<TUpdate> {
  /** The report applied: from the stream, or synthesized from one of the exchange's answers. */
  report: ExecutionReport;
  /** null: the report is for an order none of our intents placed (the reconciler calls it an orphan). */
  intent: TradeIntent | null;
  effect: IntentReportEffect | null;
  /** What the PositionEngine made of it; absent when the report told nothing new. */
  position?: TUpdate;
}

/**
 * One report → its intent → the position. The intent is the first filter: a report that neither
 * moves the order's status nor advances its cumulative fill is a repeat (from the stream, or of
 * something a FULL response or the reconciler already delivered) and goes no further. The
 * PositionEngine deduplicates again by orderId + trade/execution id.
 */
export function applyReport<TUpdate>(
  intent: TradeIntent,
  r: ExecutionReport,
  now: number,
  positions: PositionPort<TUpdate>,
  onRegisterFailed: (err: Error) => void,
): ReportApplication<TUpdate> {
  const effect = applyReportToIntent(intent, r, now);
  if (!effect.statusChanged && !effect.fillAdvanced) return { report: r, intent, effect };
  // A protective stop joins its position as an exit only once it trades (see placeProtectiveOrder).
  if (
    intent.purpose === 'PROTECTIVE' &&
    effect.fillAdvanced &&
    effect.firstFill &&
    intent.positionId !== null
  ) {
    try {
      // Not registerExitOrder: the bot's own exit may already hold the closable quantity, and a
      // fill the venue made must be booked all the same (an overfill shows as Error).
      positions.registerProtectiveFill(intent.positionId, intent.id, intent.quantity);
    } catch (err) {
      onRegisterFailed(err instanceof Error ? err : new Error(String(err)));
    }
  }
  return { report: r, intent, effect, position: positions.onExecutionReport(r) };
}
