import type { Decimal } from 'decimal.js';
import type { Clock } from '../clock';
import { ZERO } from '../money/decimal';
import { isLiveTrack, remainingQty, type OrderTrack } from './order-track';
import type { Position, PositionState } from './position';
import { DuplicateOrder, DuplicatePosition, InvalidPositionInput, UnknownPosition } from './position-errors';
import type { TradingCalendar } from '../trading-calendar';
import { DailyPnlLedger, type DailyPnlEntry } from './pnl-ledger';
import { fromPositionRecord, toPositionRecord, type PositionRecord } from './position-record';

export interface RestoreResult {
  restored: number;
  rejected: { id: string; error: Error }[];
  rejectedDays: DailyPnlEntry[];
}

export interface PositionEngineStats {
  illegalTransitions: number;
  duplicateReports: number;
  /** Reports for orders no position follows (the reconciler deals with orphans). */
  unknownReports: number;
  /** Reports whose cumulative quantity is behind what was already booked. */
  staleReports: number;
}

export type MarkPrices = (symbol: string) => Decimal | null;

const FINISHED = new Set(['Closed', 'Cancelled']);

const orderKey = (symbol: string, orderId: string): string => `${symbol}:${orderId}`;

/**
 * The PositionEngine's storage: positions, O(1) indexes by orderId and clientOrderId, the
 * bounded memory of finished positions, the daily PnL ledger, and every read-only query.
 */
export abstract class PositionBook {
  protected readonly positions = new Map<string, PositionState>();
  protected readonly tracksByClientId = new Map<string, OrderTrack>();
  /** Keyed by symbol + orderId: Binance numbers orders per symbol, so two symbols share ids. */
  private readonly tracksByOrderId = new Map<string, OrderTrack>();
  /** Finished position ids, oldest first (a Set keeps insertion order). */
  private readonly finished = new Set<string>();
  protected readonly ledger: DailyPnlLedger;
  protected readonly counters: PositionEngineStats = {
    illegalTransitions: 0,
    duplicateReports: 0,
    unknownReports: 0,
    staleReports: 0,
  };

  protected constructor(
    protected readonly clock: Clock,
    protected readonly quoteAsset: string,
    calendar: TradingCalendar,
    private readonly maxFinished: number,
    protected readonly dedupCapacity: number,
  ) {
    this.ledger = new DailyPnlLedger(calendar);
  }

  get illegalTransitions(): number {
    return this.counters.illegalTransitions;
  }

  stats(): PositionEngineStats {
    return { ...this.counters };
  }

  getPosition(id: string): Position | undefined {
    return this.positions.get(id);
  }

  /** Every position not Closed or Cancelled (Error positions included: they may hold units). */
  getOpenPositions(): Position[] {
    const out: Position[] = [];
    for (const p of this.positions.values()) if (!FINISHED.has(p.status)) out.push(p);
    return out;
  }

  /** Every position in memory, finished ones included (bounded by maxFinishedPositions). */
  getAllPositions(): Position[] {
    return [...this.positions.values()];
  }

  findByOrderId(symbol: string, orderId: string): Position | undefined {
    const t = this.trackByOrderId(symbol, orderId);
    return t && this.positions.get(t.positionId);
  }

  findByClientOrderId(clientOrderId: string): Position | undefined {
    const t = this.tracksByClientId.get(clientOrderId);
    return t && this.positions.get(t.positionId);
  }

  /** Gross quote value of all open units at mark; a symbol without a mark counts at its cost basis. */
  getTotalExposure(marks: MarkPrices): Decimal {
    let total = ZERO;
    for (const v of Object.values(this.exposureBySymbol(marks))) total = total.plus(v);
    return total;
  }

  exposureBySymbol(marks: MarkPrices): Record<string, Decimal> {
    const out: Record<string, Decimal> = {};
    for (const p of this.positions.values()) {
      if (FINISHED.has(p.status) || p.openQty.isZero()) continue;
      const mark = marks(p.symbol);
      const value = mark === null ? p.costBasis : p.openQty.mul(mark);
      out[p.symbol] = (out[p.symbol] ?? ZERO).plus(value.abs());
    }
    return out;
  }

  /** Unrealized PnL of all open units; symbols without a mark contribute nothing. */
  getUnrealizedPnl(marks: MarkPrices): Decimal {
    let total = ZERO;
    for (const p of this.positions.values()) {
      if (FINISHED.has(p.status) || p.openQty.isZero()) continue;
      const mark = marks(p.symbol);
      if (mark !== null) total = total.plus(p.unrealizedPnl(mark));
    }
    return total;
  }

  /** Realized PnL (commissions included) booked during the current trading day. */
  getPnlToday(): Decimal {
    return this.ledger.realizedOn(this.clock.now());
  }

  /** Every position in memory in its persistable form. */
  records(): PositionRecord[] {
    return [...this.positions.values()].map((p) => toPositionRecord(p, this.tracksOf(p)));
  }

  record(id: string): PositionRecord | undefined {
    const p = this.positions.get(id);
    return p && toPositionRecord(p, this.tracksOf(p));
  }

  /** Realized PnL per trading day (recent days only), for persistence. */
  dailyPnl(): DailyPnlEntry[] {
    return this.ledger.entries();
  }

