import type { RuntimeConfig } from '@aurora/contracts';
import {
  CorrelationTracker,
  DeadManSwitch,
  DecisionPipeline,
  ExitPolicy,
  IdempotencyStore,
  LatencyTracker,
  PositionEngine,
  RiskEngine,
  ProposalRefused,
  StrategyRunner,
  type StrategyRegistry,
  TcaTracker,
  TradeInsurance,
  type Clock,
  type PositionRecord,
  type DailyPnlEntry,
} from '@aurora/core';
import type { Decimal } from 'decimal.js';
import type { DecisionEnvelope } from '@aurora/contracts';
import type { Ids, KernelLogger, KernelStore } from '../kernel-deps';
import { StoreIntentStore, storeIdempotencyPersistence } from '../store/intent-store';

const RISK_META = 'risk_engine';
const INSURANCE_META = 'trade_insurance';
const DAILY_PNL_META = 'daily_pnl';

export interface Engines {
  positions: PositionEngine;
  risk: RiskEngine;
  insurance: TradeInsurance;
  pipeline: DecisionPipeline;
  /** One running strategy per symbol; a symbol whose strategy cannot be resolved has none (no entries). */
  strategies: Map<string, StrategyRunner>;
  exits: ExitPolicy;
  deadMan: DeadManSwitch;
  latency: LatencyTracker;
  tca: TcaTracker;
  correlation: CorrelationTracker;
  intents: StoreIntentStore;
  idempotency: IdempotencyStore;
}

export interface EngineInputs {
  clock: Clock;
  config: RuntimeConfig;
  repo: KernelStore;
  log: KernelLogger;
  ids: Ids;
  /** A monotonic microsecond clock (the pipeline's timing figures). */
  hrtimeUs(): number;
  /** A commission asset's price at a fill's time (see PositionEngineOptions.priceOf). */
  priceOf(asset: string, at: number): Decimal | null;
  /** Whether `qty` of `symbol` is too little for any exit order (see PositionEngineOptions.isDust). */
  isDust(symbol: string, qty: Decimal): boolean;
  onDecision(envelope: DecisionEnvelope): void;
  onIllegal(message: string): void;
  /** The loaded strategies (built-in and the user's). */
  strategies: StrategyRegistry;
  /** A symbol's configured strategy cannot be resolved: it takes no entries until fixed. */
  onStrategyProblem(symbol: string, message: string): void;
}

/**
 * The domain engines, restored from the database where they keep state across restarts. The
 * risk engine comes first: its trading calendar is the one the position engine's ledger uses.
 */
export function buildEngines(i: EngineInputs): Engines {
  const { clock, config, repo, log } = i;
  const riskConfig = { risk: config.risk, correlation: config.correlation };
  const riskJson = repo.getMeta(RISK_META);
  let risk: RiskEngine;
  try {
    risk = riskJson ? RiskEngine.restore(JSON.parse(riskJson), clock, riskConfig) : new RiskEngine(clock, riskConfig);
  } catch (err) {
    log.error({ err: (err as Error).message }, 'stored risk state unreadable: starting from a fresh risk state');
    risk = new RiskEngine(clock, riskConfig);
  }
  const positions = new PositionEngine({
    clock,
    quoteAsset: config.quote_asset,
    tradingDayOffsetMin: config.risk.trading_day_offset_min,
    // One calendar for realized today and the risk engine's day (offset changes included).
    calendar: risk.calendar,
    priceOf: i.priceOf,
    isDust: i.isDust,
    onIllegal: (err) => i.onIllegal(err.message),
  });
  const records = repo.allPositionBodies().map((b) => JSON.parse(b) as PositionRecord);
  const daily = JSON.parse(repo.getMeta(DAILY_PNL_META) ?? '[]') as DailyPnlEntry[];
  const restored = positions.restore(records, daily);
  if (restored.rejected.length > 0)
    log.error({ rejected: restored.rejected.map((r) => ({ id: r.id, err: r.error.message })) }, 'some stored positions could not be restored');

  const insurance = new TradeInsurance(clock, config.insurance);
  insurance.restore(JSON.parse(repo.getMeta(INSURANCE_META) ?? '{}'));
  const tca = new TcaTracker(config.tca, clock);
  const pipeline = new DecisionPipeline({
    clock,
    ids: () => i.ids.uuid(),
    risk,
    insurance,
    config: { execution: config.execution, insurance: config.insurance },
    hrtime: i.hrtimeUs,
    tcaAdvice: () => tca.advice(),
    onDecision: i.onDecision,
  });
  const strategies = new Map<string, StrategyRunner>();
  syncStrategies(strategies, config, i.strategies, i.onStrategyProblem);
  return {
    positions,
    risk,
    insurance,
    pipeline,
    strategies,
    exits: new ExitPolicy(clock, { trailingAtrMult: config.strategy.trailing_atr_mult, maxHoldingMin: config.strategy.max_holding_min }),
    deadMan: new DeadManSwitch(config.dead_man, clock),
    latency: new LatencyTracker(config.latency),
    tca,
    correlation: new CorrelationTracker({ window: config.correlation.window }),
    intents: new StoreIntentStore(repo),
    idempotency: new IdempotencyStore({ clock, persistence: storeIdempotencyPersistence(repo, clock) }),
  };
}

