import type { TradingDay } from '../trading-calendar';
import type { CircuitBreakerSnapshot } from './circuit-breaker';
import { RiskSnapshotInvalid } from './risk-errors';
import { parseClosedTradeReceipts, type ClosedTradeReceiptsSnapshot } from '../audit/closed-trade-receipts';

/** What the risk engine persists so a restart keeps today's counters and the breaker. */
export interface RiskEngineSnapshot {
  version: 1;
  /** Trading-day number the counters belong to (see tradingDayIndex). */
  dayIndex: number;
  /** The day's bounds: a restart after an offset change keeps the running day (absent in old snapshots). */
  day?: TradingDay;
  startOfDayEquity: string;
  equity: string;
  /** Unrealized PnL when the day began; null before the day's first reading. */
  unrealizedAtDayStart: string | null;
  /** The day's equity change has already tripped the breaker. */
  dailyLossTripped: boolean;
  consecutiveLosses: number;
  dailyTrades: number;
  lastCheckAt: number | null;
  breaker: CircuitBreakerSnapshot;
  /** Absent in snapshots written before the books audit: the record then starts at restore. */
  closedTrades?: ClosedTradeReceiptsSnapshot;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Checks the shape only; the breaker part is checked by CircuitBreaker.restore. */
export function parseRiskEngineSnapshot(raw: unknown): RiskEngineSnapshot {
  if (typeof raw !== 'object' || raw === null) throw new RiskSnapshotInvalid('engine', 'not an object');
  const s = raw as Record<string, unknown>;
  if (s.version !== 1) throw new RiskSnapshotInvalid('engine', `unsupported version ${String(s.version)}`);
  if (typeof s.dayIndex !== 'number' || !Number.isInteger(s.dayIndex)) {
    throw new RiskSnapshotInvalid('engine', 'dayIndex must be an integer');
  }
  for (const key of ['startOfDayEquity', 'equity'] as const) {
    const v = s[key];
    if (typeof v !== 'string' || !DECIMAL.test(v))
      throw new RiskSnapshotInvalid('engine', `${key} must be a decimal string`);
  }
  // Snapshots older than the mark-to-market definition carry neither field (and a closed-trade
  // `dailyPnl` that is no longer read): the day's first reading then sets the start.
  const unrealizedAtDayStart = s.unrealizedAtDayStart ?? null;
  if (
    unrealizedAtDayStart !== null &&
    (typeof unrealizedAtDayStart !== 'string' || !DECIMAL.test(unrealizedAtDayStart))
  )
    throw new RiskSnapshotInvalid('engine', 'unrealizedAtDayStart must be a decimal string');
  const dailyLossTripped = s.dailyLossTripped ?? false;
  if (typeof dailyLossTripped !== 'boolean') throw new RiskSnapshotInvalid('engine', 'bad dailyLossTripped');
  if (!isCount(s.consecutiveLosses))
    throw new RiskSnapshotInvalid('engine', 'consecutiveLosses must be a count');
  if (!isCount(s.dailyTrades)) throw new RiskSnapshotInvalid('engine', 'dailyTrades must be a count');
  const lastCheckAt = s.lastCheckAt ?? null;
  if (lastCheckAt !== null && !isCount(lastCheckAt))
    throw new RiskSnapshotInvalid('engine', 'bad lastCheckAt');
  let closedTrades: ClosedTradeReceiptsSnapshot | undefined;
  try {
    closedTrades = parseClosedTradeReceipts(s.closedTrades);
  } catch (err) {
    throw new RiskSnapshotInvalid('engine', (err as Error).message);
  }
  return {
    ...(closedTrades ? { closedTrades } : {}),
    version: 1,
    dayIndex: s.dayIndex,
    ...(s.day !== undefined ? { day: s.day as TradingDay } : {}),
    startOfDayEquity: s.startOfDayEquity as string,
    equity: s.equity as string,
    unrealizedAtDayStart,
    dailyLossTripped,
    consecutiveLosses: s.consecutiveLosses,
    dailyTrades: s.dailyTrades,
    lastCheckAt,
    breaker: s.breaker as CircuitBreakerSnapshot,
  };
}
