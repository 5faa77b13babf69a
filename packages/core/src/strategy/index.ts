export { SignalEnsemble, type ProposalCandidate, type SignalEnsembleOptions } from './ensemble';
export {
  ExitPolicy,
  checkExitOverrides,
  type ExitOverrides,
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
export type { AnyStrategy, ProposalDraft, Strategy, StrategyContext, StrategyFill, StrategyInstance } from './strategy';
export { canonicalJson, paramsId } from './params-id';
export { ProposalRefused, StrategyRunner, type StrategyRunnerOptions } from './strategy-runner';
export {
  BUILTIN_STRATEGIES,
  DEFAULT_STRATEGY,
  StrategyRegistry,
  strategyShapeProblem,
  type ResolvedStrategy,
  type StrategyProblem,
} from './registry';
export { ensembleStrategy } from './builtin/ensemble-strategy';
export { emaCross, EmaCrossParams } from './builtin/ema-cross';
export { rsiReversion, RsiReversionParams } from './builtin/rsi-reversion';
export { donchianBreakout, DonchianBreakoutParams } from './builtin/donchian-breakout';
export { channel, emaOf, lastCloses, rsiOf } from './builtin/series';
