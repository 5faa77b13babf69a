import type { DecisionEnvelope, DecisionQuery } from '@aurora/contracts';
import type { TradingApi } from './trading-api';
import type { TradingRuntime } from './trading-runtime';
import { queryDecisions, queryOrders, queryPosition, queryPositions } from '@aurora/engine';

/** The trading API the HTTP layer calls: reads over the runtime's engines and store, and its commands. */
export function tradingApi(rt: TradingRuntime): TradingApi {
  const sources = () => rt.querySources();
  const { engines, market } = rt;
  const repo = rt.d.repo;
  return {
    positions: (q) => queryPositions(sources(), q),
    position: (id) => queryPosition(sources(), id),
    closePosition: (id, body, source) => rt.closePosition(id, body, source),
    orders: (q) => queryOrders(sources(), q),
    trades: (q) => repo.pageFills(q.symbol, q.limit, q.offset),
    decisions: (q: DecisionQuery) => queryDecisions(sources(), q),
    decision: (id): DecisionEnvelope | null => engines.pipeline.find(id) ?? repo.decision(id),
    risk: () => engines.risk.toDto(),
    rateLimits: () => rt.rateLimits(),
    tca: () => ({
      summary: engines.tca.summary(),
      trades: engines.positions.getAllPositions().flatMap((p) => {
        const tca = engines.tca.dto(p.id);
        return tca ? [{ position_id: p.id, symbol: p.symbol, tca }] : [];
      }),
    }),
    latency: () => engines.latency.snapshot(),
    anomalies: () => rt.observerFlow.anomalies(),
    candles: (symbol, limit) => {
      const candles = market.candles(symbol, limit);
      const markers = repo
        .fillsSince(candles[0]?.t ?? 0)
        .filter((f) => f.symbol === symbol && f.position_id !== null)
        .map((f) => {
          const p = f.position_id ? engines.positions.getPosition(f.position_id) : undefined;
          const kind: 'ENTRY' | 'EXIT' = p && p.side !== f.side ? 'EXIT' : 'ENTRY';
          return { t: f.time, side: f.side, price: f.price, kind, position_id: f.position_id ?? '' };
        });
      return { candles, markers };
    },
    reconcile: (trigger) => rt.reconcile(trigger),
    audit: (trigger) => rt.runAudit(trigger),
    auditBooks: () => rt.audit.booksDto(),
    propose: (body, source) => rt.propose(body, source),
  };
}
