import type { AuditBooksDto, AuditCheck, AuditResult } from '@aurora/contracts';
import {
  auditBooks,
  auditBooksToDto,
  Dec,
  readVenueTruth,
  type AuditBooks,
  type BookedIntent,
  type BookedPosition,
  type Position,
  type TradeIntent,
} from '@aurora/core';
import type { KernelParts } from './kernel-parts';

/** Finished positions audited besides the open ones (the most recent first). */
const RECENT_FINISHED = 20;
const CHECKS: readonly AuditCheck[] = ['A1', 'A2', 'A3', 'A4', 'A5'];

/**
 * The books audit in the running bot: after every reconcile and on demand (POST /audit), it
 * reads the venue's truth through the ExchangePort (bounded: see readVenueTruth), runs the core
 * auditor and makes every violation visible: an error in recent_errors, the audit gauges, the
 * AUDIT no-go reason (new entries wait, exits never do) until an audit is clean, and the
 * dashboard's reconciliation card. It never changes the books: a human reads the evidence.
 */
export class AuditFlow {
  private last: AuditResult | null = null;
  private running: Promise<AuditResult> | null = null;

  constructor(private readonly k: KernelParts) {}

  get lastResult(): AuditResult | null {
    return this.last;
  }

  /** One audit; a call while one runs joins it. */
  run(trigger: AuditResult['trigger']): Promise<AuditResult> {
    if (this.running !== null) return this.running;
    this.running = this.pass(trigger).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The books in the auditor's terms, as GET /audit/books answers them. */
  booksDto(): AuditBooksDto {
    return auditBooksToDto(this.books(), this.k.d.clock.now());
  }

  private async pass(trigger: AuditResult['trigger']): Promise<AuditResult> {
    const { d } = this.k;
    const exchange = this.k.venue?.exchange;
    const id = d.ids.uuid();
    if (!exchange) return this.publish(failed(id, trigger, d.clock.now(), 'no venue connected'));
    let result: AuditResult;
    try {
      const scope = this.books();
      const venue = await readVenueTruth(exchange, scope);
      // Our side read again after the venue's, so reports that arrived meanwhile are counted.
      const books = this.books();
      const now = d.clock.now();
      // What moved within the settle window is in flight (a report on its way): the next audit judges it.
      const settleMs = d.config.get().reconcile.audit_settle_ms;
      const report = auditBooks({ books, venue, now, settleMs });
      result = {
        id,
        trigger,
        ok: report.violations.length === 0,
        at: now,
        violations: report.violations,
        checked: report.checked,
        skipped: report.skipped,
        error: null,
      };
    } catch (err) {
      result = failed(id, trigger, d.clock.now(), `reading the venue failed: ${(err as Error).message}`);
    }
    return this.publish(result);
  }

  private publish(result: AuditResult): AuditResult {
    const { state, metrics, log } = this.k.d;
    this.last = result;
    metrics.auditRuns.inc({ result: result.error !== null ? 'error' : result.ok ? 'clean' : 'violations' });
    if (result.error !== null) {
      // Not knowing is not a violation: the no-go stays as the last completed audit left it.
      state.recordError('audit', 'AUDIT_FAILED', result.error);
      state.changed();
      return result;
    }
    for (const check of CHECKS)
      metrics.auditViolations.set({ check }, result.violations.filter((v) => v.check === check).length);
    for (const v of result.violations) {
      metrics.auditViolationsFound.inc({ check: v.check });
      state.recordError('audit', v.check, `${v.symbol ?? ''} ${v.ref}: ${v.detail}`.trim());
    }
    if (result.ok) state.clearNoGo('AUDIT');
    else {
      const checks = [...new Set(result.violations.map((v) => v.check))].join(', ');
      state.raiseNoGo('AUDIT', `Books audit found ${result.violations.length} violation(s) (${checks}): new entries wait until it is clean`);
      log.warn({ violations: result.violations.length, checks }, 'books audit: the books and the venue disagree');
      this.k.d.broadcast({
        kind: 'RECONCILE_DRIFT',
        message: `books audit: ${result.violations.length} violation(s) (${checks})`,
        at: result.at,
      });
    }
    state.changed();
    return result;
  }

  /** Open positions, the latest finished ones, and every intent they or the engine still hold. */
  private books(): AuditBooks {
    const { engines, d, venue } = this.k;
    const cfg = d.config.get();
    const all = engines.positions.getAllPositions();
    const open = all.filter((p) => p.status !== 'Closed' && p.status !== 'Cancelled');
    const finished = all
      .filter((p) => p.status === 'Closed' || p.status === 'Cancelled')
      .sort((a, b) => (b.closedAt ?? b.updatedAt) - (a.closedAt ?? a.updatedAt))
      .slice(0, RECENT_FINISHED);
    const positions = [...open, ...finished];
    const intents = new Map<string, TradeIntent>();
    for (const i of engines.intents.listOpen()) intents.set(i.id, i);
    for (const p of positions)
      for (const id of [p.entryClientOrderId, ...p.exitClientOrderIds]) {
        const i = intents.has(id) ? undefined : engines.intents.get(id);
        if (i) intents.set(id, i);
      }
    const symbols = [...new Set([...cfg.symbols, ...positions.map((p) => p.symbol)])].sort();
    return {
      symbols: symbols.map((symbol) => {
        const f = venue?.filters(symbol);
        const base = f?.baseAsset ?? (symbol.endsWith(cfg.quote_asset) ? symbol.slice(0, -cfg.quote_asset.length) : symbol);
        return { symbol, baseAsset: base, stepSize: f?.lotSize?.stepSize ?? null };
      }),
      positions: positions.map(bookedPosition),
      intents: [...intents.values()].map(bookedIntent),
      riskReceipts: {
        horizon: engines.risk.closedTrades.horizon,
        counts: engines.risk.closedTrades.counts(),
      },
      baseline: Object.fromEntries(Object.entries(cfg.reconcile.audit_baseline).map(([a, v]) => [a, new Dec(v)])),
    };
  }
}

const failed = (id: string, trigger: AuditResult['trigger'], at: number, error: string): AuditResult => ({
  id,
  trigger,
  ok: false,
  at,
  violations: [],
  checked: { positions: 0, intents: 0, orders: 0, assets: 0 },
  skipped: 0,
  error,
});

const bookedPosition = (p: Position): BookedPosition => ({
  id: p.id,
  symbol: p.symbol,
  side: p.side,
  status: p.status,
  entryClientOrderId: p.entryClientOrderId,
  exitClientOrderIds: [...p.exitClientOrderIds],
  filledQty: p.filledQty,
  exitedQty: p.exitedQty,
  avgEntryPrice: p.avgEntryPrice,
  avgExitPrice: p.avgExitPrice,
  openQty: p.openQty,
  updatedAt: p.updatedAt,
  closedAt: p.closedAt,
});

const bookedIntent = (i: TradeIntent): BookedIntent => ({
  id: i.id,
  symbol: i.symbol,
  positionId: i.positionId,
  status: i.status,
  exchangeStatus: i.exchangeStatus,
  updatedAt: i.updatedAt,
});
