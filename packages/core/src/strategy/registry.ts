import type { StrategyConfig } from '@aurora/contracts';
import { donchianBreakout } from './builtin/donchian-breakout';
import { emaCross } from './builtin/ema-cross';
import { ensembleStrategy } from './builtin/ensemble-strategy';
import { rsiReversion } from './builtin/rsi-reversion';
import type { AnyStrategy } from './strategy';

export const DEFAULT_STRATEGY = 'ensemble';
export const BUILTIN_STRATEGIES: ReadonlyArray<AnyStrategy> = [ensembleStrategy, emaCross, rsiReversion, donchianBreakout];

const NAME = /^[a-z0-9][a-z0-9-]{0,49}$/;

/** Why a value is not a strategy; the loader names the file with it. */
export function strategyShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'the default export is not an object';
  const s = value as Record<string, unknown>;
  if (typeof s.name !== 'string' || !NAME.test(s.name)) return 'name must be lower-case letters, digits and dashes (such as my-strategy)';
  if (typeof s.description !== 'string') return 'description must be a string';
  const params = s.params as { safeParse?: unknown } | undefined;
  if (typeof params !== 'object' || params === null || typeof params.safeParse !== 'function') return 'params must be a zod schema';
  if (typeof s.warmupCandles !== 'function') return 'warmupCandles must be a function of the params';
  if (typeof s.create !== 'function') return 'create must be a function (symbol, params) => instance';
  return null;
}

export interface ResolvedStrategy {
  strategy: AnyStrategy;
  params: unknown;
}

export interface StrategyProblem {
  path: string;
  message: string;
}

/** The strategies the bot knows: the built-ins, then the user's (a user name may not shadow one). */
export class StrategyRegistry {
  private readonly byName = new Map<string, AnyStrategy>();

  constructor(strategies: ReadonlyArray<AnyStrategy> = BUILTIN_STRATEGIES) {
    for (const s of strategies) this.add(s);
  }

  /** Throws when the value is not a strategy or its name is taken. */
  add(s: AnyStrategy): void {
    const problem = strategyShapeProblem(s);
    if (problem !== null) throw new Error(problem);
    if (this.byName.has(s.name)) throw new Error(`a strategy named "${s.name}" is already loaded`);
    // Its defaults must work: the config may name it without params.
    const defaults = s.params.safeParse({});
    if (!defaults.success) throw new Error(`params.parse({}) fails: ${defaults.error.issues.map((i) => i.message).join('; ')}`);
    const warm = s.warmupCandles(defaults.data);
    if (!Number.isInteger(warm) || warm < 1) throw new Error('warmupCandles must return a positive integer');
    this.byName.set(s.name, s);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): AnyStrategy | undefined {
    return this.byName.get(name);
  }

  /**
   * The strategy and parsed params for a symbol. The ensemble's params are the strategy section
   * itself, overridden by any per-symbol params; another strategy's are its per-symbol params.
   */
  resolve(config: StrategyConfig, symbol: string): ResolvedStrategy | StrategyProblem[] {
    const choice = config.per_symbol[symbol];
    const name = choice?.name ?? DEFAULT_STRATEGY;
    const path = `strategy.per_symbol.${symbol}`;
    const strategy = this.byName.get(name);
    if (strategy === undefined) return [{ path: `${path}.name`, message: `unknown strategy "${name}" (known: ${this.names().join(', ')})` }];
    const { per_symbol: _perSymbol, ...ensembleFields } = config;
    const raw = name === DEFAULT_STRATEGY ? { ...ensembleFields, ...(choice?.params ?? {}) } : (choice?.params ?? {});
    const parsed = strategy.params.safeParse(raw);
    if (!parsed.success)
      return parsed.error.issues.map((i) => ({
        path: [`${path}.params`, ...i.path.map(String)].join('.'),
        message: i.code === 'unrecognized_keys' ? `unknown field(s): ${(i as { keys: string[] }).keys.join(', ')}` : i.message,
      }));
    return { strategy, params: parsed.data };
  }

  /** Every problem with the per-symbol choices of `config` for `symbols`. */
  problems(config: StrategyConfig, symbols: ReadonlyArray<string>): StrategyProblem[] {
    const out: StrategyProblem[] = [];
    for (const s of new Set([...symbols, ...Object.keys(config.per_symbol)])) {
      const r = this.resolve(config, s);
      if (Array.isArray(r)) out.push(...r);
    }
    return out;
  }
}
