export * from './intent';
export * from './intent-store';
export * from './intent-lifecycle';
export * from './idempotency';
export * from './execution-outcome';
export * from './execution-ports';
export * from './execution-requests';
export * from './execution-engine';
export {
  entryOrderKind,
  shapeOrder,
  type OrderDraft,
  type OrderKind,
  type ShapedOrder,
} from './order-shaping';
export { DEFAULT_RECOVERY, DEFAULT_RETRY, type RecoveryPolicy, type RetryPolicy } from './order-submission';
export * from './report-synthesis';
export type { ReportApplication } from './report-application';
export * from './reconcile-plan';
export * from './reconciler';
export { RECHECK_AFTER_QUERY_LAG } from './reconcile-reset';
export * from './client-order-id';
export * from './exit-sizing';
export * from './exit-retry';
