import type { DecisionEnvelope } from '@aurora/contracts';
import type { ExecutionEngine, ReportOutcome } from '@aurora/core';
import type { WsHub } from '../api/routes/ws';
import type { AccountBook } from './account-book';
import type { Engines } from './engines';
import type { LatencyMarks } from './latency-marks';
import type { MarketData } from './market-data';
import type { TradingRuntimeDeps } from './trading-runtime';
import type { VenueConnection } from './venue';

/**
 * What the runtime's flows (entries, exits, reports) share: the deps, the engines, the market
 * picture, the account, and the venue-bound pieces that change when the account mode switches.
 */
export interface RuntimeKit {
  readonly d: TradingRuntimeDeps;
  readonly engines: Engines;
  readonly market: MarketData;
  readonly account: AccountBook;
  readonly latencyMarks: LatencyMarks;
  readonly venue: VenueConnection | null;
  readonly execution: ExecutionEngine<ReportOutcome> | null;
  hub(): WsHub | null;
  persistPosition(positionId: string): void;
  /** Persist a decision envelope (batched after the current turn). */
  saveDecision(envelope: DecisionEnvelope): void;
  onHandlerError(source: string, err: Error): void;
}
