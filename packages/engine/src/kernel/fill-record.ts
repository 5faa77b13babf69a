import type { TradeDto } from '@aurora/contracts';
import { commissionInQuote, type ExecutionReport } from '@aurora/core';
import type { Decimal } from 'decimal.js';

/** The fills table's key for one trade (migration 2 moved older rows onto it). */
export const fillId = (symbol: string, orderId: string, tradeId: string): string =>
  `${symbol}:${orderId}:${tradeId}`;

/** A TRADE execution report as the fills table and GET /trades show it. */
export function fillToTradeDto(
  r: ExecutionReport,
  positionId: string | null,
  priceOf: (asset: string, at: number) => Decimal | null,
  quoteAsset: string,
  strategy: string | null = null,
): TradeDto {
  const base = r.symbol.endsWith(quoteAsset) ? r.symbol.slice(0, -quoteAsset.length) : r.symbol;
  const asset = r.commissionAsset ?? quoteAsset;
  const fee = commissionInQuote(r.commission, asset, base, quoteAsset, r.lastPrice, priceOf, r.transactTime);
  return {
    // Binance numbers orders and trades per symbol: only symbol + orderId + tradeId is unique.
    // The id is what makes a fill stored once, whichever report (stream or REST) told it first.
    id: fillId(r.symbol, r.orderId, r.tradeId ?? r.executionId),
    symbol: r.symbol,
    order_id: r.orderId,
    client_order_id: r.clientOrderId,
    trade_id: r.tradeId ?? '',
    side: r.side,
    price: r.lastPrice.toFixed(),
    qty: r.lastQty.toFixed(),
    quote_qty: r.lastPrice.mul(r.lastQty).toFixed(),
    commission: r.commission.toFixed(),
    commission_asset: asset,
    commission_quote: fee.quote.toFixed(),
    commission_approximate: fee.approximate,
    is_maker: r.isMaker,
    position_id: positionId,
    strategy,
    time: r.transactTime,
  };
}