  /**
   * Replace the engine's state with positions loaded from the database at start-up (then
   * reconcile). Malformed records are skipped and returned with a typed error, never thrown.
   */
  restore(records: readonly PositionRecord[], dailyPnl: readonly DailyPnlEntry[] = []): RestoreResult {
    this.clearAll();
    const rejected: RestoreResult['rejected'] = [];
    const byAge = [...records].sort((a, b) => (a.closedAt ?? a.updatedAt) - (b.closedAt ?? b.updatedAt));
    for (const rec of byAge) {
      try {
        const { position, tracks } = fromPositionRecord(rec, this.dedupCapacity);
        this.assertNew(position.id, position.entryClientOrderId);
        for (const t of tracks.slice(1)) this.assertNew(null, t.clientOrderId);
        this.insert(position, tracks);
      } catch (error) {
        rejected.push({
          id: String(rec?.id),
          error: error instanceof Error ? error : new Error(String(error)),
        });
      }
    }
    const rejectedDays = this.ledger.load(dailyPnl);
    return { restored: records.length - rejected.length, rejected, rejectedDays };
  }

  protected trackByOrderId(symbol: string, orderId: string): OrderTrack | undefined {
    return this.tracksByOrderId.get(orderKey(symbol, orderId));
  }

  protected mustGet(id: string): PositionState {
    const p = this.positions.get(id);
    if (p === undefined) throw new UnknownPosition(id);
    return p;
  }

  protected assertNew(positionId: string | null, clientOrderId: string): void {
    if (positionId !== null && this.positions.has(positionId)) throw new DuplicatePosition(positionId);
    if (this.tracksByClientId.has(clientOrderId)) throw new DuplicateOrder(clientOrderId);
  }

  /** The base asset of a symbol quoted in our quote asset (BTCUSDT → BTC). */
  protected baseAssetOf(symbol: string): string {
    if (symbol.length <= this.quoteAsset.length || !symbol.endsWith(this.quoteAsset))
      throw new InvalidPositionInput('symbol', `${symbol} is not quoted in ${this.quoteAsset}`);
    return symbol.slice(0, symbol.length - this.quoteAsset.length);
  }

  protected insert(p: PositionState, tracks: OrderTrack[]): void {
    this.positions.set(p.id, p);
    for (const t of tracks) this.indexTrack(p.symbol, t);
    if (FINISHED.has(p.status)) this.finish(p.id);
  }

  protected addTrack(p: PositionState, t: OrderTrack): void {
    p.exitClientOrderIds.push(t.clientOrderId);
    this.indexTrack(p.symbol, t);
  }

  /** Learns an order's exchange id the first time a report names it; true when it was new. */
  protected bindOrderId(p: PositionState, t: OrderTrack, orderId: string): boolean {
    if (t.orderId !== null) return false;
    t.orderId = orderId;
    this.tracksByOrderId.set(orderKey(p.symbol, orderId), t);
    if (t.role === 'ENTRY') p.entryOrderId = orderId;
    else p.exitOrderIds.push(orderId);
    return true;
  }

  protected tracksOf(p: PositionState): OrderTrack[] {
    const out: OrderTrack[] = [];
    for (const id of [p.entryClientOrderId, ...p.exitClientOrderIds]) {
      const t = this.tracksByClientId.get(id);
      if (t) out.push(t);
    }
    return out;
  }

  /** Open quantity not yet spoken for by working exit orders. */
  protected closableQty(p: PositionState): Decimal {
    let pending = ZERO;
    for (const id of p.exitClientOrderIds) {
      const t = this.tracksByClientId.get(id);
      if (t) pending = pending.plus(remainingQty(t));
    }
    const available = p.openQty.minus(pending);
    return available.gt(0) ? available : ZERO;
  }

  protected hasOtherLiveExit(p: PositionState, track: OrderTrack): boolean {
    for (const id of p.exitClientOrderIds) {
      const t = this.tracksByClientId.get(id);
      if (t !== undefined && t !== track && isLiveTrack(t)) return true;
    }
    return false;
  }

  protected finish(id: string): void {
    this.finished.delete(id);
    this.finished.add(id);
    while (this.finished.size > this.maxFinished) {
      const oldest = this.finished.values().next().value as string;
      this.forget(oldest);
    }
  }

  protected unfinish(id: string): void {
    this.finished.delete(id);
  }

  protected clearAll(): void {
    this.positions.clear();
    this.tracksByClientId.clear();
    this.tracksByOrderId.clear();
    this.finished.clear();
  }

  private indexTrack(symbol: string, t: OrderTrack): void {
    this.tracksByClientId.set(t.clientOrderId, t);
    if (t.orderId !== null) this.tracksByOrderId.set(orderKey(symbol, t.orderId), t);
  }

  private forget(id: string): void {
    this.finished.delete(id);
    const p = this.positions.get(id);
    if (p === undefined) return;
    for (const t of this.tracksOf(p)) {
      this.tracksByClientId.delete(t.clientOrderId);
      if (t.orderId !== null) this.tracksByOrderId.delete(orderKey(p.symbol, t.orderId));
    }
    this.positions.delete(id);
  }
}
