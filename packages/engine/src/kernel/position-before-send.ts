import type { ExchangePort } from '@aurora/core';

/**
 * The exchange as the execution engine sees it, with one duty added: right before an order
 * leaves, the position it opens or closes is written to the database. The intent row is durable
 * by then (the engine's invariant), but the position lived only in memory until the first answer,
 * so a crash in between left an order on the exchange whose position no restart could find: an
 * adopted entry's fills had no position to go to, an adopted exit left its position Open.
 */
export function persistPositionBeforeSend(
  exchange: ExchangePort,
  persistPositionOf: (clientOrderId: string) => void,
): ExchangePort {
  return {
    placeOrder: (req) => {
      persistPositionOf(req.clientOrderId);
      return exchange.placeOrder(req);
    },
    cancelOrder: (ref) => exchange.cancelOrder(ref),
    cancelAllOpenOrders: (symbol) => exchange.cancelAllOpenOrders(symbol),
    getOrder: (ref) => exchange.getOrder(ref),
    getOpenOrders: (symbol) => exchange.getOpenOrders(symbol),
    getAllOrders: (symbol, opts) => exchange.getAllOrders(symbol, opts),
    getMyTrades: (symbol, opts) => exchange.getMyTrades(symbol, opts),
    getAccount: () => exchange.getAccount(),
    getExchangeInfo: (symbols) => exchange.getExchangeInfo(symbols),
    getKlines: (symbol, interval, limit) => exchange.getKlines(symbol, interval, limit),
    getBookTicker: (symbol) => exchange.getBookTicker(symbol),
    getServerTime: () => exchange.getServerTime(),
  };
}
