import type { AccountMode, ResearchApplyRequest, RuntimeConfig } from '@aurora/contracts';
import type { StrategyRegistry } from '@aurora/core';
import { ResearchError, type TrialSpecOf } from './research-service';

export interface ApplyTrialDeps {
  accountMode(): AccountMode;
  config: { get(): RuntimeConfig; patch(raw: unknown, source: string, action?: string): RuntimeConfig };
  strategies: StrategyRegistry;
}

export interface AppliedTrial {
  config: RuntimeConfig;
  applied: {
    run_id: string;
    trial: number;
    strategy: string;
    symbols: string[];
    params: Record<string, unknown>;
  };
}

/**
 * A trial's parameters become the per-symbol strategy of the Demo configuration, through the
 * configuration's own patch (validated, persisted, announced, logged as a control action). Live is
 * never changed from here: a Live strategy change goes through Settings, with its eyes open.
 */
export function applyTrial(
  spec: TrialSpecOf,
  body: ResearchApplyRequest,
  source: string,
  deps: ApplyTrialDeps,
): AppliedTrial {
  const { run, trial } = spec;
  if (deps.accountMode() !== 'DEMO')
    throw new ResearchError(
      409,
      'LIVE_REFUSED',
      'The bot is in Live mode: research parameters are applied to Demo only. Switch to Demo, or change the Live strategy in Settings',
    );
  if (body.confirm.trim() !== run.strategy)
    throw new ResearchError(
      400,
      'CONFIRMATION_REQUIRED',
      `Type the strategy name "${run.strategy}" to confirm`,
      [{ path: 'confirm', message: `must be "${run.strategy}"` }],
    );
  const strategy = deps.strategies.get(run.strategy);
  if (!strategy)
    throw new ResearchError(
      409,
      'UNKNOWN_STRATEGY',
      `Strategy "${run.strategy}" is not loaded in this bot (known: ${deps.strategies.names().join(', ')})`,
    );
  const parsed = strategy.params.safeParse(trial.params);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({
      path: ['params', ...i.path.map(String)].join('.'),
      message: i.message,
    }));
    throw new ResearchError(
      400,
      'INVALID_STRATEGY_PARAMS',
      `Trial ${trial.n}'s parameters do not pass ${run.strategy}'s schema: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
      fields,
    );
  }
  const symbols = body.symbols ?? run.symbols;
  const foreign = symbols.filter((s) => !run.symbols.includes(s));
  if (foreign.length > 0)
    throw new ResearchError(
      400,
      'SYMBOL_NOT_IN_RUN',
      `The run was optimized on ${run.symbols.join(', ')}, not on ${foreign.join(', ')}`,
      [{ path: 'symbols', message: `not in the run: ${foreign.join(', ')}` }],
    );
  const current = deps.config.get();
  const untraded = symbols.filter((s) => !current.symbols.includes(s));
  if (untraded.length > 0)
    throw new ResearchError(
      409,
      'SYMBOL_NOT_TRADED',
      `${untraded.join(', ')} is not among the traded symbols; add it in Settings first`,
      [{ path: 'symbols', message: `not traded: ${untraded.join(', ')}` }],
    );
  const params = parsed.data as Record<string, unknown>;
  const perSymbol = { ...current.strategy.per_symbol };
  for (const s of symbols) perSymbol[s] = { name: run.strategy, params };
  const config = deps.config.patch(
    { strategy: { per_symbol: perSymbol } },
    `${source} · research run ${run.id} trial ${trial.n}`,
    'research.apply',
  );
  return { config, applied: { run_id: run.id, trial: trial.n, strategy: run.strategy, symbols, params } };
}
