import { LIVE_CONFIRMATION_PHRASE, type AccountMode, type ControlAction, type TradingMode } from '@aurora/contracts';
import { ApiError } from '../api/api-error';
import type { Env } from '../config/env';
import type { Logger } from '../logging/logger';
import type { AppState } from '../state/app-state';
import type { ConfigService } from './config-service';

/** What the trading runtime does when the operator acts; the control service owns the modes. */
export interface ControlHooks {
  /** KILL: cancel open entry orders (never exits) and trip the breaker with MANUAL_KILL. */
  onKill(): Promise<void>;
  /** RESUME: clear a manual kill and the dead-man switch, never an automatic breaker trip. */
  onResume(): void;
  /**
   * RESET BREAKER (confirmed): end an automatic breaker trip and the losing streak. Returns what
   * was reset and the breaker's state after, or null when nothing was tripped.
   */
  onResetBreaker(): { reset: string; breakerState: string } | null;
  /** Refuse an account-mode switch while anything is open on the current venue. */
  accountSwitchBlocker(): string | null;
  /** Rebuild the venue for the new account mode (reconciles before trading resumes). */
  switchVenue(mode: AccountMode): Promise<void>;
}

export class ControlService {
  constructor(
    private readonly state: AppState,
    private readonly config: ConfigService,
    private readonly env: Env,
    private readonly log: Logger,
    private hooks: ControlHooks | null = null,
  ) {}

  attach(hooks: ControlHooks): void {
    this.hooks = hooks;
  }

  pause(source: string, reason?: string): ControlAction {
    return this.setTradingMode('PAUSED', 'pause', source, reason);
  }

  /** Pause, kill and the dead-man switch are lifted; a tripped breaker stays (see resetBreaker). */
  resume(source: string, reason?: string): ControlAction {
    this.hooks?.onResume();
    const action = this.setTradingMode('RUNNING', 'resume', source, reason);
    return action;
  }

  /**
   * The breaker's own action: it skips the cool-down and the half-open trial the breaker would
   * otherwise insist on, so it needs an explicit `confirm: true`. The trading mode is untouched.
   */
  resetBreaker(confirm: boolean | undefined, source: string, reason?: string): ControlAction {
    if (confirm !== true)
      throw new ApiError(400, 'CONFIRMATION_REQUIRED', 'Resetting the circuit breaker needs confirm: true');
    const reset = this.hooks?.onResetBreaker() ?? null;
    if (reset === null)
      throw new ApiError(409, 'BREAKER_NOT_TRIPPED', 'The circuit breaker has no automatic trip or losing streak to reset');
    this.log.warn({ source, reset: reset.reset }, 'circuit breaker reset by operator');
    return this.state.recordControl('reset-breaker', source, reset.reset, reset.breakerState, reason ?? 'confirmed');
  }

  /**
   * KILL must work even when the exchange is unreachable or the database refuses writes: the
   * in-memory mode flips first (the order path checks it), then persistence and cancellation are
   * attempted, each failure recorded but never stopping the kill.
   */
  async kill(source: string, reason?: string): Promise<ControlAction> {
    const before = this.state.tradingMode;
    this.state.tradingMode = 'KILLED';
    this.state.raiseNoGo('KILLED', reason ? `Killed by operator: ${reason}` : 'Killed by operator');
    this.state.clearNoGo('PAUSED');
    const persistErr = this.config.setModesBestEffort({ trading_mode: 'KILLED' });
    if (persistErr) {
      this.log.error({ err: persistErr.message }, 'kill: could not persist the trading mode; killed in memory');
      this.safeRecordError('control', 'KILL_PERSIST_FAILED', persistErr.message);
    }
    try {
      await this.hooks?.onKill();
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'kill: cancelling entry orders failed; the bot stays killed');
      this.safeRecordError('control', 'KILL_CANCEL_FAILED', (err as Error).message);
    }
    let action: ControlAction;
    try {
      action = this.state.recordControl('kill', source, before, 'KILLED', reason ?? null);
    } catch (err) {
      action = { id: 'unpersisted', at: this.state.now(), action: 'kill', source, before, after: 'KILLED', detail: (err as Error).message };
    }
    this.log.warn({ source, before }, 'trading KILLED');
    return action;
  }

  async setAccountMode(mode: AccountMode, confirm: string | undefined, source: string): Promise<ControlAction> {
    const before = this.state.accountMode;
    if (mode === before) {
      return this.state.recordControl('account-mode', source, before, mode, 'unchanged');
    }
    if (mode === 'LIVE') {
      if (!this.env.AURORA_LIVE_ENABLED)
        throw new ApiError(403, 'LIVE_DISABLED', 'Live trading is disabled: start the bot with AURORA_LIVE_ENABLED=true');
      if (!this.env.BINANCE_API_KEY || !this.env.BINANCE_API_SECRET)
        throw new ApiError(403, 'LIVE_KEYS_MISSING', 'Live trading needs BINANCE_API_KEY and BINANCE_API_SECRET');
      if (confirm !== LIVE_CONFIRMATION_PHRASE)
        throw new ApiError(400, 'CONFIRMATION_REQUIRED', 'Switching to Live needs the exact confirmation phrase');
    }
    const blocker = this.hooks?.accountSwitchBlocker() ?? null;
    if (blocker) throw new ApiError(409, 'ACCOUNT_SWITCH_BLOCKED', blocker);
    // The new venue starts paused: trading resumes only by an explicit resume after its reconcile.
    this.state.tradingMode = 'PAUSED';
    this.state.raiseNoGo('PAUSED', `Paused after switching to ${mode}: resume to trade`);
    this.config.setModes({ account_mode: mode, trading_mode: 'PAUSED' });
    this.state.accountMode = mode;
    await this.hooks?.switchVenue(mode);
    this.log.warn({ from: before, to: mode, source }, 'account mode switched');
    return this.state.recordControl('account-mode', source, before, mode, mode === 'LIVE' ? 'confirmed by typed phrase' : null);
  }

  private setTradingMode(mode: TradingMode, action: string, source: string, reason?: string): ControlAction {
    const before = this.state.tradingMode;
    this.state.tradingMode = mode;
    this.config.setModes({ trading_mode: mode });
    if (mode === 'PAUSED') this.state.raiseNoGo('PAUSED', reason ? `Paused: ${reason}` : 'Paused by operator');
    if (mode === 'RUNNING') {
      this.state.clearNoGo('PAUSED');
      this.state.clearNoGo('KILLED');
    }
    this.log.info({ source, before, after: mode }, `trading ${action}`);
    return this.state.recordControl(action, source, before, mode, reason ?? null);
  }

  private safeRecordError(source: string, code: string, message: string): void {
    try {
      this.state.recordError(source, code, message);
    } catch {
      // The database refuses writes: the error is already in the log line above.
    }
  }
}
