import { describe, expect, it } from 'vitest';
import { DecisionEnvelope } from '@aurora/contracts';
import { dec } from '../money/decimal';
import type { DecisionRequest } from './decision-types';
import { goodRequest, pipelineHarness, T0 } from './decision.fixture';

const gatesOf = (d: { envelope: DecisionEnvelope }) =>
  d.envelope.gates.map((g) => `${g.gate}:${g.verdict}${g.reason_code ? `:${g.reason_code}` : ''}`);

const withMarket = (over: Partial<DecisionRequest['market']>): DecisionRequest => {
  const r = goodRequest();
  return { ...r, market: { ...r.market, ...over } };
};

describe('DecisionPipeline', () => {
  it('allows a good proposal through all four gates and sizes it', () => {
    const { pipeline } = pipelineHarness();
    const d = pipeline.evaluate(goodRequest());
    expect(d.allowed).toBe(true);
    expect(d.quantity?.toFixed()).toBe('0.03');
    expect(d.forceLimit).toBe(false);
    expect(gatesOf(d)).toEqual([
      'DATA_QUALITY:ALLOW',
      'INSURANCE:ALLOW',
      'RISK:ALLOW',
      'EXECUTION_QUALITY:ALLOW',
    ]);
    const env = DecisionEnvelope.parse(d.envelope);
    expect(env).toMatchObject({
      id: 'd-1',
      strategy: 'ema-cross',
      params_id: 'abc123def456',
      final_decision: 'ALLOW',
      blocking_layer: null,
      adjusted_quantity: '0.03',
      intent_id: null,
      created_at: T0,
      decided_at: T0,
      proposal: {
        id: 'p-1',
        symbol: 'BTCUSDT',
        side: 'BUY',
        source: 'STRATEGY',
        entry_price: '50000',
        quantity: null,
        stop_price: '49000',
        take_profit_price: '53000',
        confidence: 0.7,
        created_at: T0 - 1_000,
      },
    });
    expect(env.signals).toHaveLength(1);
    expect(env.gates.map((g) => g.duration_us)).toEqual([7, 7, 7, 7]);
    expect(env.gates[2]?.inputs).toMatchObject({
      limited_by: 'MAX_NOTIONAL',
      quantity: '0.03',
      size_factor: 1,
    });
  });

  it('stops at a DATA_QUALITY block and records it as the blocking layer', () => {
    const { pipeline, risk } = pipelineHarness();
    const d = pipeline.evaluate(withMarket({ marketDataAt: T0 - 5_001 }));
    expect(d.allowed).toBe(false);
    expect(d.quantity).toBeNull();
    expect(gatesOf(d)).toEqual(['DATA_QUALITY:BLOCK:MARKET_DATA_STALE']);
    expect(d.envelope.blocking_layer).toBe('DATA_QUALITY');
    expect(d.envelope.adjusted_quantity).toBeNull();
    expect(risk.toDto().last_check_at).toBeNull();
  });

  it('checks exchange info, clock offset and candle gaps as data quality', () => {
    const { pipeline } = pipelineHarness();
    const r = goodRequest();
    const code = (req: DecisionRequest) => pipeline.evaluate(req).envelope.gates[0]?.reason_code;
    expect(code({ ...r, exchange: { ...r.exchange, exchangeInfoLoadedAt: null } })).toBe(
      'EXCHANGE_INFO_MISSING',
    );
    expect(code({ ...r, exchange: { ...r.exchange, filters: null } })).toBe('SYMBOL_RULES_MISSING');
    expect(code({ ...r, exchange: { ...r.exchange, clockOffsetMs: null } })).toBe('CLOCK_UNSYNCED');
    expect(code({ ...r, exchange: { ...r.exchange, clockOffsetMs: -1_001 } })).toBe('CLOCK_OFFSET');
    expect(code(withMarket({ klineGaps: 1 }))).toBe('KLINE_GAP');
  });

  it('stops at an INSURANCE block before the risk engine is consulted', () => {
    const { pipeline, risk } = pipelineHarness();
    const r = goodRequest();
    const d = pipeline.evaluate({ ...r, proposal: { ...r.proposal, confidence: 0.3 } });
    expect(gatesOf(d)).toEqual(['DATA_QUALITY:ALLOW', 'INSURANCE:BLOCK:LOW_CONFIDENCE']);
    expect(d.envelope.blocking_layer).toBe('INSURANCE');
    expect(risk.toDto().last_check_at).toBeNull();
  });

  it('blocks at RISK with the risk engine code when the breaker is open', () => {
    const { pipeline, risk } = pipelineHarness();
    risk.kill();
    const d = pipeline.evaluate(goodRequest());
    expect(gatesOf(d)).toEqual(['DATA_QUALITY:ALLOW', 'INSURANCE:ALLOW', 'RISK:BLOCK:CIRCUIT_BREAKER']);
    expect(d.envelope.blocking_layer).toBe('RISK');
  });

  it('blocks at RISK when the sized quantity falls below the minimum notional', () => {
    const { pipeline } = pipelineHarness();
    const d = pipeline.evaluate({ ...goodRequest(), account: { freeQuote: dec('3') } });
    expect(gatesOf(d).at(-1)).toBe('RISK:BLOCK:INSUFFICIENT_BALANCE');
  });

  it('blocks at EXECUTION_QUALITY on a wide spread or a thin top of book', () => {
    const { pipeline } = pipelineHarness();
    const book = goodRequest().market.book!;
    // 100 / 49 950 = 20.02 bps > 15 bps (while 100 ≤ 0.5 × ATR 400 passes insurance).
    const wide = pipeline.evaluate(withMarket({ book: { ...book, bidPrice: dec('49900') } }));
    expect(gatesOf(wide).at(-1)).toBe('EXECUTION_QUALITY:BLOCK:SPREAD_TOO_WIDE');
    expect(wide.envelope.blocking_layer).toBe('EXECUTION_QUALITY');
    const thin = pipeline.evaluate(withMarket({ book: { ...book, askQty: dec('0.001') } }));
    expect(gatesOf(thin).at(-1)).toBe('EXECUTION_QUALITY:BLOCK:THIN_BOOK');
  });

  it('applies TCA advice: a smaller size and a forced LIMIT entry', () => {
    const { pipeline } = pipelineHarness({ tca: { forceLimit: true, sizeFactor: 0.5 } });
    const d = pipeline.evaluate(goodRequest());
    expect(d.allowed).toBe(true);
    expect(d.quantity?.toFixed()).toBe('0.015');
    expect(d.forceLimit).toBe(true);
    expect(d.envelope.gates[3]?.reason).toBe('spread and depth acceptable; TCA size × 0.5, TCA forces LIMIT');
  });

  it('blocks when the TCA size cut leaves less than the minimum notional', () => {
    const { pipeline } = pipelineHarness({ tca: { forceLimit: false, sizeFactor: 0.003 } });
    const d = pipeline.evaluate(goodRequest());
    expect(gatesOf(d).at(-1)).toBe('EXECUTION_QUALITY:BLOCK:TCA_BELOW_MIN_NOTIONAL');
  });

  it('never blocks an exit: failing gates are recorded as ALLOW with their reason', () => {
    const { pipeline, risk } = pipelineHarness({ tca: { forceLimit: true, sizeFactor: 0.1 } });
    risk.kill();
    const r = withMarket({ marketDataAt: T0 - 60_000 });
    const d = pipeline.evaluate({
      ...r,
      isExit: true,
      proposal: { ...r.proposal, side: 'SELL', quantity: dec('0.0312'), stopPrice: null, confidence: 0 },
    });
    expect(d.allowed).toBe(true);
    expect(d.quantity?.toFixed()).toBe('0.0312');
    expect(d.forceLimit).toBe(false);
    expect(gatesOf(d)).toEqual([
      'DATA_QUALITY:ALLOW:MARKET_DATA_STALE',
      'INSURANCE:ALLOW',
      'RISK:ALLOW',
      'EXECUTION_QUALITY:ALLOW',
    ]);
    expect(d.envelope.gates[0]?.reason).toBe('exit allowed despite: market data is 60000 ms old (max 5000)');
    expect(d.envelope.adjusted_quantity).toBe('0.0312');
  });

  it('takes an operator quantity scaled to the grid, and refuses one the balance cannot pay', () => {
    const { pipeline } = pipelineHarness();
    const r = goodRequest();
    const manual = { ...r.proposal, source: 'MANUAL' as const, quantity: dec('0.0123456'), confidence: 1 };
    const ok = pipeline.evaluate({ ...r, proposal: manual, market: { ...r.market, signalPrice: null } });
    expect(ok.quantity?.toFixed()).toBe('0.01234');
    const poor = pipeline.evaluate({ ...r, proposal: manual, account: { freeQuote: dec('100') } });
    expect(gatesOf(poor).at(-1)).toBe('RISK:BLOCK:INSUFFICIENT_BALANCE');
  });

  it('keeps only the last N envelopes, newest first, and hands every one to onDecision', () => {
    const { pipeline, handedOff } = pipelineHarness({ capacity: 3 });
    for (let i = 0; i < 5; i++) pipeline.evaluate(goodRequest());
    expect(pipeline.recent().map((e) => e.id)).toEqual(['d-5', 'd-4', 'd-3']);
    expect(pipeline.recent(1).map((e) => e.id)).toEqual(['d-5']);
    expect(pipeline.find('d-4')?.id).toBe('d-4');
    expect(pipeline.find('d-1')).toBeUndefined();
    expect(handedOff.map((e) => e.id)).toEqual(['d-1', 'd-2', 'd-3', 'd-4', 'd-5']);
  });

  it('still returns the decision when onDecision throws, and counts the failure', () => {
    const { pipeline } = pipelineHarness({
      onDecision: () => {
        throw new Error('disk full');
      },
    });
    const d = pipeline.evaluate(goodRequest());
    expect(d.allowed).toBe(true);
    expect(pipeline.handoffErrors).toBe(1);
    expect(pipeline.recent()).toHaveLength(1);
  });
});
