export {
  CircuitBreaker,
  type AutomaticTrip,
  type AutomaticTripReason,
  type BreakerAdmission,
  type BreakerTripReason,
  type CircuitBreakerSettings,
  type CircuitBreakerSnapshot,
} from './circuit-breaker';
export {
  CorrelationTracker,
  pearson,
  ReturnsWindow,
  type CorrelationTrackerOptions,
  type SymbolCorrelation,
} from './correlation';
export { equityChangeToday, type PnlTodayFigures } from './daily-pnl';
export { ExposureBook, type ExposureEntry } from './exposure-book';
export { workingExposure, type ExposedPosition, type WorkingIntent } from './working-exposure';
export {
  type PreTradeCheckInput,
  type PreTradeVerdict,
  type RiskAllow,
  type RiskBlock,
  type RiskBlockCode,
} from './pre-trade-check';
export { RiskEngine, type RiskEngineConfig } from './risk-engine';
export { RiskSnapshotInvalid } from './risk-errors';
export { type RiskEngineSnapshot } from './risk-snapshot';
export {
  sizePosition,
  type PositionSizingInput,
  type PositionSizingResult,
  type SizingBlockCode,
  type SizingLimit,
} from './position-sizing';
export { tradingDayIndex, tradingDayLabel, tradingDayStart } from '../trading-day';
export { parseTradingDay, TradingCalendar, type TradingDay } from '../trading-calendar';
