import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig, RiskStateDto, type RiskConfig } from '@aurora/contracts';
import { ManualClock } from '../clock';
import { dec } from '../money/decimal';
import { RiskEngine, type RiskEngineConfig } from './risk-engine';
import type { PreTradeCheckInput } from './pre-trade-check';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

const config = (
  risk: Partial<RiskConfig> = {},
  correlation: Partial<RiskEngineConfig['correlation']> = {},
) => {
  const base = defaultRuntimeConfig();
  return { risk: { ...base.risk, ...risk }, correlation: { ...base.correlation, ...correlation } };
};

const setup = (risk: Partial<RiskConfig> = {}) => {
  const clock = new ManualClock(T0);
  const engine = new RiskEngine(clock, config(risk));
  engine.updateEquity(dec('10000'));
  return { clock, engine };
};

const entry = (over: Partial<PreTradeCheckInput> = {}): PreTradeCheckInput => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  isExit: false,
  entryPrice: dec('50000'),
  stopPrice: dec('49000'),
  quantity: null,
  ...over,
});

const codeOf = (engine: RiskEngine, input = entry()) => {
  const v = engine.preTradeCheck(input);
  return v.verdict === 'BLOCK' ? v.code : 'ALLOW';
};

describe('RiskEngine.preTradeCheck', () => {
  it('allows a plain entry with full size and the exposure room as its notional cap', () => {
    const { engine } = setup();
    const v = engine.preTradeCheck(entry());
    expect(v).toEqual({
      verdict: 'ALLOW',
      sizeFactor: 1,
      maxNotional: dec('1500'),
      riskBudget: dec('50'),
      reducedForCorrelationWith: null,
    });
  });

  it('checks limits in order: breaker, daily loss, streak, positions, trades, exposure, correlation, stop', () => {
    const { engine } = setup();
    for (let i = 0; i < 60; i++) engine.onTradeOpened(`t${i}`);
    for (let i = 0; i < 4; i++) engine.onTradeClosed(`t${i}`, dec('-100')); // 4 losses in a row
    engine.updatePnl(dec('-400'), dec('0')); // −4 % today
    engine.kill();
    engine.updateExposure([
      { symbol: 'BTCUSDT', notional: dec('2500') },
      { symbol: 'ETHUSDT', notional: dec('2000') },
      { symbol: 'BNBUSDT', notional: dec('1500') },
    ]);
    const input = entry({ stopPrice: null, correlations: [{ symbol: 'ETHUSDT', correlation: 0.9 }] });
    const seen: string[] = [codeOf(engine, input)];
    engine.clearKill();
    engine.breaker.clearAutomaticTrip(); // keeps the streak, unlike the operator's reset
    seen.push(codeOf(engine, input));
    const relax = (risk: Partial<RiskConfig>, correlation = {}) => {
      const c = config({ ...current, ...risk }, correlation);
      current = c.risk;
      engine.updateConfig(c);
      seen.push(codeOf(engine, input));
    };
    let current: RiskConfig = config().risk;
    relax({ max_daily_loss_pct: 10 });
    relax({ max_consecutive_losses: 10 });
    relax({ max_concurrent_positions: 10 });
    relax({ max_daily_trades: 100 });
    relax({ max_total_exposure_usdt: '100000' });
    relax({ max_symbol_exposure_usdt: '100000' });
    relax({}, { action: 'REDUCE' });
    expect(seen).toEqual([
      'CIRCUIT_BREAKER',
      'MAX_DAILY_LOSS',
      'MAX_CONSECUTIVE_LOSSES',
      'MAX_CONCURRENT_POSITIONS',
      'MAX_DAILY_TRADES',
      'MAX_TOTAL_EXPOSURE',
      'MAX_SYMBOL_EXPOSURE',
      'CORRELATION',
      'INVALID_STOP',
    ]);
    const allowed = engine.preTradeCheck({ ...input, stopPrice: dec('49000') });
    expect(allowed).toMatchObject({
      verdict: 'ALLOW',
      sizeFactor: 0.5,
      reducedForCorrelationWith: 'ETHUSDT',
    });
  });

  it('always allows exits, even when killed and over every limit', () => {
    const { engine } = setup({ max_daily_trades: 1 });
    engine.onTradeOpened('a');
    engine.onTradeClosed('a', dec('-5000'));
    engine.kill();
    const v = engine.preTradeCheck(entry({ isExit: true, side: 'SELL', stopPrice: null }));
    expect(v.verdict).toBe('ALLOW');
  });

  it('blocks entries until account equity is known', () => {
    const engine = new RiskEngine(new ManualClock(T0), config());
    expect(codeOf(engine)).toBe('EQUITY_UNKNOWN');
  });

  it('blocks a manual quantity whose loss at the stop exceeds risk_per_trade_pct of equity', () => {
    const { engine } = setup();
    // 0.5 % of 10 000 = 50; 0.06 × (50 000 − 49 000) = 60.
    expect(codeOf(engine, entry({ quantity: dec('0.02'), stopPrice: dec('47000') }))).toBe('RISK_PER_TRADE');
    expect(codeOf(engine, entry({ quantity: dec('0.02'), stopPrice: dec('47500') }))).toBe('ALLOW');
  });

  it('blocks a manual quantity above the max position notional', () => {
    const { engine } = setup();
    expect(codeOf(engine, entry({ quantity: dec('0.031') }))).toBe('MAX_POSITION_NOTIONAL');
  });

  it('refuses a stop on the wrong side of the entry', () => {
    const { engine } = setup();
    expect(codeOf(engine, entry({ stopPrice: dec('51000') }))).toBe('INVALID_STOP');
    expect(codeOf(engine, entry({ side: 'SELL', stopPrice: dec('51000') }))).toBe('ALLOW');
  });

  it('narrows the notional cap to the exposure room that is left', () => {
    const { engine } = setup();
    engine.updateExposure([
      { symbol: 'ETHUSDT', notional: dec('2400') },
      { symbol: 'BTCUSDT', notional: dec('2000') },
    ]);
    const v = engine.preTradeCheck(entry());
    expect(v.verdict === 'ALLOW' && v.maxNotional?.toFixed()).toBe('500');
  });
});

