import { defaultRuntimeConfig, type Side } from '@aurora/contracts';
import {
  dec,
  DecisionPipeline,
  ManualClock,
  RiskEngine,
  TcaTracker,
  TradeInsurance,
  type BookTicker,
  type Decision,
  type DecisionRequest,
  type SymbolFilters,
} from '@aurora/core';
import { withBaseline, type BenchResult } from './bench-result';
import { repeatRate } from './throughput';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const MESSAGES = 2_000;

/** A proposal as it travels between processes: the contracts' Proposal plus the signal's price. */
interface ProposalMessage {
  id: string;
  symbol: string;
  side: Side;
  source: 'STRATEGY' | 'MANUAL';
  entry_price: string;
  stop_price: string | null;
  take_profit_price: string | null;
  signal_price: string;
  confidence: number;
  created_at: number;
}

/** BTCUSDT's rules as the simulator (and Binance) publish them. */
export function btcusdtFilters(): SymbolFilters {
  return {
    symbol: 'BTCUSDT',
    status: 'TRADING',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    baseAssetPrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    priceFilter: { minPrice: dec('0.01'), maxPrice: dec('1000000'), tickSize: dec('0.01') },
    lotSize: { minQty: dec('0.00001'), maxQty: dec('9000'), stepSize: dec('0.00001') },
    marketLotSize: { minQty: dec('0'), maxQty: dec('100'), stepSize: dec('0') },
    notional: {
      minNotional: dec('5'),
      applyMinToMarket: true,
      maxNotional: dec('9000000'),
      applyMaxToMarket: false,
      avgPriceMins: 5,
    },
    maxNumOrders: { maxNumOrders: 200 },
  };
}

/** Strategy proposals around 50,000 with a 2 % stop and a 6 % target, each one different. */
export function proposalMessages(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const entry = dec(50_000).plus(dec(i % 400).div(100));
    const m: ProposalMessage = {
      id: `proposal-${i}`,
      symbol: 'BTCUSDT',
      side: 'BUY',
      source: 'STRATEGY',
      entry_price: entry.toFixed(2),
      stop_price: entry.times('0.98').toFixed(2),
      take_profit_price: entry.times('1.06').toFixed(2),
      signal_price: entry.minus(5).toFixed(2),
      confidence: 0.6 + (i % 30) / 100,
      created_at: T0 - 1_000,
    };
    return JSON.stringify(m);
  });
}

/** The pipeline as apps/bot wires it (engines.ts), on a fixed clock; decisions are not persisted. */
function wiredPipeline(): { pipeline: DecisionPipeline; request: (m: ProposalMessage) => DecisionRequest } {
  const config = defaultRuntimeConfig();
  const clock = new ManualClock(T0);
  const risk = new RiskEngine(clock, { risk: config.risk, correlation: config.correlation });
  risk.updateEquity(dec('10000'));
  const insurance = new TradeInsurance(clock, config.insurance);
  const tca = new TcaTracker(config.tca, clock);
  let id = 0;
  const pipeline = new DecisionPipeline({
    clock,
    ids: () => `decision-${++id}`,
    risk,
    insurance,
    config: { execution: config.execution, insurance: config.insurance },
    hrtime: () => Number(process.hrtime.bigint() / 1000n),
    tcaAdvice: () => tca.advice(),
  });
  const filters = btcusdtFilters();
  const book: BookTicker = {
    symbol: 'BTCUSDT',
    updateId: 1,
    bidPrice: dec('50001.99'),
    bidQty: dec('1.5'),
    askPrice: dec('50002.00'),
    askQty: dec('1.2'),
    receivedAt: T0 - 100,
  };
  const freeQuote = dec('5000');
  const request = (m: ProposalMessage): DecisionRequest => ({
    proposal: {
      id: m.id,
      symbol: m.symbol,
      side: m.side,
      source: m.source,
      strategy: m.source === 'MANUAL' ? 'manual' : 'ensemble',
      paramsId: null,
      entryPrice: dec(m.entry_price),
      quantity: null,
      stopPrice: m.stop_price === null ? null : dec(m.stop_price),
      takeProfitPrice: m.take_profit_price === null ? null : dec(m.take_profit_price),
      confidence: m.confidence,
      createdAt: m.created_at,
    },
    market: {
      book,
      marketDataAt: T0 - 50,
      klineUpdatedAt: T0 - 500,
      klineGaps: 0,
      atr: 60,
      signalPrice: dec(m.signal_price),
    },
    exchange: { filters, exchangeInfoLoadedAt: T0 - 60_000, clockOffsetMs: 12 },
    account: { freeQuote },
    position: { hasOpen: false, hasPendingIntent: false },
    correlations: [],
  });
  return { pipeline, request };
}

/**
 * Issue 4, first half: proposal messages → DecisionRequest → DecisionPipeline.evaluate through
 * all four gates (real RiskEngine, TradeInsurance, TCA advice, BTCUSDT filters), against a bare
 * JSON.parse of the same messages.
 */
export function runDecisionBench(): BenchResult[] {
  const messages = proposalMessages(MESSAGES);
  const { pipeline, request } = wiredPipeline();
  const evaluate = (s: string): Decision => pipeline.evaluate(request(JSON.parse(s) as ProposalMessage));
  let allowed = 0;
  for (const s of messages) if (evaluate(s).allowed) allowed++;
  const bare = repeatRate(messages, (s) => JSON.parse(s));
  const evaluated = repeatRate(messages, evaluate);
  return [
    withBaseline(
      {
        name: 'core.decision_pipeline.evaluate',
        value: Math.round(evaluated),
        unit: 'proposal/s',
        note:
          `JSON proposal → Decimal fields → DATA_QUALITY, INSURANCE, RISK (sizing), EXECUTION_QUALITY; ` +
          `${allowed}/${messages.length} distinct proposals ALLOWed, so every gate runs; envelope kept ` +
          'in the bounded ring, not persisted (the SQLite insert is in tick_to_order)',
      },
      'JSON.parse of the same proposal messages',
      Math.round(bare),
    ),
  ];
}
