import { Dec } from '@aurora/core';
import { ApiErrors } from '../errors';
import type { SimAccount } from './account';
import type { CommissionRates } from './commission';
import type { Outbox } from './events';
import { admitOrder, planMarketOrder, reserveFunds } from './admission';
import type { SymbolMarket } from './market';
import { executionReportJson, type ExecutionDetails } from './order-json';
import type { NewOrderParams, ValidatedOrder } from './order-request';
import {
  isOpenStatus,
  isStopType,
  remainingQty,
  type ExpiryReason,
  type OrderFill,
  type OrderStatus,
  type SimOrder,
} from './order';
import type { SeededRandom } from './rng';
import { settleFill } from './settlement';
import { planTaker, type TakerPlan } from './taker-plan';

export interface OrderEngineDeps {
  now(): number;
  market(symbol: string): SymbolMarket;
  findMarket(symbol: string): SymbolMarket | undefined;
  accountByUid(uid: number): SimAccount;
  commission(account: SimAccount): CommissionRates;
  idRng: SeededRandom;
}

export interface Placement {
  order: SimOrder;
  fills: OrderFill[];
  respType: ValidatedOrder['respType'];
  transactTime: number;
}

const MAX_TRIGGER_ROUNDS = 16;

/**
 * How order ids are counted: one counter for the whole venue, or one per symbol as on Binance
 * (where BTCUSDT and ETHUSDT both have an order 1234, and only symbol + id is a key).
 */
export type OrderIdScope = 'global' | 'per-symbol';

/**
 * Order life inside the venue: admission (parameters, filters, balances), matching against
 * resting orders and the synthetic book, settlement with commissions, stops, cancels. Every
 * change is written to the operation's Outbox as Binance user-data events.
 */
export class OrderEngine {
  private orderSeq = 0;
  /** Last order id used per symbol, in either scope, so ids within a symbol always increase. */
  private readonly lastOrderIdBySymbol = new Map<string, number>();
  orderIdScope: OrderIdScope = 'global';
  private executionSeq = 0;
  private placementSeq = 0;

  constructor(private readonly deps: OrderEngineDeps) {}

  /** Validates a request the way Binance does before it reaches the matching engine. */
  admit(account: SimAccount, params: NewOrderParams): { req: ValidatedOrder; market: SymbolMarket } {
    return admitOrder(account, params, this.deps.market);
  }

  place(account: SimAccount, params: NewOrderParams, out: Outbox): Placement {
    const { req, market } = this.admit(account, params);
    const now = this.deps.now();
    const clientOrderId = req.clientOrderId ?? this.deps.idRng.alphanumeric(22);
    if (account.openByClientId.has(clientOrderId)) throw ApiErrors.duplicateOrder();
    if (isStopType(req.type) && triggersAt(req.type, req.side, req.stopPrice!, market.lastPrice)) {
      throw ApiErrors.wouldTriggerImmediately();
    }
    if (req.type === 'LIMIT_MAKER' && this.isMarketable(market, req.side, req.price!))
      throw ApiErrors.wouldTakeAsMaker();

    const order: SimOrder = {
      uid: account.uid,
      symbol: req.symbol,
      orderId: 0,
      clientOrderId,
      side: req.side,
      type: req.type,
      timeInForce: req.timeInForce,
      price: req.price ?? new Dec(0),
      origQty: req.quantity ?? new Dec(0),
      origQuoteOrderQty: req.quoteOrderQty ?? new Dec(0),
      stopPrice: req.stopPrice ?? new Dec(0),
      executedQty: new Dec(0),
      cumQuote: new Dec(0),
      status: 'NEW',
      time: now,
      updateTime: now,
      workingTime: -1,
      isWorking: false,
      lockedAsset: '',
      lockedAmount: new Dec(0),
      expiryReason: null,
      strategyId: req.strategyId,
      strategyType: req.strategyType,
      seq: 0,
    };

    let plan: TakerPlan | null = null;
    if (order.type === 'MARKET') plan = planMarketOrder(account, market, order);
    else reserveFunds(account, market, order, now);

    order.orderId = this.nextOrderId(order.symbol);
    order.seq = ++this.placementSeq;
    account.addOrder(order);
    const fills: OrderFill[] = [];
    if (isStopType(order.type)) {
      market.stops.push(order);
      this.report(account, order, 'NEW', out);
    } else {
      order.isWorking = true;
      order.workingTime = now;
      this.report(account, order, 'NEW', out);
      this.work(account, market, order, plan, out, fills);
      this.processTriggers(market, out);
    }
    return { order, fills, respType: req.respType, transactTime: now };
  }

