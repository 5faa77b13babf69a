import type { DriftItem, ReconcileResult } from '@aurora/contracts';
import type { Clock } from '../clock';
import type { AssetBalance, ExchangeOrder, ExchangePort, ExchangeTrade } from './exchange-port';
import { isOpenIntent, isUnsettledIntent, type TradeIntent } from './intent';
import {
  reconcile,
  type ReconcileInput,
  type ReconcilePlan,
  type ReconcilePlanConfig,
  type ReconcilePosition,
  type UnknownOrderRole,
  tradesKey,
  unknownOrderRole,
} from './reconcile-plan';
import type { SynthFill } from './report-synthesis';
import type { ExecutionReport } from './user-stream-events';

export type ReconcileTrigger = ReconcileResult['trigger'];

/** Binance's allOrders answers a startTime..endTime range of 24 hours at most. */
const RECENT_ORDERS_WINDOW_MS = 24 * 3_600_000 - 60_000;
/** Before the newest known order: orders placed in the same instant (or with clock skew) are read too. */
const RECENT_ORDERS_MARGIN_MS = 60_000;

/** How a plan is applied; the app wires these to the ExecutionEngine and its caches. */
export interface ReconcileActions {
  adopt(intentId: string, order: ExchangeOrder, fills: SynthFill[]): void;
  /** An order of ours no intent explains: take it in (engine.adoptUnknownOrder), never place or close anything. */
  adoptUnknown(order: ExchangeOrder, fills: SynthFill[], role: UnknownOrderRole): void;
  applyReport(report: ExecutionReport): void;
  markNotFound(intentId: string): void;
  setBalances(balances: AssetBalance[]): void;
  flagStalePosition(positionId: string, reason: string): void;
  /**
   * The venue has forgotten this position (none of its orders, not its coins): end it as Error
   * "venue reset", kept as history, and hold entries until the operator acts. Never an order.
   */
  venueReset(positionId: string, reason: string): void;
}

export interface ReconcilerDeps {
  exchange: ExchangePort;
  clock: Clock;
  newId(): string;
  /** The engine's intents: open ones, and any by id (an open order may name a settled intent). */
  intents: { openIntents(): TradeIntent[]; getIntent(id: string): TradeIntent | undefined };
  positions(): ReconcilePosition[];
  balances(): AssetBalance[];
  /**
   * Exchange time of the newest balances in our cache (a stream outboundAccountPosition's
   * lastUpdateTime, or an applied snapshot's updateTime); null when unknown. A snapshot older
   * than this never overwrites the cache.
   */
  balancesUpdatedAt?(): number | null;
  config(): ReconcilePlanConfig;
  actions: ReconcileActions;
  /**
   * Exchange time of the newest order the books know on a symbol (null: none). allOrders is
   * read from there at start-up and on reconnect, for the orders a restored database lacks.
   */
  newestOrderAt?(symbol: string): number | null;
  /** getOrder / myTrades calls per run at most (REST weight); the rest waits for the next run. */
  maxLookups?: number;
}

/**
 * Gathers the exchange's truth through the ExchangePort (open orders, getOrder by clientOrderId
 * for what we cannot see, myTrades where fills differ, then the account), plans with `reconcile`,
 * applies the plan through the injected actions, and reports the result in the contracts shape.
 * A failure to gather applies nothing.
 */
export class Reconciler {
  private readonly maxLookups: number;
  private running: Promise<ReconcileResult> | null = null;

  constructor(private readonly deps: ReconcilerDeps) {
    this.maxLookups = deps.maxLookups ?? 50;
  }

