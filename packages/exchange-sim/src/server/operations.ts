import { ApiErrors } from '../errors';
import type { SimExchange } from '../engine/exchange';
import { NEW_ORDER_PARAM_NAMES, type NewOrderParams } from '../engine/order-request';
import { symbolsParam } from '../engine/params';
import type { VenueBehaviour } from '../behaviour';
import type { ListenKeyRegistry } from './listen-keys';
import type { RateLimiter } from './rate-limiter';

export type Params = Record<string, string>;

export interface OpContext {
  exchange: SimExchange;
  params: Params;
  /** The authenticated account's API key (SIGNED and API_KEY operations). */
  apiKey: string;
  listenKeys: ListenKeyRegistry;
  limiter: RateLimiter;
  behaviour: VenueBehaviour;
  now: number;
}

/**
 * One Binance operation, shared by its REST endpoint and WebSocket API method: security type,
 * accepted parameters (anything else is -1104), request weight and the handler.
 */
export interface Operation {
  security: 'NONE' | 'SIGNED' | 'API_KEY';
  params: readonly string[];
  weight(p: Params): number;
  /** Since 2026-04 successful order placements and cancels weigh 0; failures pay the weight. */
  freeOnSuccess?: boolean;
  placesOrder?: boolean;
  /** Places or cancels orders: its answer races the user-data stream (answer delay applies). */
  racesStream?: boolean;
  run(ctx: OpContext): unknown;
}

const required = (p: Params, name: string): string => {
  const v = p[name];
  if (v === undefined || v === '') throw ApiErrors.mandatory(name);
  return v;
};

const bool = (p: Params, name: string): boolean | undefined => {
  const v = p[name];
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw ApiErrors.illegalChars(name, 'true, false');
  return v === 'true';
};

/** Either `symbol` or `symbols` (a JSON array) or neither: all symbols. */
function symbolSelection(ex: SimExchange, p: Params): { single: string | null; list: string[] } {
  if (p.symbol !== undefined && p.symbols !== undefined) throw ApiErrors.badParamCombo();
  if (p.symbol !== undefined) return { single: p.symbol, list: [p.symbol] };
  return { single: null, list: symbolsParam(p.symbols) ?? ex.symbols };
}

const perSymbolTicker =
  (fn: (ex: SimExchange, s: string) => unknown) =>
  ({ exchange, params }: OpContext): unknown => {
    const sel = symbolSelection(exchange, params);
    return sel.single !== null ? fn(exchange, sel.single) : sel.list.map((s) => fn(exchange, s));
  };

function depthWeight(p: Params): number {
  const limit = Number(p.limit ?? 100);
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  if (limit <= 1000) return 50;
  return 250;
}

function orderParams(p: Params): NewOrderParams {
  const out: Record<string, string> = {};
  for (const name of NEW_ORDER_PARAM_NAMES) if (p[name] !== undefined) out[name] = p[name]!;
  return out as NewOrderParams;
}

const SYMBOL_STATUS = 'symbolStatus';

