import type { Decimal } from 'decimal.js';
import type {
  DecisionEnvelope,
  ExecutionConfig,
  GateName,
  GateVerdict,
  InsuranceConfig,
  Proposal,
} from '@aurora/contracts';
import type { Clock } from '../clock';
import type { RiskEngine } from '../risk/risk-engine';
import { dataQualityGate } from './data-quality-gate';
import { DecisionRing } from './decision-ring';
import {
  gateAllow,
  gateBlock,
  type Decision,
  type DecisionRequest,
  type GateOutcome,
  type TcaAdvice,
} from './decision-types';
import { executionQualityGate } from './execution-quality-gate';
import type { TradeInsurance } from './insurance';
import { riskGate } from './risk-gate';

export interface DecisionPipelineConfig {
  execution: ExecutionConfig;
  insurance: InsuranceConfig;
}

export interface DecisionPipelineDeps {
  clock: Clock;
  /** Unique ids for envelopes (and proposals that arrive without one). */
  ids: () => string;
  risk: RiskEngine;
  insurance: TradeInsurance;
  config: DecisionPipelineConfig;
  /** Microsecond timer for gate durations; defaults to the clock (millisecond resolution). */
  hrtime?: () => number;
  /** TCA rules for a symbol; absent means no advice (full size, configured order type). */
  tcaAdvice?: (symbol: string) => TcaAdvice;
  /** Receives every envelope (ALLOW and BLOCK) so the app can persist and push it. */
  onDecision?: (envelope: DecisionEnvelope) => void;
  /** Envelopes kept in memory. Default 500. */
  capacity?: number;
}

const NO_ADVICE: TcaAdvice = Object.freeze({ forceLimit: false, sizeFactor: 1 });

/**
 * Proposal → decision through DATA_QUALITY → INSURANCE → RISK → EXECUTION_QUALITY. Evaluation
 * stops at the first BLOCK; the envelope lists every gate that ran, with its verdict, reason,
 * inputs and duration. Exits are never blocked: a gate that would block one records ALLOW with
 * its reason code, so the log still shows what was wrong when the position was closed.
 * Synchronous and allocation-light: it sits on the tick-to-order path.
 */
export class DecisionPipeline {
  private readonly ring: DecisionRing;
  private readonly hrtime: () => number;
  private config: DecisionPipelineConfig;
  /** onDecision threw this many times; the decision itself still stands. */
  handoffErrors = 0;
  lastHandoffError: unknown = null;

  constructor(private readonly deps: DecisionPipelineDeps) {
    this.ring = new DecisionRing(deps.capacity ?? 500);
    this.config = deps.config;
    const clock = deps.clock;
    this.hrtime = deps.hrtime ?? (() => clock.now() * 1000);
  }

  updateConfig(config: DecisionPipelineConfig): void {
    this.config = config;
  }

  /** Newest first. */
  recent(limit?: number): DecisionEnvelope[] {
    return this.ring.recent(limit);
  }

  find(id: string): DecisionEnvelope | undefined {
    return this.ring.find(id);
  }

  evaluate(req: DecisionRequest): Decision {
    const { clock, risk, insurance } = this.deps;
    const createdAt = clock.now();
    const exit = req.isExit === true;
    const gates: GateVerdict[] = [];
    let quantity: Decimal | null = null;
    let forceLimit = false;

    const exec = this.config.execution;
    let started = this.hrtime();
    const dq = dataQualityGate(req, exec, this.config.insurance.max_data_age_ms, createdAt);
    let passed = this.record(gates, 'DATA_QUALITY', exit, started, dq);
    if (passed) {
      started = this.hrtime();
      passed = this.record(gates, 'INSURANCE', exit, started, this.insure(req, insurance));
    }
    if (passed) {
      started = this.hrtime();
      const r = riskGate(req, risk, exec.entry_order_type === 'MARKET');
      quantity = r.quantity;
      passed = this.record(gates, 'RISK', exit, started, r.outcome);
    }
    if (passed) {
      started = this.hrtime();
      const advice = exit ? NO_ADVICE : (this.deps.tcaAdvice?.(req.proposal.symbol) ?? NO_ADVICE);
      const r = executionQualityGate(req, quantity, exec, advice);
      quantity = r.quantity;
      forceLimit = r.forceLimit;
      passed = this.record(gates, 'EXECUTION_QUALITY', exit, started, r.outcome);
    }
    // An exit closes what is held, whatever a gate computed.
    if (exit) quantity = req.proposal.quantity;
    const last = gates[gates.length - 1] as GateVerdict;
    const blockingLayer: GateName | null = passed ? null : last.gate;
    const finalQuantity = passed ? quantity : null;

    const envelope: DecisionEnvelope = {
      id: this.deps.ids(),
      strategy: req.proposal.strategy,
      params_id: req.proposal.paramsId,
      proposal: this.proposalDto(req, createdAt),
      signals: req.signals ?? [],
      gates,
      final_decision: passed ? 'ALLOW' : 'BLOCK',
      blocking_layer: blockingLayer,
      adjusted_quantity: finalQuantity === null ? null : finalQuantity.toFixed(),
      intent_id: null,
      created_at: createdAt,
      decided_at: clock.now(),
    };
    this.ring.push(envelope);
    try {
      this.deps.onDecision?.(envelope);
    } catch (err) {
      this.handoffErrors++;
      this.lastHandoffError = err;
    }
    return { envelope, allowed: passed, quantity: finalQuantity, forceLimit: passed && forceLimit };
  }

  /** Appends the gate's verdict (an exit's BLOCK recorded as ALLOW) and says whether to go on. */
  private record(
    gates: GateVerdict[],
    gate: GateName,
    exit: boolean,
    started: number,
    o: GateOutcome,
  ): boolean {
    const duration = this.hrtime() - started;
    const overridden = exit && o.verdict === 'BLOCK';
    gates.push({
      gate,
      verdict: overridden ? 'ALLOW' : o.verdict,
      reason_code: o.code,
      reason: overridden ? `exit allowed despite: ${o.reason}` : o.reason,
      inputs: o.inputs,
      duration_us: duration > 0 ? duration : 0,
    });
    return overridden || o.verdict === 'ALLOW';
  }

  private insure(req: DecisionRequest, insurance: TradeInsurance): GateOutcome {
    if (req.isExit === true) return gateAllow('exits are not insured', {});
    const p = req.proposal;
    const v = insurance.check({
      symbol: p.symbol,
      side: p.side,
      confidence: p.confidence,
      signalPrice: req.market.signalPrice,
      book: req.market.book,
      klineUpdatedAt: req.market.klineUpdatedAt,
      atr: req.market.atr,
      filters: req.exchange.filters,
      hasOpenPosition: req.position.hasOpen,
      hasPendingIntent: req.position.hasPendingIntent,
    });
    return v.ok ? gateAllow('all insurance rules pass', v.inputs) : gateBlock(v.code, v.reason, v.inputs);
  }

  private proposalDto(req: DecisionRequest, now: number): Proposal {
    const p = req.proposal;
    return {
      id: p.id ?? this.deps.ids(),
      symbol: p.symbol,
      side: p.side,
      source: p.source,
      entry_price: p.entryPrice.toFixed(),
      // null when the strategy leaves the size to risk sizing; adjusted_quantity holds the result.
      quantity: p.quantity === null ? null : p.quantity.toFixed(),
      stop_price: p.stopPrice === null ? null : p.stopPrice.toFixed(),
      take_profit_price: p.takeProfitPrice === null ? null : p.takeProfitPrice.toFixed(),
      confidence: p.confidence,
      created_at: p.createdAt ?? now,
    };
  }
}
