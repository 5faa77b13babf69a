export { SignalEnsemble, type ProposalCandidate, type SignalEnsembleOptions } from './ensemble';
export {
  ExitPolicy,
  type ExitEvaluation,
  type ExitPolicySettings,
  type ExitPositionView,
  type ExitTrigger,
} from './exits';
export { IndicatorSet, type MarketFeatures } from './indicator-set';
export { BollingerBands, Ema, Sma, WilderAtr, WilderRsi } from './indicators';
export {
  momentumSignal,
  trendSignal,
  volatilityBreakoutSignal,
  volumeSignal,
  type SignalDirection,
} from './signals';