export const OPERATIONS = {
  ping: { security: 'NONE', params: [], weight: () => 1, run: () => ({}) },
  time: { security: 'NONE', params: [], weight: () => 1, run: ({ now }) => ({ serverTime: now }) },
  exchangeInfo: {
    security: 'NONE',
    params: ['symbol', 'symbols', 'permissions', 'showPermissionSets', SYMBOL_STATUS],
    weight: () => 20,
    run: ({ exchange, params }) => {
      const sel = symbolSelection(exchange, params);
      return exchange.exchangeInfo(sel.list);
    },
  },
  depth: {
    security: 'NONE',
    params: ['symbol', 'limit', SYMBOL_STATUS],
    weight: depthWeight,
    run: ({ exchange, params }) => exchange.depth(required(params, 'symbol'), params.limit),
  },
  trades: {
    security: 'NONE',
    params: ['symbol', 'limit'],
    weight: () => 25,
    run: ({ exchange, params }) => exchange.recentTrades(required(params, 'symbol'), params.limit),
  },
  aggTrades: {
    security: 'NONE',
    params: ['symbol', 'fromId', 'startTime', 'endTime', 'limit'],
    weight: () => 4,
    run: ({ exchange, params }) => exchange.aggTrades(required(params, 'symbol'), params),
  },
  klines: {
    security: 'NONE',
    params: ['symbol', 'interval', 'startTime', 'endTime', 'timeZone', 'limit'],
    weight: () => 2,
    run: ({ exchange, params }) =>
      exchange.klines(required(params, 'symbol'), required(params, 'interval'), params),
  },
  avgPrice: {
    security: 'NONE',
    params: ['symbol'],
    weight: () => 2,
    run: ({ exchange, params }) => exchange.avgPrice(required(params, 'symbol')),
  },
  ticker24hr: {
    security: 'NONE',
    params: ['symbol', 'symbols', 'type', SYMBOL_STATUS],
    weight: (p) => (p.symbol !== undefined ? 2 : p.symbols !== undefined ? 2 : 80),
    run: perSymbolTicker((ex, s) => ex.ticker24hr(s)),
  },
  tickerPrice: {
    security: 'NONE',
    params: ['symbol', 'symbols', SYMBOL_STATUS],
    weight: (p) => (p.symbol !== undefined ? 2 : 4),
    run: perSymbolTicker((ex, s) => ex.tickerPrice(s)),
  },
  bookTicker: {
    security: 'NONE',
    params: ['symbol', 'symbols', SYMBOL_STATUS],
    weight: (p) => (p.symbol !== undefined ? 2 : 4),
    run: perSymbolTicker((ex, s) => ex.bookTicker(s)),
  },
  newOrder: {
    security: 'SIGNED',
    params: NEW_ORDER_PARAM_NAMES,
    weight: () => 1,
    freeOnSuccess: true,
    placesOrder: true,
    racesStream: true,
    run: ({ exchange, params, apiKey }) => exchange.placeOrder(apiKey, orderParams(params)),
  },
  testOrder: {
    security: 'SIGNED',
    params: [...NEW_ORDER_PARAM_NAMES, 'computeCommissionRates'],
    weight: (p) => (p.computeCommissionRates === 'true' ? 20 : 1),
    run: ({ exchange, params, apiKey }) =>
      exchange.testOrder(apiKey, orderParams(params), bool(params, 'computeCommissionRates') ?? false),
  },
  cancelOrder: {
    security: 'SIGNED',
    params: ['symbol', 'orderId', 'origClientOrderId', 'newClientOrderId', 'cancelRestrictions'],
    weight: () => 1,
    freeOnSuccess: true,
    racesStream: true,
    run: ({ exchange, params, apiKey }) =>
      exchange.cancelOrder(apiKey, required(params, 'symbol'), {
        orderId: params.orderId,
        origClientOrderId: params.origClientOrderId,
        newClientOrderId: params.newClientOrderId,
        cancelRestrictions: params.cancelRestrictions,
      }),
  },
  cancelOpenOrders: {
    security: 'SIGNED',
    params: ['symbol'],
    weight: () => 1,
    freeOnSuccess: true,
    racesStream: true,
    run: ({ exchange, params, apiKey }) => exchange.cancelOpenOrders(apiKey, required(params, 'symbol')),
  },
  getOrder: {
    security: 'SIGNED',
    params: ['symbol', 'orderId', 'origClientOrderId'],
    weight: () => 4,
    run: ({ exchange, params, apiKey, behaviour, now }) => {
      const order = exchange.getOrder(apiKey, required(params, 'symbol'), {
        orderId: params.orderId,
        origClientOrderId: params.origClientOrderId,
      });
      // Query lag: right after a placement Binance's lookup may not find the order yet.
      if (behaviour.hidesOrder(order.symbol, order.orderId, order.time, now)) throw ApiErrors.noSuchOrder();
      return order;
    },
  },
  openOrders: {
    security: 'SIGNED',
    params: ['symbol'],
    weight: (p) => (p.symbol !== undefined ? 6 : 80),
    run: ({ exchange, params, apiKey }) => exchange.openOrders(apiKey, params.symbol),
  },
  allOrders: {
    security: 'SIGNED',
    params: ['symbol', 'orderId', 'startTime', 'endTime', 'limit'],
    weight: () => 20,
    run: ({ exchange, params, apiKey, behaviour, now }) =>
      exchange
        .allOrders(apiKey, required(params, 'symbol'), params)
        .filter((o) => !behaviour.hidesOrder(o.symbol, o.orderId, o.time, now)),
  },
  account: {
    security: 'SIGNED',
    params: ['omitZeroBalances'],
    weight: () => 20,
    run: ({ exchange, params, apiKey }) =>
      exchange.accountInfo(apiKey, { omitZeroBalances: bool(params, 'omitZeroBalances') ?? false }),
  },
  myTrades: {
    security: 'SIGNED',
    params: ['symbol', 'orderId', 'startTime', 'endTime', 'fromId', 'limit'],
    weight: (p) => (p.orderId !== undefined ? 5 : 20),
    run: ({ exchange, params, apiKey }) => exchange.myTrades(apiKey, required(params, 'symbol'), params),
  },
  commissionRates: {
    security: 'SIGNED',
    params: ['symbol'],
    weight: () => 20,
    run: ({ exchange, params, apiKey }) => exchange.commissionRates(apiKey, required(params, 'symbol')),
  },
  orderRateLimit: {
    security: 'SIGNED',
    params: [],
    weight: () => 40,
    run: ({ exchange, apiKey, limiter, now }) => {
      const uid = exchange.findAccount(apiKey)!.uid;
      const c = limiter.orderCountsOf(uid, now);
      return [
        {
          rateLimitType: 'ORDERS',
          interval: 'SECOND',
          intervalNum: 10,
          limit: limiter.config.ordersPer10s,
          count: c.count10s,
        },
        {
          rateLimitType: 'ORDERS',
          interval: 'DAY',
          intervalNum: 1,
          limit: limiter.config.ordersPerDay,
          count: c.count1d,
        },
      ];
    },
  },
  listenKeyCreate: {
    security: 'API_KEY',
    params: [],
    weight: () => 2,
    run: ({ exchange, apiKey, listenKeys }) => ({
      listenKey: listenKeys.create(exchange.findAccount(apiKey)!.uid),
    }),
  },
  listenKeyKeepAlive: {
    security: 'API_KEY',
    params: ['listenKey'],
    weight: () => 2,
    run: ({ exchange, apiKey, listenKeys, params }) => {
      listenKeys.keepAlive(params.listenKey, exchange.findAccount(apiKey)!.uid);
      return {};
    },
  },
  listenKeyClose: {
    security: 'API_KEY',
    params: ['listenKey'],
    weight: () => 2,
    run: ({ exchange, apiKey, listenKeys, params }) => {
      listenKeys.close(params.listenKey, exchange.findAccount(apiKey)!.uid);
      return {};
    },
  },
} satisfies Record<string, Operation>;

