import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '@aurora/contracts';
import { dec, ZERO } from '../money/decimal';
import type { ExchangeOrder } from './exchange-port';
import { reportsForOrder, type SynthFill } from './report-synthesis';

const order = (status: OrderStatus, executed: string, quote = '0'): ExchangeOrder => ({
  symbol: 'BTCUSDT',
  orderId: '42',
  clientOrderId: 'intent-1',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  status,
  price: dec('100'),
  stopPrice: null,
  origQty: dec('3'),
  executedQty: dec(executed),
  cumulativeQuoteQty: dec(quote),
  time: 1,
  updateTime: 2,
  fills: [],
});
const fill = (tradeId: string, qty: string, price = '100'): SynthFill => ({
  tradeId,
  qty: dec(qty),
  price: dec(price),
  commission: dec('0.01'),
  commissionAsset: 'USDT',
  isMaker: true,
  time: 5,
});
const summary = (rs: ReturnType<typeof reportsForOrder>) =>
  rs.map((r) => `${r.executionType}/${r.orderStatus}/${r.tradeId ?? '-'}/${r.cumQty.toFixed()}`);

describe('reportsForOrder', () => {
  it('turns fills into TRADE reports with running cumulative totals, in trade-id order', () => {
    const rs = reportsForOrder(
      order('FILLED', '3', '301'),
      [fill('10', '2', '101'), fill('9', '1', '99')],
      ZERO,
      7,
    );
    expect(summary(rs)).toEqual(['TRADE/PARTIALLY_FILLED/9/1', 'TRADE/FILLED/10/3']);
    expect(rs[1]!.cumQuote.toFixed()).toBe('301');
    expect(rs[1]!.executionId).toBe('aurora:42:t:10');
  });

  it('orders numeric trade ids numerically (9 before 10)', () => {
    const rs = reportsForOrder(order('FILLED', '3'), [fill('10', '1'), fill('9', '2')], ZERO, 7);
    expect(rs.map((r) => r.tradeId)).toEqual(['9', '10']);
  });

  it('skips what is already booked and says nothing for a fully known order', () => {
    expect(
      summary(reportsForOrder(order('FILLED', '3'), [fill('1', '1'), fill('2', '2')], dec('1'), 7)),
    ).toEqual(['TRADE/FILLED/2/3']);
    expect(reportsForOrder(order('FILLED', '3'), [fill('1', '3')], dec('3'), 7)).toEqual([]);
  });

  it('adds the terminal status after the trades of a partly filled, cancelled order', () => {
    const rs = reportsForOrder(order('CANCELED', '1', '100'), [fill('1', '1')], ZERO, 7);
    expect(summary(rs)).toEqual(['TRADE/PARTIALLY_FILLED/1/1', 'CANCELED/CANCELED/-/1']);
  });

  it('reports NEW for a fresh order and EXPIRED for an IOC that found nothing', () => {
    expect(summary(reportsForOrder(order('NEW', '0'), [], ZERO, 7))).toEqual(['NEW/NEW/-/0']);
    expect(summary(reportsForOrder(order('EXPIRED', '0'), [], ZERO, 7))).toEqual(['EXPIRED/EXPIRED/-/0']);
  });

  it('holds the terminal status back while a fill is missing, so no trade lands after the end', () => {
    expect(
      reportsForOrder(order('CANCELED', '2'), [fill('1', '1')], ZERO, 7).map((r) => r.executionType),
    ).toEqual(['TRADE']);
    expect(reportsForOrder(order('CANCELED', '2'), [], ZERO, 7)).toEqual([]);
  });

  it('uses what is already booked to end a cancelled order the cancel response tells without fills', () => {
    expect(summary(reportsForOrder(order('CANCELED', '2', '200'), [], dec('2'), 7))).toEqual([
      'CANCELED/CANCELED/-/2',
    ]);
  });
});
