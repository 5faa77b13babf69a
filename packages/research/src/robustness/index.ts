export { percentileSorted, bandsOf, type Bands } from './stats';
export { monteCarloTrades, equityStats, type MonteCarloOptions, type MonteCarloReport, type EquityStats } from './monte-carlo';
export { candleNoise, type CandleNoiseOptions } from './candle-noise';
export { randomEntrySignificance, type SignificanceResult } from './significance';
export {
  lookaheadDiff,
  lookaheadReport,
  warmupReport,
  type SignalRecord,
  type LookaheadDifference,
  type LookaheadReport,
  type CompareOptions,
  type IndicatorPoint,
  type WarmupInput,
  type WarmupFinding,
  type WarmupReport,
} from './bias';