export type OperationName = keyof typeof OPERATIONS;

/** REST routes: `METHOD path` → operation. */
export const REST_ROUTES: Record<string, OperationName> = {
  'GET /api/v3/ping': 'ping',
  'GET /api/v3/time': 'time',
  'GET /api/v3/exchangeInfo': 'exchangeInfo',
  'GET /api/v3/depth': 'depth',
  'GET /api/v3/trades': 'trades',
  'GET /api/v3/aggTrades': 'aggTrades',
  'GET /api/v3/klines': 'klines',
  'GET /api/v3/uiKlines': 'klines',
  'GET /api/v3/avgPrice': 'avgPrice',
  'GET /api/v3/ticker/24hr': 'ticker24hr',
  'GET /api/v3/ticker/price': 'tickerPrice',
  'GET /api/v3/ticker/bookTicker': 'bookTicker',
  'POST /api/v3/order': 'newOrder',
  'POST /api/v3/order/test': 'testOrder',
  'DELETE /api/v3/order': 'cancelOrder',
  'GET /api/v3/order': 'getOrder',
  'GET /api/v3/openOrders': 'openOrders',
  'DELETE /api/v3/openOrders': 'cancelOpenOrders',
  'GET /api/v3/allOrders': 'allOrders',
  'GET /api/v3/account': 'account',
  'GET /api/v3/myTrades': 'myTrades',
  'GET /api/v3/account/commission': 'commissionRates',
  'GET /api/v3/rateLimit/order': 'orderRateLimit',
  'POST /api/v3/userDataStream': 'listenKeyCreate',
  'PUT /api/v3/userDataStream': 'listenKeyKeepAlive',
  'DELETE /api/v3/userDataStream': 'listenKeyClose',
};

/** WebSocket API methods served by the shared operations (session and stream methods are separate). */
export const WS_METHODS: Record<string, OperationName> = {
  ping: 'ping',
  time: 'time',
  exchangeInfo: 'exchangeInfo',
  depth: 'depth',
  'trades.recent': 'trades',
  'trades.aggregate': 'aggTrades',
  klines: 'klines',
  uiKlines: 'klines',
  avgPrice: 'avgPrice',
  'ticker.24hr': 'ticker24hr',
  'ticker.price': 'tickerPrice',
  'ticker.book': 'bookTicker',
  'order.place': 'newOrder',
  'order.test': 'testOrder',
  'order.cancel': 'cancelOrder',
  'order.status': 'getOrder',
  'openOrders.status': 'openOrders',
  'openOrders.cancelAll': 'cancelOpenOrders',
  allOrders: 'allOrders',
  'account.status': 'account',
  myTrades: 'myTrades',
  'account.commission': 'commissionRates',
  'account.rateLimits.orders': 'orderRateLimit',
};

/** Parameters every SIGNED request may carry besides its own. */
export const SIGNED_EXTRAS = ['timestamp', 'recvWindow', 'signature'];

/** -1104 when a request carries parameters the operation does not read. */
export function checkUnreadParams(op: Operation, params: Params, extras: readonly string[]): void {
  const allowed = new Set<string>([...op.params, ...extras]);
  const names = Object.keys(params);
  const read = names.filter((n) => allowed.has(n)).length;
  if (read !== names.length) throw ApiErrors.unreadParams(read, names.length);
}
