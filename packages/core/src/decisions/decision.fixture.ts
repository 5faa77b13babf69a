import { defaultRuntimeConfig, type DecisionEnvelope, type RuntimeConfig } from '@aurora/contracts';
import { ManualClock } from '../clock';
import { dec } from '../money/decimal';
import { btcusdtFilters } from '../money/filters.fixture';
import { RiskEngine } from '../risk/risk-engine';
import type { DecisionRequest, TcaAdvice } from './decision-types';
import { TradeInsurance } from './insurance';
import { DecisionPipeline } from './pipeline';

/** A pipeline wired to a manual clock, and a request every gate lets through. */

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

export interface PipelineHarness {
  clock: ManualClock;
  config: RuntimeConfig;
  risk: RiskEngine;
  insurance: TradeInsurance;
  pipeline: DecisionPipeline;
  handedOff: DecisionEnvelope[];
}

export function pipelineHarness(
  opts: { capacity?: number; tca?: TcaAdvice; onDecision?: (e: DecisionEnvelope) => void } = {},
): PipelineHarness {
  const clock = new ManualClock(T0);
  const config = defaultRuntimeConfig();
  const risk = new RiskEngine(clock, { risk: config.risk, correlation: config.correlation });
  risk.updateEquity(dec('10000'));
  const insurance = new TradeInsurance(clock, config.insurance);
  let id = 0;
  let micros = 0;
  const handedOff: DecisionEnvelope[] = [];
  const pipeline = new DecisionPipeline({
    clock,
    ids: () => `d-${++id}`,
    // Every reading advances 7 µs, so each gate's duration is exactly 7.
    hrtime: () => (micros += 7),
    risk,
    insurance,
    config: { execution: config.execution, insurance: config.insurance },
    tcaAdvice: opts.tca === undefined ? undefined : () => opts.tca as TcaAdvice,
    onDecision: opts.onDecision ?? ((e) => handedOff.push(e)),
    capacity: opts.capacity,
  });
  return { clock, config, risk, insurance, pipeline, handedOff };
}

export function goodRequest(): DecisionRequest {
  return {
    proposal: {
      id: 'p-1',
      symbol: 'BTCUSDT',
      side: 'BUY',
      source: 'STRATEGY',
      strategy: 'ema-cross',
      paramsId: 'abc123def456',
      entryPrice: dec('50000'),
      quantity: null,
      stopPrice: dec('49000'),
      takeProfitPrice: dec('53000'),
      confidence: 0.7,
      createdAt: T0 - 1_000,
    },
    signals: [{ name: 'trend', direction: 'LONG', strength: 0.8, confidence: 0.9, inputs: { gap_atr: 0.8 } }],
    market: {
      book: {
        symbol: 'BTCUSDT',
        updateId: 1,
        bidPrice: dec('49999.99'),
        bidQty: dec('1'),
        askPrice: dec('50000'),
        askQty: dec('1'),
        receivedAt: T0 - 100,
      },
      marketDataAt: T0 - 50,
      klineUpdatedAt: T0 - 500,
      klineGaps: 0,
      atr: 400,
      signalPrice: dec('49990'),
    },
    exchange: { filters: btcusdtFilters(), exchangeInfoLoadedAt: T0 - 60_000, clockOffsetMs: 12 },
    account: { freeQuote: dec('5000') },
    position: { hasOpen: false, hasPendingIntent: false },
  };
}
