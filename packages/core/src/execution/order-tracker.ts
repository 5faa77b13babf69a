import type { Clock } from '../clock';
import type { IllegalTransition } from '../orders/transitions';
import type { ExchangeOrder } from './exchange-port';
import type { PositionPort } from './execution-ports';
import type { EngineStats, ExecutionAnomaly } from './execution-requests';
import type { TradeIntent } from './intent';
import type { IntentBook } from './intent-book';
import { acknowledge, markIntentNotFound } from './intent-lifecycle';
import { applyReport, type ReportApplication } from './report-application';
import { reportsForOrder, type SynthFill } from './report-synthesis';
import type { ExecutionReport } from './user-stream-events';

/**
 * Follows what orders did: user-stream reports, and the exchange's answers (acknowledgements,
 * cancel responses, adopted phantoms, reconciliation), all folded into intents and positions
 * through one report path.
 */
export class OrderTracker<TUpdate> {
  constructor(
    private readonly book: IntentBook,
    private readonly positions: PositionPort<TUpdate>,
    private readonly clock: Clock,
    private readonly stats: EngineStats,
    private readonly onAnomaly: (a: ExecutionAnomaly) => void,
  ) {}

  /** The hot path for every order update from the stream (and for synthesized ones). Idempotent. */
  onExecutionReport(r: ExecutionReport): ReportApplication<TUpdate> {
    // A cancel report names the cancelled order in origClientOrderId (Binance's `C`).
    const id =
      r.origClientOrderId !== null && r.origClientOrderId !== '' ? r.origClientOrderId : r.clientOrderId;
    const intent = this.book.get(id) ?? (id === r.clientOrderId ? undefined : this.book.get(r.clientOrderId));
    if (intent === undefined)
      return { intent: null, effect: null, position: this.positions.onExecutionReport(r) };
    return this.apply(intent, r, true);
  }

  /** Fold the exchange's truth about an order (and any fills we hold) into its intent and position. */
  applyOrderTruth(intent: TradeIntent, order: ExchangeOrder, fills: SynthFill[]): void {
    const now = this.clock.now();
    const illegal = acknowledge(intent, order.orderId, now);
    if (illegal !== null) this.illegal(intent.id, illegal);
    for (const r of reportsForOrder(order, fills, intent.filledQty, now)) this.apply(intent, r, false);
    // One write for the acknowledgement and everything it told us (hot path).
    this.book.save(intent);
  }

  adoptOrder(intentId: string, order: ExchangeOrder, fills: SynthFill[]): TradeIntent | null {
    const intent = this.book.get(intentId);
    if (intent === undefined) return null;
    this.applyOrderTruth(intent, order, fills);
    return intent;
  }

  markNotFound(intentId: string): TradeIntent | null {
    const intent = this.book.get(intentId);
    if (intent === undefined || intent.status === 'ACKED' || intent.status === 'NOT_FOUND')
      return intent ?? null;
    const illegal = markIntentNotFound(intent, this.clock.now());
    if (illegal !== null) {
      this.illegal(intentId, illegal);
      return intent;
    }
    intent.rejectReason = 'not found on the exchange (reconciliation)';
    this.book.save(intent);
    this.positions.onIntentFailed(intent.id);
    this.stats.notFound++;
    return intent;
  }

  private apply(intent: TradeIntent, r: ExecutionReport, persist: boolean): ReportApplication<TUpdate> {
    const result = applyReport(intent, r, this.clock.now(), this.positions, (err) =>
      this.onAnomaly({
        kind: 'PROTECTIVE_NOT_REGISTERED',
        intentId: intent.id,
        detail: err.message,
        error: err,
      }),
    );
    if (persist && result.effect?.changed) this.book.save(intent);
    if (result.effect?.illegal) this.illegal(intent.id, result.effect.illegal);
    return result;
  }

  private illegal(intentId: string, err: IllegalTransition): void {
    this.stats.illegalTransitions++;
    this.onAnomaly({ kind: 'ILLEGAL_TRANSITION', intentId, detail: err.message, error: err });
  }
}
