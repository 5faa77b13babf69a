import type { ExchangeOrder, ExchangePort } from './exchange-port';
import type { CancelSummary, ExecutionAnomaly } from './execution-requests';
import type { TradeIntent } from './intent';
import type { SynthFill } from './report-synthesis';

/** ENTRY intents that may have a live order (a symbol's, or all). */
export const entryCancelTargets = (open: Iterable<TradeIntent>, symbol?: string): TradeIntent[] =>
  [...open].filter((i) => i.purpose === 'ENTRY' && (symbol === undefined || i.symbol === symbol));

/** Acknowledged LIMIT GTC entries at least maxAgeMs old (IOC and MARKET entries end by themselves). */
export const staleEntryTargets = (
  open: Iterable<TradeIntent>,
  now: number,
  maxAgeMs: number,
): TradeIntent[] =>
  [...open].filter(
    (i) =>
      i.purpose === 'ENTRY' &&
      i.status === 'ACKED' &&
      i.type === 'LIMIT' &&
      i.timeInForce === 'GTC' &&
      now - i.createdAt >= maxAgeMs,
  );

/** What cancelling needs from the engine. */
export interface CancelContext {
  readonly exchange: ExchangePort;
  applyOrderTruth(intent: TradeIntent, order: ExchangeOrder, fills: SynthFill[]): void;
  fillsOf(intent: TradeIntent, order: ExchangeOrder): Promise<SynthFill[]>;
  anomaly(a: ExecutionAnomaly): void;
}

/**
 * Cancels intents' orders and folds each answer into the books at once (the cancel response
 * carries the final executedQty). An intent still waiting for its acknowledgement cannot be
 * cancelled reliably, so it is remembered and cancelled the moment it is acknowledged or found.
 */
export class OrderCanceller {
  /** Intents to cancel on acknowledgement; each leaves the set when its submission ends. */
  private readonly onAck = new Set<string>();
  /** Cancels in flight, so a timer and a KILL never send two for the same order. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly ctx: CancelContext) {}

  async cancelAll(targets: readonly TradeIntent[], includeUnacknowledged: boolean): Promise<CancelSummary> {
    const summary: CancelSummary = { cancelled: [], deferred: [], failed: [] };
    await Promise.all(
      targets.map(async (i) => {
        if (i.status !== 'ACKED') {
          if (!includeUnacknowledged) return;
          this.onAck.add(i.id);
          summary.deferred.push(i.id);
          return;
        }
        const err = await this.cancel(i);
        if (err === null) summary.cancelled.push(i.id);
        else summary.failed.push({ intentId: i.id, error: err });
      }),
    );
    return summary;
  }

  /** Called when an intent's submission ended: cancels it if a KILL asked for that meanwhile. */
  async afterSubmission(intent: TradeIntent): Promise<void> {
    if (this.onAck.delete(intent.id) && intent.status === 'ACKED') await this.cancel(intent);
  }

  /** Cancel one intent's order; on failure (typically -2011: it filled or ended), learn its truth. */
  async cancel(intent: TradeIntent): Promise<Error | null> {
    if (this.inFlight.has(intent.id)) return null;
    this.inFlight.add(intent.id);
    try {
      const order = await this.ctx.exchange.cancelOrder({ symbol: intent.symbol, clientOrderId: intent.id });
      // The cancel answer carries the final executedQty but not its trades: fills we have not
      // booked yet (a stop that traded while we cancelled it) are fetched first, so an exit
      // sized right after this sees them.
      const fills = order.executedQty.gt(intent.filledQty) ? await this.fillsOfSafely(intent, order) : [];
      this.ctx.applyOrderTruth(intent, order, fills);
      return null;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.ctx.anomaly({ kind: 'CANCEL_FAILED', intentId: intent.id, detail: error.message, error });
      await this.refresh(intent);
      return error;
    } finally {
      this.inFlight.delete(intent.id);
    }
  }

  private async fillsOfSafely(intent: TradeIntent, order: ExchangeOrder): Promise<SynthFill[]> {
    try {
      return await this.ctx.fillsOf(intent, order);
    } catch {
      // Without the trades the order's cumulative figures still book the quantity (one fill).
      return [];
    }
  }

  private async refresh(intent: TradeIntent): Promise<void> {
    try {
      const order = await this.ctx.exchange.getOrder({ symbol: intent.symbol, clientOrderId: intent.id });
      if (order !== null) this.ctx.applyOrderTruth(intent, order, await this.ctx.fillsOf(intent, order));
    } catch {
      // The reconciler settles it on its next pass.
    }
  }
}
