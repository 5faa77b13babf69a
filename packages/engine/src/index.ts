// @aurora/engine — the trading kernel and its ports (see docs/ARCHITECTURE.md).
export type { VenuePort, VenueHealth, MarketEvent, MarketGap } from './ports/venue-port';
export type { Scheduler, Cancel } from './ports/scheduler';
export type * from './kernel-deps';
export type { KernelControl, TradingKernelApi } from './kernel-api';
