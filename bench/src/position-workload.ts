import type { Decimal } from 'decimal.js';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { parseUserEvent } from '@aurora/binance';
import {
  dec,
  ManualClock,
  PositionEngine,
  RiskEngine,
  TradeInsurance,
  type ExecutionReport,
} from '@aurora/core';
import { BNB_PRICE, STREAM_SYMBOL, type RoundTrip } from './report-stream';

/** A bench workload message that does not parse: the bench is wrong, not the product. */
export class BenchWorkloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchWorkloadError';
  }
}

/** The report path's engines as the bot wires them (app persistence and pushes left out). */
export interface PositionWorkload {
  clock: ManualClock;
  positions: PositionEngine;
  risk: RiskEngine;
  insurance: TradeInsurance;
}

export interface ApplyTally {
  /** Reports that changed a position (every report of a fresh round trip must). */
  changed: number;
  closed: number;
}

const STEP = dec('0.00001');

export function positionWorkload(): PositionWorkload {
  const config = defaultRuntimeConfig();
  const clock = new ManualClock(Date.UTC(2023, 10, 14, 12, 0, 0));
  const positions = new PositionEngine({
    clock,
    quoteAsset: 'USDT',
    tradingDayOffsetMin: 0,
    priceOf: (asset) => (asset === 'BNB' ? BNB_PRICE : null),
    dustThreshold: () => STEP,
  });
  const risk = new RiskEngine(clock, { risk: config.risk, correlation: config.correlation });
  risk.updateEquity(dec('10000'));
  const insurance = new TradeInsurance(clock, config.insurance);
  return { clock, positions, risk, insurance };
}

/** A raw user-data frame → the core ExecutionReport the user stream would emit. */
export function parseReportMessage(message: string): ExecutionReport {
  const parsed = parseUserEvent((JSON.parse(message) as { event: unknown }).event);
  if (parsed.ok !== true || parsed.event.kind !== 'executionReport')
    throw new BenchWorkloadError(`not an executionReport: ${message.slice(0, 120)}`);
  return parsed.event;
}

/** What the execution engine does before an entry order leaves: the position starts Pending. */
export function openEntries(w: PositionWorkload, trips: readonly RoundTrip[]): void {
  for (const t of trips) {
    w.positions.openPosition({
      intentId: t.entryClientOrderId,
      clientOrderId: t.entryClientOrderId,
      symbol: STREAM_SYMBOL,
      side: 'BUY',
      requestedQty: t.qty,
      decisionId: `decision-${t.index}`,
    });
  }
}

/** The exit orders of filled entries: each position goes Closing. */
export function registerExits(w: PositionWorkload, trips: readonly RoundTrip[]): void {
  for (const t of trips)
    w.positions.registerExitOrder(`pos-${t.entryClientOrderId}`, t.exitClientOrderId, t.qty);
}

/**
 * The hot loop under measurement: each report through PositionEngine.onExecutionReport and, on
 * the report that closes a trade, RiskEngine.onTradeClosed and TradeInsurance.onTradeClosed, as
 * apps/bot's report flow calls them (keyed by the position's decision id).
 */
export function applyReports(w: PositionWorkload, reports: readonly ExecutionReport[]): ApplyTally {
  let changed = 0;
  let closed = 0;
  for (const r of reports) {
    const outcome = w.positions.onExecutionReport(r);
    if (outcome.changed) changed++;
    const trade = outcome.closedTrade;
    if (trade !== undefined) {
      closed++;
      const decisionId = w.positions.getPosition(trade.positionId)?.decisionId ?? trade.positionId;
      w.risk.onTradeClosed(decisionId, trade.pnl);
      w.insurance.onTradeClosed(trade.symbol, trade.pnl);
    }
  }
  return { changed, closed };
}

/** Realized PnL of a round trip's position, for checking the workload against its expectation. */
export function realizedPnl(w: PositionWorkload, trip: RoundTrip): Decimal | undefined {
  return w.positions.getPosition(`pos-${trip.entryClientOrderId}`)?.realizedPnl;
}
