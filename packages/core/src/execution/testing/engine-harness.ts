import { defaultRuntimeConfig, type ExecutionConfig } from '@aurora/contracts';
import { ManualClock } from '../../clock';
import { dec } from '../../money/decimal';
import type { SymbolFilters } from '../../money/symbol-filters';
import { PositionEngine, type ReportOutcome } from '../../orders/index';
import { ExecutionEngine } from '../execution-engine';
import type { ExecutionAnomaly, EntryRequest } from '../execution-requests';
import type { ReportApplication } from '../report-application';
import { IdempotencyStore } from '../idempotency';
import { InMemoryIntentStore } from '../intent-store';
import { FakeExchange, type FakeExchangeOptions } from './fake-exchange';
import { instantSleep, sequentialIds } from './instant-sleep';
import { btcUsdtFilters } from './symbol-filters.fixture';

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

export interface HarnessOptions {
  config?: Partial<ExecutionConfig>;
  filters?: SymbolFilters[];
  exchange?: Partial<Omit<FakeExchangeOptions, 'clock'>>;
  /** Deliver the fake exchange's execution reports to the engine as a user stream would. */
  stream?: boolean;
  retry?: { maxAttempts?: number; baseBackoffMs?: number; maxBackoffMs?: number };
  recovery?: { initialDelayMs?: number; maxDelayMs?: number; queryLagMs?: number };
  /** insurance.max_data_age_ms as the app passes it (the engine's default otherwise). */
  entryMaxAgeMs?: number;
}

/**
 * The execution engine wired to the real PositionEngine, an in-memory intent store, the fake
 * exchange, a manual clock and an instant sleep: the whole order path, in microseconds.
 */
export function createHarness(opts: HarnessOptions = {}) {
  const clock = new ManualClock(T0);
  const filters = opts.filters ?? [btcUsdtFilters()];
  const exchange = new FakeExchange({ clock, filters, prices: { BTCUSDT: '50000' }, ...opts.exchange });
  const intents = new InMemoryIntentStore();
  const idempotency = new IdempotencyStore({ clock });
  const positions = new PositionEngine({
    clock,
    quoteAsset: 'USDT',
    tradingDayOffsetMin: 0,
    priceOf: () => null,
  });
  const config: ExecutionConfig = { ...defaultRuntimeConfig().execution, ...opts.config };
  const sleep = instantSleep(clock);
  const anomalies: ExecutionAnomaly[] = [];
  const resyncs: number[] = [];
  /** Everything the engine's outcome sink was given, in order. */
  const outcomes: ReportApplication<ReportOutcome>[] = [];
  const engine = new ExecutionEngine<ReportOutcome>({
    exchange,
    intents,
    idempotency,
    positions,
    filters: (s) => filters.find((f) => f.symbol === s),
    config: () => config,
    clock,
    sleep,
    newId: sequentialIds(),
    resync: async () => {
      resyncs.push(clock.now());
    },
    onAnomaly: (a) => anomalies.push(a),
    onOutcome: (o) => outcomes.push(o),
    ...(opts.retry !== undefined ? { retry: opts.retry } : {}),
    ...(opts.recovery !== undefined ? { recovery: opts.recovery } : {}),
    ...(opts.entryMaxAgeMs !== undefined ? { entryMaxAgeMs: () => opts.entryMaxAgeMs as number } : {}),
  });
  if (opts.stream === true) exchange.onReport((r) => engine.onExecutionReport(r));
  return {
    clock,
    exchange,
    intents,
    idempotency,
    positions,
    config,
    sleep,
    anomalies,
    resyncs,
    outcomes,
    engine,
  };
}

export type Harness = ReturnType<typeof createHarness>;

/** A BUY entry request for BTCUSDT near the fake's 50 000 price. */
export function entryRequest(overrides: Partial<EntryRequest> = {}): EntryRequest {
  return {
    proposalId: 'prop-1',
    decisionId: 'dec-1',
    symbol: 'BTCUSDT',
    side: 'BUY',
    quantity: dec('0.01'),
    price: dec('49900'),
    stop: dec('49000'),
    takeProfit: dec('52000'),
    ...overrides,
  };
}
