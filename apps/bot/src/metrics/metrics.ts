import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one bot instance (own registry: several bots can run in one test process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const m = {
    registry,
    orders: new Counter({ name: 'aurora_orders_total', help: 'Orders sent, by purpose and outcome', labelNames: ['purpose', 'outcome'], registers: [registry] }),
    fills: new Counter({ name: 'aurora_fills_total', help: 'Fills applied, by symbol and side', labelNames: ['symbol', 'side'], registers: [registry] }),
    rejects: new Counter({ name: 'aurora_rejects_total', help: 'Rejections by layer and reason code', labelNames: ['layer', 'reason'], registers: [registry] }),
    decisions: new Counter({ name: 'aurora_decisions_total', help: 'Decisions by outcome', labelNames: ['outcome'], registers: [registry] }),
    breakerState: new Gauge({ name: 'aurora_circuit_breaker_state', help: '0 Closed, 1 HalfOpen, 2 Open', registers: [registry] }),
    placementLatency: new Histogram({
      name: 'aurora_order_placement_latency_seconds',
      help: 'Order request sent to acknowledgement',
      labelNames: ['symbol'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    ackToFill: new Histogram({
      name: 'aurora_ack_to_first_fill_seconds',
      help: 'Order acknowledgement to first fill',
      labelNames: ['symbol'],
      buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    rateLimitWeight: new Gauge({ name: 'aurora_rate_limit_used_weight_1m', help: 'Binance request weight used in the current minute', registers: [registry] }),
    rateLimitWeightLimit: new Gauge({ name: 'aurora_rate_limit_weight_limit_1m', help: 'Declared request weight limit per minute', registers: [registry] }),
    reconcileDrift: new Counter({ name: 'aurora_reconcile_drift_total', help: 'Reconciliation drift items by kind', labelNames: ['kind'], registers: [registry] }),
    reconcileRuns: new Counter({ name: 'aurora_reconcile_runs_total', help: 'Reconciliation runs by result', labelNames: ['ok'], registers: [registry] }),
    wsClients: new Gauge({ name: 'aurora_ws_clients', help: 'Connected dashboard WebSocket clients', registers: [registry] }),
    stateVersion: new Gauge({ name: 'aurora_state_version', help: 'Current state_version', registers: [registry] }),
    badInput: new Counter({ name: 'aurora_bad_input_total', help: 'Rejected malformed input by source', labelNames: ['source'], registers: [registry] }),
    streamMessages: new Gauge({
      name: 'aurora_stream_messages',
      help: 'Venue stream messages since the adapter started, by stream and kind (malformed and unknown are counted and dropped)',
      labelNames: ['stream', 'kind'],
      registers: [registry],
    }),
    auditRuns: new Counter({ name: 'aurora_audit_runs_total', help: 'Books audits by result (clean, violations, error)', labelNames: ['result'], registers: [registry] }),
    auditViolations: new Gauge({ name: 'aurora_audit_violations', help: 'Violations found by the latest books audit, by check (A1-A5)', labelNames: ['check'], registers: [registry] }),
    auditViolationsFound: new Counter({ name: 'aurora_audit_violations_total', help: 'Books audit violations found, by check (A1-A5), summed over audits', labelNames: ['check'], registers: [registry] }),
    feesUnpriced: new Counter({ name: 'aurora_fees_unpriced_total', help: 'Commissions booked as approximate because no price of their asset was known at fill time', labelNames: ['asset'], registers: [registry] }),
    anomalies: new Counter({ name: 'aurora_anomalies_total', help: 'Anomalies the observer reported, by series and detector', labelNames: ['series', 'detector'], registers: [registry] }),
    researchStoreErrors: new Counter({ name: 'aurora_research_store_errors_total', help: 'Reads of the research store (research.db) that failed: corrupt, too new or unreadable', registers: [registry] }),
    illegalTransitions: new Counter({ name: 'aurora_illegal_transitions_total', help: 'State-machine transitions refused', registers: [registry] }),
  };
  return m;
}
export type Metrics = ReturnType<typeof createMetrics>;
