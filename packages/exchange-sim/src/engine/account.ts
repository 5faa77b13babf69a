import { Dec } from '@aurora/core';
import { ApiErrors } from '../errors';
import { isOpenStatus, type SimOrder } from './order';

export interface Balance {
  free: Dec;
  locked: Dec;
}

export interface AccountTrade {
  symbol: string;
  id: number;
  orderId: number;
  price: Dec;
  qty: Dec;
  quoteQty: Dec;
  commission: Dec;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

/** Orders and trades kept per account; the oldest closed ones go first. */
const MAX_ORDERS = 20_000;
const MAX_TRADES = 20_000;

/**
 * One simulated account: balances (free/locked), its orders and trades. Every balance change
 * marks its asset so the engine can emit one outboundAccountPosition per operation.
 */
export class SimAccount {
  private readonly balances = new Map<string, Balance>();
  readonly changed = new Set<string>();
  /** Keyed by symbol + orderId: Binance numbers orders per symbol, so ids alone can collide. */
  private readonly orders = new Map<string, SimOrder>();
  /** Open orders by clientOrderId: Binance refuses a duplicate among open orders only. */
  readonly openByClientId = new Map<string, SimOrder>();
  /** Latest order per symbol + clientOrderId, open or not, for lookups by origClientOrderId. */
  private readonly latestByClientId = new Map<string, string>();
  readonly trades: AccountTrade[] = [];
  updateTime = 0;
  canTrade = true;

  constructor(
    readonly uid: number,
    readonly apiKey: string,
    readonly apiSecret: string,
    public bnbBurn: boolean,
  ) {}

  balance(asset: string): Balance {
    let b = this.balances.get(asset);
    if (!b) {
      b = { free: new Dec(0), locked: new Dec(0) };
      this.balances.set(asset, b);
    }
    return b;
  }

  allBalances(): [string, Balance][] {
    return [...this.balances.entries()];
  }

  free(asset: string): Dec {
    return this.balances.get(asset)?.free ?? new Dec(0);
  }

  lock(asset: string, amount: Dec, now: number): void {
    const b = this.balance(asset);
    if (b.free.lt(amount)) throw ApiErrors.insufficientBalance();
    b.free = b.free.minus(amount);
    b.locked = b.locked.plus(amount);
    this.touch(asset, now);
  }

  unlock(asset: string, amount: Dec, now: number): void {
    if (amount.isZero()) return;
    const b = this.balance(asset);
    b.locked = b.locked.minus(amount);
    b.free = b.free.plus(amount);
    this.touch(asset, now);
  }

  spendLocked(asset: string, amount: Dec, now: number): void {
    const b = this.balance(asset);
    b.locked = b.locked.minus(amount);
    this.touch(asset, now);
  }

  debitFree(asset: string, amount: Dec, now: number): void {
    const b = this.balance(asset);
    if (b.free.lt(amount)) throw ApiErrors.insufficientBalance();
    b.free = b.free.minus(amount);
    this.touch(asset, now);
  }

  credit(asset: string, amount: Dec, now: number): void {
    const b = this.balance(asset);
    b.free = b.free.plus(amount);
    this.touch(asset, now);
  }

  addOrder(order: SimOrder): void {
    const key = orderKey(order.symbol, order.orderId);
    this.orders.set(key, order);
    this.latestByClientId.set(`${order.symbol}\u0000${order.clientOrderId}`, key);
    if (isOpenStatus(order.status)) this.openByClientId.set(order.clientOrderId, order);
    if (this.orders.size > MAX_ORDERS) this.evictClosedOrders();
  }

  /** Call when an order leaves NEW/PARTIALLY_FILLED. */
  orderClosed(order: SimOrder): void {
    if (this.openByClientId.get(order.clientOrderId) === order)
      this.openByClientId.delete(order.clientOrderId);
  }

  findOrder(symbol: string, orderId: number): SimOrder | undefined {
    return this.orders.get(orderKey(symbol, orderId));
  }

  /** Every order kept for `symbol` (open and recent closed ones), in no particular order. */
  ordersOf(symbol: string): SimOrder[] {
    const out: SimOrder[] = [];
    for (const o of this.orders.values()) if (o.symbol === symbol) out.push(o);
    return out;
  }

  findByClientId(symbol: string, clientOrderId: string): SimOrder | undefined {
    const id = this.latestByClientId.get(`${symbol}\u0000${clientOrderId}`);
    return id === undefined ? undefined : this.orders.get(id);
  }

  addTrade(trade: AccountTrade): void {
    this.trades.push(trade);
    if (this.trades.length > MAX_TRADES) this.trades.splice(0, this.trades.length - MAX_TRADES);
  }

  openOrders(symbol?: string): SimOrder[] {
    const out: SimOrder[] = [];
    for (const o of this.openByClientId.values())
      if (symbol === undefined || o.symbol === symbol) out.push(o);
    // Placement order: with per-symbol ids, orderId alone does not order across symbols.
    return out.sort((a, b) => a.seq - b.seq);
  }

  private touch(asset: string, now: number): void {
    this.changed.add(asset);
    this.updateTime = now;
  }

  private evictClosedOrders(): void {
    for (const [key, o] of this.orders) {
      if (this.orders.size <= MAX_ORDERS) break;
      if (isOpenStatus(o.status)) continue;
      this.orders.delete(key);
      const byClient = `${o.symbol}\u0000${o.clientOrderId}`;
      if (this.latestByClientId.get(byClient) === key) this.latestByClientId.delete(byClient);
    }
  }
}

const orderKey = (symbol: string, orderId: number): string => `${symbol}\u0000${orderId}`;