  cancel(
    account: SimAccount,
    symbol: string,
    ref: {
      orderId?: string;
      origClientOrderId?: string;
      newClientOrderId?: string;
      cancelRestrictions?: string;
    },
    out: Outbox,
  ): { order: SimOrder; cancelClientOrderId: string; transactTime: number } {
    const market = this.deps.market(symbol);
    if (
      ref.cancelRestrictions !== undefined &&
      ref.cancelRestrictions !== 'ONLY_NEW' &&
      ref.cancelRestrictions !== 'ONLY_PARTIALLY_FILLED'
    ) {
      throw ApiErrors.invalidCancelRestrictions();
    }
    const order = this.resolve(account, symbol, ref, true);
    if (!isOpenStatus(order.status)) throw ApiErrors.unknownOrderOnCancel();
    if (
      (ref.cancelRestrictions === 'ONLY_NEW' && order.status !== 'NEW') ||
      (ref.cancelRestrictions === 'ONLY_PARTIALLY_FILLED' && order.status !== 'PARTIALLY_FILLED')
    ) {
      throw ApiErrors.cancelRejected('Order was not canceled due to cancel restrictions.');
    }
    const cancelClientOrderId = ref.newClientOrderId ?? this.deps.idRng.alphanumeric(22);
    this.close(account, market, order, 'CANCELED', null);
    this.report(account, order, 'CANCELED', out, { cancelClientOrderId });
    return { order, cancelClientOrderId, transactTime: this.deps.now() };
  }

  private nextOrderId(symbol: string): number {
    const id =
      this.orderIdScope === 'per-symbol'
        ? (this.lastOrderIdBySymbol.get(symbol) ?? 0) + 1
        : this.orderSeq + 1;
    this.lastOrderIdBySymbol.set(symbol, id);
    this.orderSeq = Math.max(this.orderSeq, id);
    return id;
  }

  /** Finds an order by orderId and/or origClientOrderId with Binance's precedence rules. */
  resolve(
    account: SimAccount,
    symbol: string,
    ref: { orderId?: string; origClientOrderId?: string },
    forCancel: boolean,
  ): SimOrder {
    const notFound = forCancel ? ApiErrors.unknownOrderOnCancel : ApiErrors.noSuchOrder;
    if (ref.orderId === undefined && ref.origClientOrderId === undefined) {
      throw ApiErrors.eitherMandatory('orderId', 'origClientOrderId');
    }
    let order: SimOrder | undefined;
    if (ref.orderId !== undefined) {
      if (!/^[0-9]{1,19}$/.test(ref.orderId)) throw ApiErrors.illegalChars('orderId', '^[0-9]{1,19}$');
      order = account.findOrder(symbol, Number(ref.orderId));
      if (order && ref.origClientOrderId !== undefined && order.clientOrderId !== ref.origClientOrderId)
        throw notFound();
    } else {
      order = account.findByClientId(symbol, ref.origClientOrderId!);
    }
    if (!order || order.symbol !== symbol) throw notFound();
    return order;
  }