  /** One pass; a call while a pass runs joins it instead of starting a second. */
  run(trigger: ReconcileTrigger): Promise<ReconcileResult> {
    if (this.running !== null) return this.running;
    this.running = this.pass(trigger).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(trigger: ReconcileTrigger): Promise<ReconcileResult> {
    const started = this.deps.clock.now();
    const id = this.deps.newId();
    const finish = (drift: DriftItem[], error: string | null): ReconcileResult => {
      const finished = this.deps.clock.now();
      return {
        id,
        trigger,
        ok: error === null,
        started_at: started,
        finished_at: finished,
        duration_ms: finished - started,
        drift,
        error,
      };
    };
    let input: ReconcileInput;
    let plan: ReconcilePlan;
    try {
      input = await this.gatherOrders(trigger);
      plan = reconcile(input);
      if (plan.tradesNeeded.length > 0) {
        input = {
          ...input,
          exchange: { ...input.exchange, tradesByOrderId: await this.fetchTrades(plan, input) },
        };
      }
      // The account last: a snapshot taken before the order lookups would be older than the
      // stream updates that arrived during them, and would undo them in our cache.
      const account = await this.deps.exchange.getAccount();
      input = {
        ...input,
        exchange: { ...input.exchange, balances: account.balances, accountUpdateTime: account.updateTime },
        ours: this.ours([...input.exchange.openOrders, ...(input.exchange.recentOrders ?? [])]),
        now: this.deps.clock.now(),
      };
      plan = reconcile(input);
      // A position the account cannot cover: ask the venue about its orders before calling it reset.
      if (plan.resetLookups.length > 0) {
        const byId = new Map(input.exchange.ordersByClientId);
        for (const l of plan.resetLookups.slice(0, this.maxLookups))
          byId.set(l.clientOrderId, await this.deps.exchange.getOrder({ symbol: l.symbol, clientOrderId: l.clientOrderId }));
        input = { ...input, exchange: { ...input.exchange, ordersByClientId: byId }, now: this.deps.clock.now() };
        plan = reconcile(input);
      }
    } catch (err) {
      return finish(
        [],
        `gathering exchange state failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const errors = await this.apply(plan);
    return finish(plan.drift, errors.length === 0 ? null : errors.join('; '));
  }

  /** Orders first; the balances (null here) are read after every order query. */
  private async gatherOrders(trigger: ReconcileTrigger): Promise<ReconcileInput> {
    const { exchange } = this.deps;
    const openOrders = await exchange.getOpenOrders();
    const recentOrders =
      trigger === 'STARTUP' || trigger === 'RECONNECT' ? await this.recentOrders() : [];
    const openIds = new Set(openOrders.map((o) => o.clientOrderId));
    const ordersByClientId = new Map<string, ExchangeOrder | null>();
    const toLookUp = this.deps.intents
      .openIntents()
      .filter((i) => isUnsettledIntent(i) || (isOpenIntent(i) && !openIds.has(i.id)))
      .slice(0, this.maxLookups);
    for (const i of toLookUp)
      ordersByClientId.set(i.id, await exchange.getOrder({ symbol: i.symbol, clientOrderId: i.id }));
    const ours = this.ours([...openOrders, ...recentOrders]);
    return {
      exchange: { balances: null, accountUpdateTime: null, openOrders, ordersByClientId, recentOrders },
      ours,
      config: this.deps.config(),
      now: this.deps.clock.now(),
    };
  }

  /**
   * allOrders per traded symbol since the newest order the books know there (a margin before it,
   * for orders placed in the same instant), within Binance's 24 h window and 1000-row limit.
   */
  private async recentOrders(): Promise<ExchangeOrder[]> {
    const newest = this.deps.newestOrderAt;
    if (newest === undefined) return [];
    const now = this.deps.clock.now();
    const out: ExchangeOrder[] = [];
    for (const symbol of this.deps.config().symbols) {
      const known = newest(symbol);
      const earliest = now - RECENT_ORDERS_WINDOW_MS;
      const startTime = known === null ? earliest : Math.max(earliest, known - RECENT_ORDERS_MARGIN_MS);
      out.push(...(await this.deps.exchange.getAllOrders(symbol, { startTime, limit: 1000 })));
    }
    return out;
  }

  /** Our side, read as late as possible so reports that arrived meanwhile are counted. */
  private ours(openOrders: readonly ExchangeOrder[]): ReconcileInput['ours'] {
    const intents = this.deps.intents.openIntents();
    const known = new Set(intents.map((i) => i.id));
    for (const o of openOrders) {
      if (known.has(o.clientOrderId)) continue;
      const settled = this.deps.intents.getIntent(o.clientOrderId);
      if (settled !== undefined) intents.push(settled);
    }
    return {
      intents,
      positions: this.deps.positions(),
      balances: this.deps.balances(),
      balancesUpdatedAt: this.deps.balancesUpdatedAt?.() ?? null,
    };
  }

  private async fetchTrades(
    plan: ReconcilePlan,
    input: ReconcileInput,
  ): Promise<Map<string, ExchangeTrade[]>> {
    const out = new Map(input.exchange.tradesByOrderId ?? []);
    for (const t of plan.tradesNeeded.slice(0, this.maxLookups))
      out.set(tradesKey(t.symbol, t.orderId), await this.deps.exchange.getMyTrades(t.symbol, { orderId: t.orderId }));
    return out;
  }

  private async apply(plan: ReconcilePlan): Promise<string[]> {
    const { actions } = this.deps;
    const errors: string[] = [];
    for (const a of plan.adoptions) actions.adopt(a.intentId, a.order, a.fills);
    // Oldest first, each judged against the positions as the ones before it left them: an
    // adopted entry's position is there for the stop or exit placed after it.
    for (const a of plan.unknownAdoptions)
      actions.adoptUnknown(a.order, a.fills, unknownOrderRole(a.order, this.deps.positions()));
    for (const r of plan.reports) actions.applyReport(r);
    for (const id of plan.notFound) actions.markNotFound(id);
    if (plan.balances !== null) actions.setBalances(plan.balances);
    for (const s of plan.staleFlags) actions.flagStalePosition(s.positionId, s.reason);
    for (const r of plan.venueResets) actions.venueReset(r.positionId, r.reason);
    for (const c of plan.cancels) {
      try {
        await this.deps.exchange.cancelOrder({ symbol: c.symbol, orderId: c.orderId });
      } catch (err) {
        errors.push(`cancel ${c.symbol} ${c.orderId}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return errors;
  }
}