/** Apply a runtime-config change to every engine that reads it. */
export function reconfigureEngines(e: Engines, c: RuntimeConfig, i: Pick<EngineInputs, 'strategies' | 'onStrategyProblem'>): void {
  e.risk.updateConfig({ risk: c.risk, correlation: c.correlation });
  e.insurance.updateConfig(c.insurance);
  e.pipeline.updateConfig({ execution: c.execution, insurance: c.insurance });
  syncStrategies(e.strategies, c, i.strategies, i.onStrategyProblem);
  e.exits.updateSettings({ trailingAtrMult: c.strategy.trailing_atr_mult, maxHoldingMin: c.strategy.max_holding_min });
  e.deadMan.updateConfig(c.dead_man);
  e.latency.updateConfig(c.latency);
  e.tca.updateConfig(c.tca);
  e.correlation.setWindow(c.correlation.window);
}

/**
 * Gives every configured symbol its configured strategy: a runner keeps its candles across a
 * change of strategy or params (it replays them), so the new one is warm at once.
 */
function syncStrategies(
  runners: Map<string, StrategyRunner>,
  c: RuntimeConfig,
  registry: StrategyRegistry,
  onProblem: (symbol: string, message: string) => void,
): void {
  for (const symbol of c.symbols) {
    const resolved = registry.resolve(c.strategy, symbol);
    if (Array.isArray(resolved)) {
      runners.delete(symbol);
      onProblem(symbol, resolved.map((p) => `${p.path}: ${p.message}`).join('; '));
      continue;
    }
    const runner = runners.get(symbol);
    if (runner) runner.reconfigure(resolved.strategy, resolved.params, c.strategy.atr_period);
    else
      runners.set(
        symbol,
        new StrategyRunner(symbol, resolved.strategy, resolved.params, {
          atrPeriod: c.strategy.atr_period,
          onError: (err) =>
            onProblem(symbol, `strategy ${resolved.strategy.name} ${err instanceof ProposalRefused ? 'made a bad proposal' : 'threw'}: ${err.message}`),
        }),
      );
  }
}

/**
 * The realized-today ledger changes with every fill a position books: write it with the position
 * (same transaction), or a crash between fills and the next engine-state write would lose the
 * day's realized PnL that the daily loss limit is judged on.
 */
export function persistDailyPnl(e: Engines, repo: KernelStore): void {
  repo.setMeta(DAILY_PNL_META, JSON.stringify(e.positions.dailyPnl()));
}

/** Persist the engines' small state (risk counters, breaker, cool-downs, daily PnL). */
export function persistEngineState(e: Engines, repo: KernelStore): void {
  repo.transaction(() => {
    repo.setMeta(RISK_META, JSON.stringify(e.risk.toJSON()));
    repo.setMeta(INSURANCE_META, JSON.stringify(e.insurance.toJSON()));
    repo.setMeta(DAILY_PNL_META, JSON.stringify(e.positions.dailyPnl()));
  });
}