  /** Stops whose trigger the last price has reached start working, in placement order. */
  processTriggers(market: SymbolMarket, out: Outbox): void {
    for (let round = 0; round < MAX_TRIGGER_ROUNDS; round++) {
      const order = market.stops.find((o) => triggersAt(o.type, o.side, o.stopPrice, market.lastPrice));
      if (!order) return;
      market.removeStop(order);
      const account = this.deps.accountByUid(order.uid);
      const now = this.deps.now();
      order.isWorking = true;
      order.workingTime = now;
      order.updateTime = now;
      let plan: TakerPlan | null = null;
      if (order.type === 'STOP_LOSS' || order.type === 'TAKE_PROFIT') {
        // The stop becomes a MARKET order: its reservation returns to free and pays the fills.
        account.unlock(order.lockedAsset, order.lockedAmount, now);
        order.lockedAmount = new Dec(0);
        const budget = order.side === 'BUY' ? account.free(market.spec.quoteAsset) : null;
        plan = planTaker(market, order.side, {
          limit: null,
          maxQty: remainingQty(order),
          quoteBudget: budget,
          step: market.spec.stepSize,
        });
      }
      this.report(account, order, 'NEW', out);
      this.work(account, market, order, plan, out, []);
    }
  }

  /**
   * A working order meets the book: FOK all-or-nothing, IOC and MARKET remainders expire,
   * GTC remainders rest in price-time priority.
   */
  private work(
    account: SimAccount,
    market: SymbolMarket,
    order: SimOrder,
    marketPlan: TakerPlan | null,
    out: Outbox,
    fills: OrderFill[],
  ): void {
    const isMarket = marketPlan !== null;
    const plan =
      marketPlan ??
      planTaker(market, order.side, {
        limit: order.price,
        maxQty: remainingQty(order),
        quoteBudget: null,
        step: market.spec.stepSize,
      });
    if (!isMarket && order.timeInForce === 'FOK' && plan.qty.lt(remainingQty(order))) {
      this.close(account, market, order, 'EXPIRED', 'UNFILLED_FOK_ORDER_EXPIRED');
      this.report(account, order, 'EXPIRED', out);
      return;
    }
    this.execute(account, market, order, plan, out, fills);
    if (!isOpenStatus(order.status)) return;
    if (isMarket) {
      this.close(account, market, order, 'EXPIRED', 'INSUFFICIENT_LIQUIDITY');
      this.report(account, order, 'EXPIRED', out);
    } else if (order.timeInForce === 'IOC') {
      this.close(account, market, order, 'EXPIRED', 'UNFILLED_IOC_QUANTITY_EXPIRED');
      this.report(account, order, 'EXPIRED', out);
    } else {
      market.insertResting(order);
    }
  }

  /** Executes a plan for a taker order: each match is one trade with reports for both sides. */
  private execute(
    account: SimAccount,
    market: SymbolMarket,
    taker: SimOrder,
    plan: TakerPlan,
    out: Outbox,
    fills: OrderFill[],
  ): void {
    const takerIsBuyer = taker.side === 'BUY';
    for (const m of plan.matches) {
      const trade = market.recordTrade(m.price, m.qty, takerIsBuyer, this.deps.now());
      this.publishTrade(market, trade.id, m.price, m.qty, trade.time, !takerIsBuyer, out);
      fills.push(this.fill(account, market, taker, m.price, m.qty, trade.id, false, out));
      if (m.maker) {
        this.fill(this.deps.accountByUid(m.maker.uid), market, m.maker, m.price, m.qty, trade.id, true, out);
      } else if (m.level) {
        market.book.consume(m.level, m.qty);
        market.bookDirty = true;
      }
    }
  }

  /**
   * A resting order trades as maker against market flow (the synthetic book crossing it, or
   * synthetic takers): one public trade at the order's price.
   */
  fillRestingFromFlow(order: SimOrder, qty: Dec, out: Outbox): void {
    const market = this.deps.market(order.symbol);
    const trade = market.recordTrade(order.price, qty, order.side === 'SELL', this.deps.now());
    this.publishTrade(market, trade.id, order.price, qty, trade.time, order.side === 'BUY', out);
    this.fill(this.deps.accountByUid(order.uid), market, order, order.price, qty, trade.id, true, out);
  }

