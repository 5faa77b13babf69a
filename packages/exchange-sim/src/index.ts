export { startSimServer, SimConfigError, type SimServer, type SimServerOptions } from './server/start-server';
export {
  SimExchange,
  DEFAULT_BALANCES,
  DEFAULT_RATE_LIMITS,
  type SimExchangeOptions,
  type SimFeedConfig,
  type CreateAccountOptions,
} from './engine/exchange';
export {
  VenueBehaviour,
  BehaviourValidationError,
  BEHAVIOUR_PROFILES,
  type BehaviourSettings,
  type BehaviourUpdate,
  type BehaviourProfile,
} from './behaviour';
export type { OrderIdScope } from './engine/order-engine';
export type { SymbolStatus } from './engine/exchange-info';
export { FaultInjector, FaultValidationError, type FaultSettings, type FaultUpdate } from './faults';
export { SimApiError, ApiErrors } from './errors';
export type {
  UserEventEnvelope,
  MarketEventEnvelope,
  UserEventListener,
  MarketEventListener,
} from './engine/events';
export type { NewOrderParams } from './engine/order-request';
export type { BookConfig } from './engine/book';
export { parseKlineCsv, ReplayFormatError, type ReplayCandle } from './engine/feeds/replay-feed';
export { loadReplayDir } from './server/replay-loader';
export type { MirrorFallback, MirrorOptions, MirrorStatus } from './server/mirror-upstream';
export type { MirrorMode } from './engine/feeds/mirror-feed';
export type { UpstreamTrade } from './engine/exchange';
export type { RateLimitConfig } from './server/rate-limiter';
export { hmacSha256Hex } from './server/signature';
export { syntheticBars, type SyntheticBars } from './engine/feeds/synthetic-bars';
export type { HistoryBar } from './engine/feeds/price-feed';
