import {
  RuntimeConfig,
  RuntimeConfigPatch,
  applyConfigPatch,
  type AccountMode,
  type TradingMode,
} from '@aurora/contracts';
import type { StrategyRegistry } from '@aurora/core';
import { ApiError } from '../api/api-error';
import { saveRuntimeConfig } from '../config/runtime-config-file';
import type { AppState } from '../state/app-state';

export type ConfigListener = (next: RuntimeConfig, prev: RuntimeConfig) => void;

/** The control log shows what changed, but not a webhook URL: Discord and Slack put their secret in it. */
const hideUrls = (key: string, value: unknown) => (key === 'url' && typeof value === 'string' ? '[redacted]' : value);
/** Which of `symbols` still have open positions or working orders (they must stay configured). */
export type SymbolsInUse = (symbols: readonly string[]) => string[];

/** Rules across fields that a per-field schema cannot express. */
export function crossFieldProblems(c: RuntimeConfig): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (c.strategy.ema_fast >= c.strategy.ema_slow)
    problems.push({ path: 'strategy.ema_fast', message: 'must be smaller than strategy.ema_slow' });
  if (c.strategy.rsi_oversold >= c.strategy.rsi_overbought)
    problems.push({ path: 'strategy.rsi_oversold', message: 'must be smaller than strategy.rsi_overbought' });
  if (c.risk.elevated_at_loss_used_pct > c.risk.critical_at_loss_used_pct)
    problems.push({ path: 'risk.elevated_at_loss_used_pct', message: 'must not exceed risk.critical_at_loss_used_pct' });
  if (c.rate_limit.warn_fraction > c.rate_limit.delay_fraction)
    problems.push({ path: 'rate_limit.warn_fraction', message: 'must not exceed rate_limit.delay_fraction' });
  if (new Set(c.symbols).size !== c.symbols.length) problems.push({ path: 'symbols', message: 'must not repeat a symbol' });
  return problems;
}

/**
 * The runtime configuration: validated, persisted atomically before it takes effect, and
 * announced to the engines. A rejected patch changes nothing, on disk or in memory.
 */
export class ConfigService {
  private listeners = new Set<ConfigListener>();
  private symbolsInUse: SymbolsInUse = () => [];
  private strategies: StrategyRegistry | null = null;

  constructor(
    private current: RuntimeConfig,
    private readonly dataDir: string,
    private readonly state: AppState,
  ) {}

  get(): RuntimeConfig {
    return this.current;
  }

  /**
   * The runtime tells which symbols hold positions or intents. Without the symbol in the
   * configuration, a restart neither subscribes to its prices nor loads its filters, and its
   * position would sit unmanaged (no stop, unshaped manual closes).
   */
  guardSymbolsInUse(inUse: SymbolsInUse): void {
    this.symbolsInUse = inUse;
  }

  /** Per-symbol strategy choices are checked against the loaded strategies and their own schemas. */
  useStrategies(registry: StrategyRegistry): void {
    this.strategies = registry;
  }

  onChange(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `action` names the change in the control log (research.apply for parameters taken from a research trial). */
  patch(raw: unknown, source: string, action = 'config.patch'): RuntimeConfig {
    const parsed = RuntimeConfigPatch.safeParse(raw ?? {});
    if (!parsed.success) throw ApiError.fromZod(parsed.error, 'configuration patch');
    let next: RuntimeConfig;
    try {
      next = applyConfigPatch(this.current, parsed.data);
    } catch (err) {
      throw new ApiError(400, 'VALIDATION_FAILED', `Invalid configuration: ${(err as Error).message}`);
    }
    // Strategy choices are judged when they (or the symbols) change: a strategy file removed since
    // start-up must not block an unrelated change such as a risk limit.
    const strategyTouched = 'strategy' in parsed.data || 'symbols' in parsed.data;
    const problems = [
      ...crossFieldProblems(next),
      ...(strategyTouched && this.strategies ? this.strategies.problems(next.strategy, next.symbols) : []),
    ];
    if (problems.length > 0)
      throw new ApiError(400, 'VALIDATION_FAILED', `Invalid configuration: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
    const removed = this.current.symbols.filter((s) => !next.symbols.includes(s));
    const inUse = removed.length > 0 ? this.symbolsInUse(removed) : [];
    if (inUse.length > 0)
      throw new ApiError(
        409,
        'SYMBOL_IN_USE',
        `Cannot remove ${inUse.join(', ')}: open positions or working orders still trade it; close them first`,
        inUse.map((symbol) => ({ path: 'symbols', message: `${symbol} has open positions or working orders` })),
      );
    const changedKeys = Object.keys(parsed.data);
    this.commit(next);
    this.state.recordControl(action, source, '', changedKeys.join(','), JSON.stringify(parsed.data, hideUrls).slice(0, 2000));
    return next;
  }

  /** Modes change only through the control service; they are persisted like everything else. */
  setModes(modes: { trading_mode?: TradingMode; account_mode?: AccountMode }): void {
    this.commit(RuntimeConfig.parse({ ...this.current, ...modes }));
  }

  /**
   * For KILL: the mode must change in memory even when the disk refuses writes. Returns the
   * persistence error, if any, for the caller to record.
   */
  setModesBestEffort(modes: { trading_mode?: TradingMode; account_mode?: AccountMode }): Error | null {
    const next = RuntimeConfig.parse({ ...this.current, ...modes });
    try {
      this.commit(next);
      return null;
    } catch (err) {
      const prev = this.current;
      this.current = next;
      for (const l of this.listeners) l(next, prev);
      this.state.changed();
      return err as Error;
    }
  }

  private commit(next: RuntimeConfig): void {
    const prev = this.current;
    saveRuntimeConfig(this.dataDir, next);
    this.current = next;
    for (const l of this.listeners) l(next, prev);
    this.state.changed();
  }
}