describe('RiskEngine trade results and the breaker', () => {
  it('trips on the consecutive-loss limit and names it as the no-go reason', () => {
    const { engine } = setup();
    for (let i = 0; i < 4; i++) engine.onTradeClosed(`t${i}`, dec('-10'));
    expect(engine.breaker.tripReason).toBe('MAX_CONSECUTIVE_LOSSES');
    expect(engine.riskMode()).toBe('CircuitBroken');
    expect(engine.noGoReason()).toMatch(/^circuit breaker open: the consecutive-loss limit was reached/);
  });

  it('trips on the daily loss limit', () => {
    const { engine } = setup();
    engine.updatePnl(dec('-299'), dec('0'));
    expect(engine.breaker.state()).toBe('Closed');
    engine.updatePnl(dec('-300'), dec('0'));
    expect(engine.breaker.tripReason).toBe('MAX_DAILY_LOSS');
  });

  it('a win resets the losing streak', () => {
    const { engine } = setup();
    for (let i = 0; i < 3; i++) engine.onTradeClosed(`l${i}`, dec('-10'));
    engine.onTradeClosed('w', dec('5'));
    engine.onTradeClosed('l4', dec('-10'));
    expect(engine.toDto().consecutive_losses).toBe(1);
    expect(engine.breaker.state()).toBe('Closed');
  });

  it('lets one quarter-size trial through when half-open, and closes on its win', () => {
    const { clock, engine } = setup();
    for (let i = 0; i < 4; i++) engine.onTradeClosed(`t${i}`, dec('-10'));
    expect(codeOf(engine)).toBe('CIRCUIT_BREAKER');
    clock.advance(60 * MIN);
    expect(engine.noGoReason()).toBeNull();
    expect(engine.preTradeCheck(entry())).toMatchObject({ verdict: 'ALLOW', sizeFactor: 0.25 });
    engine.onTradeOpened('trial');
    expect(codeOf(engine)).toBe('CIRCUIT_BREAKER');
    engine.onTradeClosed('trial', dec('12'));
    expect(engine.breaker.state()).toBe('Closed');
    expect(codeOf(engine)).toBe('ALLOW');
  });

  it('re-opens for breaker_reopen_min after a losing trial', () => {
    const { clock, engine } = setup();
    for (let i = 0; i < 4; i++) engine.onTradeClosed(`t${i}`, dec('-10'));
    clock.advance(60 * MIN);
    engine.onTradeOpened('trial');
    engine.onTradeClosed('trial', dec('-3'));
    expect(engine.breaker.nextAttemptAt).toBe(clock.now() + 120 * MIN);
  });

  it('the confirmed reset forgives the streak that tripped the breaker', () => {
    const { engine } = setup();
    for (let i = 0; i < 4; i++) engine.onTradeClosed(`t${i}`, dec('-10'));
    expect(engine.resetBreaker()).toEqual({
      automaticReason: 'MAX_CONSECUTIVE_LOSSES',
      consecutiveLosses: 4,
    });
    expect(codeOf(engine)).toBe('ALLOW');
    expect(engine.resetBreaker()).toBeNull();
  });
});