  publishTrade(
    market: SymbolMarket,
    id: number,
    price: Dec,
    qty: Dec,
    time: number,
    buyerIsMaker: boolean,
    out: Outbox,
  ): void {
    out.markets.add(market);
    if (!out.wantsMarketEvents) return;
    const s = market.spec.symbol;
    const lower = s.toLowerCase();
    const p = price.toFixed(8);
    const q = qty.toFixed(8);
    out.marketEvent(`${lower}@trade`, {
      e: 'trade',
      E: time,
      s,
      t: id,
      p,
      q,
      T: time,
      m: buyerIsMaker,
      M: true,
    });
    out.marketEvent(`${lower}@aggTrade`, {
      e: 'aggTrade',
      E: time,
      s,
      a: id,
      p,
      q,
      f: id,
      l: id,
      T: time,
      m: buyerIsMaker,
      M: true,
    });
  }

  /** Settles one fill of `order` and reports it (closing the order when it is complete). */
  private fill(
    account: SimAccount,
    market: SymbolMarket,
    order: SimOrder,
    price: Dec,
    qty: Dec,
    tradeId: number,
    isMaker: boolean,
    out: Outbox,
  ): OrderFill {
    const fill = settleFill(account, market, order, {
      price,
      qty,
      tradeId,
      isMaker,
      now: this.deps.now(),
      rates: this.deps.commission(account),
      bnbPriceInQuote: this.bnbPrice(market, price),
    });
    if (order.status === 'FILLED') this.close(account, market, order, 'FILLED', null);
    this.report(account, order, 'TRADE', out, { fill });
    return fill;
  }

  /** Ends an order: status, expiry reason, book removal and release of what it still reserves. */
  private close(
    account: SimAccount,
    market: SymbolMarket,
    order: SimOrder,
    status: OrderStatus,
    reason: ExpiryReason | null,
  ): void {
    const now = this.deps.now();
    order.status = status;
    order.expiryReason = reason;
    order.updateTime = now;
    account.unlock(order.lockedAsset, order.lockedAmount, now);
    order.lockedAmount = new Dec(0);
    account.orderClosed(order);
    market.removeResting(order);
    market.removeStop(order);
  }

  isMarketable(market: SymbolMarket, side: 'BUY' | 'SELL', price: Dec): boolean {
    const plan = planTaker(market, side, {
      limit: price,
      maxQty: market.spec.stepSize,
      quoteBudget: null,
      step: market.spec.stepSize,
    });
    return plan.matches.length > 0;
  }

  private bnbPrice(market: SymbolMarket, tradePrice: Dec): Dec | null {
    const { baseAsset, quoteAsset } = market.spec;
    if (quoteAsset === 'BNB') return new Dec(1);
    if (baseAsset === 'BNB') return tradePrice;
    return this.deps.findMarket(`BNB${quoteAsset}`)?.lastPrice ?? null;
  }

  report(
    account: SimAccount,
    order: SimOrder,
    executionType: ExecutionDetails['executionType'],
    out: Outbox,
    extra: { fill?: OrderFill; cancelClientOrderId?: string } = {},
  ): void {
    const now = this.deps.now();
    out.userEvent(
      account,
      executionReportJson(order, {
        executionType,
        executionId: ++this.executionSeq,
        eventTime: now,
        transactTime: now,
        ...extra,
      }),
    );
  }
}

/** Whether a stop of this type and side triggers at `last` (Binance's trigger directions). */
export function triggersAt(type: SimOrder['type'], side: SimOrder['side'], stop: Dec, last: Dec): boolean {
  const stopLoss = type === 'STOP_LOSS' || type === 'STOP_LOSS_LIMIT';
  const rising = (stopLoss && side === 'BUY') || (!stopLoss && side === 'SELL');
  return rising ? last.gte(stop) : last.lte(stop);
}
