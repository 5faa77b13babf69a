import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig, type PositionDto, type StateSnapshot } from '@aurora/contracts';
import { buildBacktestReport } from './backtest-report';

const pos = (status: PositionDto['status'], realized: string, fees: string, tags: Record<string, string> = {}): PositionDto =>
  ({ status, realized_pnl: realized, commission_total_quote: fees, avg_entry_price: '100', filled_qty: '1', tags }) as PositionDto;
const strategy = defaultRuntimeConfig().strategy;
const ensemble = { strategy: 'ensemble', params_id: 'aaaaaaaaaaaa' };

const state = {
  symbols: ['BTCUSDT'],
  pnl_today: { unrealized_now: '1.5', realized_today: '0', series: [] },
  risk: { equity: '1000', circuit_breaker: { state: 'Closed', reason: null } },
} as unknown as StateSnapshot;

describe('buildBacktestReport', () => {
  it('counts wins and losses, sums PnL and fees exactly, and measures the drawdown from the peak', () => {
    const r = buildBacktestReport({
      hours: 2,
      seed: 5,
      state,
      positions: [
        pos('Closed', '10.1', '0.3'),
        pos('Closed', '-4.2', '0.3'),
        pos('Closed', '-0.1', '0.2'),
        pos('Open', '-0.3', '0.3'),
      ],
      decisionCounts: { total: 10, allowed: 4, blockedBy: { INSURANCE: 6 } },
      startEquity: '990',
      curve: ['0', '3', '-2', '1', '-1.5'],
      strategy,
    });
    expect(r.trades).toEqual({ closed: 3, wins: 1, losses: 2, open: 1 });
    expect(r.realizedPnl).toBe('5.5000');
    expect(r.commissions).toBe('1.1000');
    expect(r.grossProfit).toBe('10.1000');
    expect(r.grossLoss).toBe('4.3000');
    expect(r.profitFactor).toBeCloseTo(10.1 / 4.3, 10);
    expect(r.maxDrawdown).toBe('5.0000');
  });

  it('has no profit factor without a losing trade', () => {
    const r = buildBacktestReport({
      hours: 1,
      seed: 1,
      state,
      positions: [pos('Closed', '1', '0.1')],
      decisionCounts: { total: 1, allowed: 1, blockedBy: {} },
      startEquity: '1000',
      curve: [],
      strategy,
    });
    expect(r.profitFactor).toBeNull();
    expect(r.maxDrawdown).toBe('0.0000');
  });

  it('carries the per-trade return of each closed strategy trade as the live baseline, manual trades left out', () => {
    const r = buildBacktestReport({
      hours: 1,
      seed: 1,
      state,
      positions: [
        pos('Closed', '1', '0.1', ensemble),
        pos('Closed', '-0.5', '0.1', ensemble),
        pos('Closed', '0.2', '0.1', ensemble),
        pos('Closed', '0.4', '0.1', { strategy: 'ema-cross', params_id: 'bbbbbbbbbbbb' }),
        pos('Closed', '-50', '0.1', { strategy: 'manual' }),
        pos('Open', '3', '0.1', ensemble),
      ],
      decisionCounts: { total: 1, allowed: 1, blockedBy: {} },
      startEquity: '1000',
      curve: [],
      strategy,
    });
    // PnL on a notional of 100 × 1: 1 → 100 bps.
    const exits = { atr_period: strategy.atr_period, trailing_atr_mult: strategy.trailing_atr_mult, max_holding_min: strategy.max_holding_min };
    // One baseline per strategy + params: ema-cross's trade never joins the ensemble's.
    expect(r.baselines).toEqual([
      {
        strategy_name: 'ensemble',
        params_id: 'aaaaaaaaaaaa',
        exits,
        trades: 3,
        trade_returns_bps: [100, -50, 20],
        median_return_bps: 20,
        mad_return_bps: 70,
      },
      { strategy_name: 'ema-cross', params_id: 'bbbbbbbbbbbb', exits, trades: 1, trade_returns_bps: [40], median_return_bps: 40, mad_return_bps: 0 },
    ]);
  });
});