describe('RiskEngine trading day', () => {
  it('resets daily counters at UTC midnight by default', () => {
    const { clock, engine } = setup({ max_daily_trades: 2 });
    engine.onTradeOpened('a');
    engine.onTradeOpened('b');
    engine.updatePnl(dec('-100'), dec('0'));
    expect(codeOf(engine)).toBe('MAX_DAILY_TRADES');
    clock.set(Date.UTC(2026, 0, 5, 23, 59, 59, 999));
    expect(codeOf(engine)).toBe('MAX_DAILY_TRADES');
    clock.set(Date.UTC(2026, 0, 6, 0, 0, 0));
    expect(codeOf(engine)).toBe('ALLOW');
    const dto = engine.toDto();
    expect(dto.trading_day).toBe('2026-01-06');
    expect(dto.daily_trades_count).toBe(0);
    expect(dto.equity_change_today).toBe('0');
    expect(dto.start_of_day_equity).toBe('10000');
  });

  it('starts the day at the configured offset east of UTC', () => {
    const { clock, engine } = setup({ max_daily_trades: 1, trading_day_offset_min: 60 });
    engine.onTradeOpened('a');
    clock.set(Date.UTC(2026, 0, 5, 22, 59, 59));
    expect(codeOf(engine)).toBe('MAX_DAILY_TRADES');
    clock.set(Date.UTC(2026, 0, 5, 23, 0, 0));
    expect(codeOf(engine)).toBe('ALLOW');
    expect(engine.toDto().trading_day).toBe('2026-01-06');
  });
});

describe('RiskEngine state', () => {
  it('maps to the RiskStateDto contract with decimals as strings', () => {
    const { engine } = setup();
    engine.updateExposure([{ symbol: 'ETHUSDT', notional: dec('1200.5') }]);
    engine.onTradeOpened('a');
    engine.onTradeClosed('a', dec('-150'));
    engine.updatePnl(dec('-150'), dec('0'));
    engine.preTradeCheck(entry());
    const dto = RiskStateDto.parse(engine.toDto());
    expect(dto).toMatchObject({
      risk_mode: 'Elevated',
      equity_change_today: '-150',
      equity_change_today_pct: -1.5,
      remaining_daily_loss_pct: 1.5,
      consecutive_losses: 1,
      daily_trades_count: 1,
      open_positions_count: 1,
      total_exposure_usdt: '1200.5',
      exposure_by_symbol: { ETHUSDT: '1200.5' },
      last_check_at: T0,
    });
  });

  it('turns Critical once 80 % of the daily loss limit is used', () => {
    const { engine } = setup();
    engine.updatePnl(dec('-240'), dec('0'));
    expect(engine.riskMode()).toBe('Critical');
  });

  it('restores counters and breaker from a same-day snapshot', () => {
    const { clock, engine } = setup();
    engine.onTradeOpened('a');
    for (let i = 0; i < 4; i++) engine.onTradeClosed(`t${i}`, dec('-10'));
    engine.updatePnl(dec('-40'), dec('-5'));
    engine.updatePnl(dec('-40'), dec('-25'));
    const saved = JSON.parse(JSON.stringify(engine));
    clock.advance(5 * MIN);
    const restored = RiskEngine.restore(saved, clock, config());
    restored.updatePnl(dec('-40'), dec('-25'));
    const dto = restored.toDto();
    expect(dto.equity_change_today).toBe('-60');
    expect(dto.consecutive_losses).toBe(4);
    expect(dto.daily_trades_count).toBe(1);
    expect(dto.circuit_breaker.state).toBe('Open');
  });

  it('starts a new day afresh from a snapshot of an earlier day and waits for fresh equity', () => {
    const { clock, engine } = setup();
    engine.updatePnl(dec('-40'), dec('0'));
    const saved = JSON.parse(JSON.stringify(engine));
    clock.set(Date.UTC(2026, 0, 7, 9, 0, 0));
    const restored = RiskEngine.restore(saved, clock, config());
    expect(restored.toDto().equity_change_today).toBe('0');
    expect(codeOf(restored)).toBe('EQUITY_UNKNOWN');
    restored.updateEquity(dec('9000'));
    expect(restored.toDto().start_of_day_equity).toBe('9000');
  });
});

