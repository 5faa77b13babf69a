import type { DecisionEnvelope } from '@aurora/contracts';
import type { Clock, ExecutionEngine, ReportOutcome } from '@aurora/core';
import type { Ids, KernelConfig, KernelEvent, KernelLogger, KernelMetrics, KernelState, KernelStore } from '../kernel-deps';
import type { Scheduler } from '../ports/scheduler';
import type { VenuePort } from '../ports/venue-port';
import type { AccountBook } from './account-book';
import type { Engines } from './engines';
import type { LatencyMarks } from './latency-marks';
import type { MarketData } from './market-data';

/**
 * What the kernel's flows (entries, exits, reports, audit, observer) share: the deps, the
 * engines, the market picture, the account, and the venue-bound pieces that change when the
 * account mode switches.
 */
export interface KernelParts {
  readonly d: KernelView;
  readonly engines: Engines;
  readonly market: MarketData;
  readonly account: AccountBook;
  readonly latencyMarks: LatencyMarks;
  readonly venue: VenuePort | null;
  readonly execution: ExecutionEngine<ReportOutcome> | null;
  persistPosition(positionId: string): void;
  /** Persist a decision envelope (batched after the current turn). */
  saveDecision(envelope: DecisionEnvelope): void;
  onHandlerError(source: string, err: Error): void;
}

/** The deps and the host's parts flattened: what a flow reads as `d`. */
export interface KernelView {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly ids: Ids;
  readonly repo: KernelStore;
  readonly state: KernelState;
  readonly config: KernelConfig;
  readonly metrics: KernelMetrics;
  readonly log: KernelLogger;
  broadcast(event: KernelEvent): void;
  monotonicMs(): number;
}
