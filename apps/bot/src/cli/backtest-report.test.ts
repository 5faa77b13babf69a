import { describe, expect, it } from 'vitest';
import type { PositionDto, StateSnapshot } from '@aurora/contracts';
import { buildBacktestReport } from './backtest-report';

const pos = (status: PositionDto['status'], realized: string, fees: string): PositionDto =>
  ({ status, realized_pnl: realized, commission_total_quote: fees }) as PositionDto;

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
    });
    expect(r.profitFactor).toBeNull();
    expect(r.maxDrawdown).toBe('0.0000');
  });
});