describe('RiskEngine daily loss on mark-to-market equity (M3)', () => {
  it('an open position at −8 % blocks new entries and trips the breaker before it closes; exits stay allowed', () => {
    const { engine } = setup();
    engine.updatePnl(dec('0'), dec('0')); // the day's first reading: nothing open
    engine.updatePnl(dec('0'), dec('-800')); // 10 000 equity, a position bought today 800 under water
    expect(codeOf(engine)).toBe('CIRCUIT_BREAKER');
    expect(engine.breaker.tripReason).toBe('MAX_DAILY_LOSS');
    expect(engine.preTradeCheck(entry({ isExit: true })).verdict).toBe('ALLOW');
    expect(engine.toDto()).toMatchObject({ equity_change_today: '-800', equity_change_today_pct: -8 });
  });

  it('a trade opened yesterday and closed today counts only for what it moved today', () => {
    const { clock, engine } = setup();
    engine.updatePnl(dec('0'), dec('200')); // yesterday evening: +200 unrealized
    clock.set(Date.UTC(2026, 0, 6, 9, 0, 0));
    engine.updateEquity(dec('10200'));
    engine.updatePnl(dec('0'), dec('150'));
    expect(engine.toDto().equity_change_today).toBe('-50');
    // It closes at +100 over its life: realized today by fill time, 100 below yesterday's mark.
    engine.onTradeClosed('a', dec('100'));
    engine.updatePnl(dec('100'), dec('0'));
    expect(engine.pnlToday()).toMatchObject({ realizedToday: dec('100'), unrealizedNow: dec('0') });
    expect(engine.toDto().equity_change_today).toBe('-100');
  });

  it('a realized loss already in the unrealized figure is not counted twice when the trade closes', () => {
    const { engine } = setup();
    engine.updatePnl(dec('0'), dec('0'));
    engine.updatePnl(dec('0'), dec('-250'));
    engine.onTradeClosed('a', dec('-250'));
    engine.updatePnl(dec('-250'), dec('0'));
    expect(engine.toDto().equity_change_today).toBe('-250');
    expect(engine.breaker.state()).toBe('Closed');
  });
});

describe('RiskEngine trading-day offset changes (M7)', () => {
  it('a mid-day offset change does not clear a reached daily limit; the next boundary does', () => {
    const { clock, engine } = setup({ max_daily_trades: 1 });
    clock.set(Date.UTC(2026, 0, 5, 20, 0, 0));
    engine.onTradeOpened('a');
    engine.updatePnl(dec('-120'), dec('0'));
    expect(codeOf(engine)).toBe('MAX_DAILY_TRADES');
    engine.updateConfig(config({ max_daily_trades: 1, trading_day_offset_min: 300 }));
    expect(codeOf(engine)).toBe('MAX_DAILY_TRADES');
    expect(engine.toDto()).toMatchObject({
      trading_day: '2026-01-05',
      daily_trades_count: 1,
      equity_change_today: '-120',
    });
    clock.set(Date.UTC(2026, 0, 6, 0, 0, 0)); // the running day's own end: the new offset takes over
    expect(codeOf(engine)).toBe('ALLOW');
    expect(engine.toDto().trading_day).toBe('2026-01-06');
  });

  it('a restart after the offset change keeps the running day', () => {
    const { clock, engine } = setup({ max_daily_trades: 1 });
    clock.set(Date.UTC(2026, 0, 5, 20, 0, 0));
    engine.onTradeOpened('a');
    const saved = JSON.parse(JSON.stringify(engine));
    clock.advance(10 * MIN);
    const restored = RiskEngine.restore(
      saved,
      clock,
      config({ max_daily_trades: 1, trading_day_offset_min: 300 }),
    );
    restored.updateEquity(dec('10000'));
    expect(codeOf(restored)).toBe('MAX_DAILY_TRADES');
  });
});

describe('RiskEngine day start persistence', () => {
  it('says when a reading opened the day, so the app persists the start before a restart can lose it', () => {
    const { clock, engine } = setup();
    expect(engine.updatePnl(dec('0'), dec('0'))).toBe(true);
    expect(engine.updatePnl(dec('0'), dec('-30'))).toBe(false);
    const restored = RiskEngine.restore(JSON.parse(JSON.stringify(engine)), clock, config());
    expect(restored.updatePnl(dec('-4'), dec('-30'))).toBe(false);
    expect(restored.toDto().equity_change_today).toBe('-34');
    clock.set(Date.UTC(2026, 0, 6, 0, 0, 1));
    expect(restored.updatePnl(dec('0'), dec('-31'))).toBe(true);
    expect(restored.toDto().equity_change_today).toBe('-1');
  });
});
