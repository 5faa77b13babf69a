// @aurora/engine — the trading kernel and its ports (see docs/ARCHITECTURE.md).
export type { VenuePort, VenueHealth, MarketEvent, MarketGap } from './ports/venue-port';
export type { Scheduler, Cancel } from './ports/scheduler';
export type * from './kernel-deps';
export type { KernelControl, TradingKernelApi } from './kernel-api';
export { KernelError } from './kernel-error';
export { TradingKernel, EPHEMERAL_SESSION_PREFIX } from './kernel/trading-kernel';
export type { KernelParts, KernelView } from './kernel/kernel-parts';
export { RealScheduler } from './scheduler/real-scheduler';
export { VirtualScheduler } from './scheduler/virtual-scheduler';
export { MemoryStore } from './store/memory-store';
export { StoreIntentStore, storeIdempotencyPersistence } from './store/intent-store';
export type { Engines } from './kernel/engines';
export { MarketData } from './kernel/market-data';
export { AccountBook } from './kernel/account-book';
export { FeeAssetFeed, FEE_PRICE_POLL_MS } from './kernel/fee-asset-feed';
export { PnlSeries } from './kernel/pnl-series';
export { ObserverFlow } from './kernel/observer-flow';
export type { ExitFlow } from './kernel/exit-flow';
export { strategyTag } from './kernel/entry-flow';
export { EXIT_BOOK_STALE_MS } from './kernel/exit-price-feed';
export { fillId, fillToTradeDto } from './kernel/fill-record';
export { tradeReturnBps } from './kernel/trade-return';
export { EMPTY_RATE_LIMITS } from './kernel/rate-limits';
export {
  positionDto,
  queryDecisions,
  queryOrders,
  queryPosition,
  queryPositions,
  type QuerySources,
} from './kernel/trading-queries';
export { SeededIds } from './host/seeded-ids';
export {
  MemoryConfig,
  MemoryMetric,
  MemoryState,
  memoryHost,
  memoryMetrics,
  type LogLine,
  type MemoryHost,
  type MemoryMetrics,
} from './host/memory-host';
export { foldError, ERROR_FOLD_WINDOW_MS, type ErrorRows } from './host/error-fold';
