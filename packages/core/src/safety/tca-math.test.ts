import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import { implementationShortfallBps, marketImpactBps, midPrice, slippageBps, spreadBps } from './tca-math';

describe('TCA formulas', () => {
  it('signs slippage positive when a BUY pays more than arrival and a SELL receives less', () => {
    expect(slippageBps('BUY', dec('100'), dec('100.05'))).toBe(5);
    expect(slippageBps('SELL', dec('100'), dec('99.95'))).toBe(5);
  });

  it('signs price improvement negative for both sides', () => {
    expect(slippageBps('BUY', dec('100'), dec('99.98'))).toBe(-2);
    expect(slippageBps('SELL', dec('100'), dec('100.02'))).toBe(-2);
  });

  it('adds fees on the paper notional to the shortfall against the signal price', () => {
    // BUY 2 @ 100.05 after a signal at 100, fee 0.2 USDT: 5 bps of price + 10 bps of fee.
    expect(implementationShortfallBps('BUY', dec('100'), dec('100.05'), dec('2'), dec('0.2'))).toBe(15);
    // SELL 1 @ 99.9 after a signal at 100, fee 0.1: 10 + 10.
    expect(implementationShortfallBps('SELL', dec('100'), dec('99.9'), dec('1'), dec('0.1'))).toBe(20);
    // SELL above the signal: −10 bps of price, +5 bps of fee.
    expect(implementationShortfallBps('SELL', dec('100'), dec('100.1'), dec('1'), dec('0.05'))).toBe(-5);
    expect(implementationShortfallBps('BUY', dec('100'), dec('100.05'), dec('2'))).toBe(5);
  });

  it('measures the spread in bps of the mid, rounded to 0.0001 bps', () => {
    expect(midPrice(dec('99.95'), dec('100.05')).toFixed()).toBe('100');
    expect(spreadBps(dec('99.95'), dec('100.05'))).toBe(10);
    expect(spreadBps(dec('100'), dec('100.1'))).toBe(9.995);
  });

  it('signs impact positive when the mid moves on in the trade direction', () => {
    expect(marketImpactBps('BUY', dec('100'), dec('100.2'))).toBe(20);
    expect(marketImpactBps('SELL', dec('100'), dec('99.7'))).toBe(30);
    expect(marketImpactBps('SELL', dec('100'), dec('100.1'))).toBe(-10);
  });
});
