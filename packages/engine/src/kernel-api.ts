import type {
  AuditBooksDto,
  AuditResult,
  ClosePositionRequest,
  DecisionEnvelope,
  ManualProposalRequest,
  PositionDto,
  RateLimitDto,
  ReconcileResult,
} from '@aurora/contracts';
import type { Position, UserStreamEvent } from '@aurora/core';
import type { Decimal } from 'decimal.js';
import type { VenueSession } from './kernel-deps';
import type { MarketEvent, VenuePort } from './ports/venue-port';

/** What an operator's control commands do in the kernel (the app's ControlService calls these). */
export interface KernelControl {
  /** KILL: cancel open entry orders (never exits) and trip the breaker with MANUAL_KILL. */
  onKill(): Promise<void>;
  /** RESUME: clear a manual kill and the dead-man switch, never an automatic breaker trip. */
  onResume(): void;
  /** RESET BREAKER: end an automatic trip and the losing streak; null when nothing was tripped. */
  onResetBreaker(): { reset: string; breakerState: string } | null;
  /** Refuse an account-mode switch while anything is open on the current venue. */
  accountSwitchBlocker(): string | null;
}

/**
 * The trading kernel's public face: the one trading loop live, demo and the backtest run.
 * Event-driven: with a virtual scheduler, a memory store and an in-process venue, feeding a
 * candle and draining microtasks completes the trading turn.
 */
export interface TradingKernelApi {
  /** Connect the venue, warm up, reconcile, start the tick and reconcile loops; no trading before. */
  start(venue: VenuePort, session: VenueSession): Promise<void>;
  /** Attach a venue (start-up and account switch): streams, execution, reconciler, warm-up, reconcile. */
  connect(venue: VenuePort, session: VenueSession): Promise<void>;
  /** Close the current venue and raise STARTUP_RECONCILE (an account switch connects the next one). */
  disconnect(): Promise<void>;
  /** A market stream event (the venue's listener calls this; so may a backtest driver). */
  onMarketEvent(e: MarketEvent): void;
  /** A user-data stream event. */
  onUserEvent(e: UserStreamEvent): void;
  /** The 1 s tick: dead-man, breaker, exits on the clock, stale entries, TCA, PnL, fees, observer. */
  tick(): void;
  stop(): void;
  /** Graceful: pause, cancel entry orders (never exits), log open positions, persist, close the venue. */
  shutdown(): Promise<void>;

  reconcile(trigger: ReconcileResult['trigger']): Promise<ReconcileResult>;
  runAudit(trigger: 'MANUAL'): Promise<AuditResult>;
  auditBooks(): AuditBooksDto;
  propose(body: ManualProposalRequest, source: string): Promise<DecisionEnvelope>;
  closePosition(id: string, body: ClosePositionRequest, source: string): Promise<{ position: PositionDto; intent_id: string }>;
  exitPosition(positionId: string, quantity: Decimal | undefined, reason: string, source: string): Promise<unknown>;
  control(): KernelControl;
  heartbeat(source: string): number | null;
  positionDto(p: Position): PositionDto;
  rateLimits(): RateLimitDto;
  venueConnected(): boolean;
  lastReconcileAgeMs(): number | null;
  readonly lastReconcileResult: ReconcileResult | null;
}
