import type { Clock } from '../clock';
import type { IllegalTransition } from '../orders/transitions';
import type { ExchangeOrder } from './exchange-port';
import type { OutcomeSink, PositionPort } from './execution-ports';
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
 * through one report path. Every report applied, whichever path brought it, is handed to the
 * one outcome sink: that is how a trade closed by a REST answer reaches risk exactly like one
 * closed by the stream (the PositionEngine reports each close exactly once).
 */
export class OrderTracker<TUpdate> {
  constructor(
    private readonly book: IntentBook,
    private readonly positions: PositionPort<TUpdate>,
    private readonly clock: Clock,
    private readonly stats: EngineStats,
    private readonly onAnomaly: (a: ExecutionAnomaly) => void,
    private readonly onOutcome: OutcomeSink<TUpdate>,
  ) {}

  /** The hot path for every order update from the stream (and for synthesized ones). Idempotent. */
  onExecutionReport(r: ExecutionReport): ReportApplication<TUpdate> {
    return this.book.atomically(() => this.applyStreamReport(r));
  }

  private applyStreamReport(r: ExecutionReport): ReportApplication<TUpdate> {
    // A cancel report names the cancelled order in origClientOrderId (Binance's `C`).
    const id =
      r.origClientOrderId !== null && r.origClientOrderId !== '' ? r.origClientOrderId : r.clientOrderId;
    const intent = this.book.get(id) ?? (id === r.clientOrderId ? undefined : this.book.get(r.clientOrderId));
    const result: ReportApplication<TUpdate> =
      intent === undefined
        ? { report: r, intent: null, effect: null, position: this.positions.onExecutionReport(r) }
        : this.apply(intent, r, true);
    this.emit(result);
    return result;
  }

  /** Fold the exchange's truth about an order (and any fills we hold) into its intent and position. */
  applyOrderTruth(intent: TradeIntent, order: ExchangeOrder, fills: SynthFill[]): void {
    this.book.atomically(() => this.foldOrderTruth(intent, order, fills));
  }

  private foldOrderTruth(intent: TradeIntent, order: ExchangeOrder, fills: SynthFill[]): void {
    const now = this.clock.now();
    const illegal = acknowledge(intent, order.orderId, now);
    if (illegal !== null) this.illegal(intent.id, illegal);
    // Stamped with the exchange's time for the order where it gave one, like the stream's reports.
    const at = order.updateTime > 0 ? order.updateTime : order.time > 0 ? order.time : now;
    const applied = reportsForOrder(order, fills, intent.filledQty, at).map((r) =>
      this.apply(intent, r, false),
    );
    // One write for the acknowledgement and everything it told us (hot path), then the sink:
    // what it does (risk, persistence, broadcasts) sees the intent as stored.
    this.book.save(intent);
    for (const a of applied) this.emit(a);
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

  /** The sink is the app's code: its failure is reported, never allowed to undo what was applied. */
  private emit(applied: ReportApplication<TUpdate>): void {
    try {
      this.onOutcome(applied);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.onAnomaly({
        kind: 'OUTCOME_SINK_FAILED',
        intentId: applied.intent?.id ?? null,
        detail: error.message,
        error,
      });
    }
  }

  private illegal(intentId: string, err: IllegalTransition): void {
    this.stats.illegalTransitions++;
    this.onAnomaly({ kind: 'ILLEGAL_TRANSITION', intentId, detail: err.message, error: err });
  }
}
