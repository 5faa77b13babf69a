import type { Decimal } from 'decimal.js';
import { dec } from '@aurora/core';

/**
 * Raw Binance executionReport messages (WebSocket API user-data frames) for whole round trips:
 * a LIMIT BUY entry (ack, partial fill, fill) and a MARKET SELL exit (ack, partial fill, fill),
 * commissions paid in BNB. Every message is a fresh event (unique execution and trade ids), so
 * applying them does real work: no repeat is ever answered from the duplicate check.
 */

export const STREAM_SYMBOL = 'BTCUSDT';
export const ROUND_TRIP_QTY = dec('0.01');
/** BNB's price in USDT that a bench PositionEngine must use to convert the commissions. */
export const BNB_PRICE = dec('600');
const BASE_TIME = 1_700_000_000_000;
/** 0.075 % paid in BNB, as a BNB-burn account pays. */
const BNB_FEE_RATE = dec('0.00075');
/**
 * Exit price over entry price, round trip by round trip: after 0.15 % of fees these are a win, a
 * loss and a win, so the risk engine sees both outcomes and no loss streak trips its breaker.
 */
const EXIT_MOVES = [dec('1.003'), dec('0.999'), dec('1.002')];

export interface RoundTrip {
  index: number;
  entryClientOrderId: string;
  exitClientOrderId: string;
  qty: Decimal;
  entryPrice: Decimal;
  exitPrice: Decimal;
  /** Ack, partial fill, fill of the LIMIT BUY entry. */
  entryMessages: string[];
  /** Ack, partial fill, fill of the MARKET SELL exit. */
  exitMessages: string[];
  /** What the trade must realize in USDT: price difference minus every commission at BNB_PRICE. */
  expectedPnl: Decimal;
}

interface Leg {
  side: 'BUY' | 'SELL';
  type: 'LIMIT' | 'MARKET';
  clientOrderId: string;
  orderId: number;
  price: Decimal;
  /** Fill sizes in order; their sum is the order quantity. */
  fills: Decimal[];
}

/** The message for one report of a leg, as Binance's WebSocket API delivers user data. */
function reportMessage(
  leg: Leg,
  ids: { execution: number; trade: number },
  time: number,
  fill: { qty: Decimal; cumQty: Decimal; cumQuote: Decimal; fee: Decimal } | null,
  qty: Decimal,
): string {
  const filled = fill !== null && fill.cumQty.eq(qty);
  return JSON.stringify({
    subscriptionId: 0,
    event: {
      e: 'executionReport',
      E: time,
      s: STREAM_SYMBOL,
      c: leg.clientOrderId,
      S: leg.side,
      o: leg.type,
      f: 'GTC',
      q: qty.toFixed(8),
      p: leg.type === 'LIMIT' ? leg.price.toFixed(8) : '0.00000000',
      P: '0.00000000',
      F: '0.00000000',
      g: -1,
      C: '',
      x: fill === null ? 'NEW' : 'TRADE',
      X: fill === null ? 'NEW' : filled ? 'FILLED' : 'PARTIALLY_FILLED',
      r: 'NONE',
      i: leg.orderId,
      l: (fill?.qty ?? dec(0)).toFixed(8),
      z: (fill?.cumQty ?? dec(0)).toFixed(8),
      L: fill === null ? '0.00000000' : leg.price.toFixed(8),
      n: (fill?.fee ?? dec(0)).toFixed(8),
      N: fill === null ? null : 'BNB',
      T: time,
      t: fill === null ? -1 : ids.trade++,
      I: ids.execution++,
      w: fill === null,
      m: false,
      M: fill !== null,
      O: time,
      Z: (fill?.cumQuote ?? dec(0)).toFixed(8),
      Y: fill === null ? '0.00000000' : fill.qty.times(leg.price).toFixed(8),
      Q: '0.00000000',
      W: time,
      V: 'NONE',
    },
  });
}

/** An ack then one TRADE report per fill; returns the messages and the BNB paid. */
function legMessages(
  leg: Leg,
  ids: { execution: number; trade: number },
  time: number,
): { messages: string[]; bnb: Decimal } {
  const qty = leg.fills.reduce((a, b) => a.plus(b), dec(0));
  const messages = [reportMessage(leg, ids, time, null, qty)];
  let cumQty = dec(0);
  let cumQuote = dec(0);
  let bnb = dec(0);
  leg.fills.forEach((q, k) => {
    cumQty = cumQty.plus(q);
    cumQuote = cumQuote.plus(q.times(leg.price));
    const fee = q.times(leg.price).times(BNB_FEE_RATE).div(BNB_PRICE).toDecimalPlaces(8);
    bnb = bnb.plus(fee);
    messages.push(reportMessage(leg, ids, time + 1 + k, { qty: q, cumQty, cumQuote, fee }, qty));
  });
  return { messages, bnb };
}

/** Round trips `first` … `first + count - 1`; the same index always gives the same messages. */
export function roundTrips(first: number, count: number): RoundTrip[] {
  const out: RoundTrip[] = [];
  for (let index = first; index < first + count; index++) {
    // 64,000 ± 50 in whole cents, so every price sits on BTCUSDT's 0.01 tick.
    const entryPrice = dec(64_000 + ((index * 7919) % 10_000) / 100 - 50);
    const exitPrice = entryPrice.times(EXIT_MOVES[index % EXIT_MOVES.length] as Decimal).toDecimalPlaces(2);
    const ids = { execution: index * 10 + 1, trade: index * 10 + 1 };
    const time = BASE_TIME + index * 100;
    const entry = legMessages(
      {
        side: 'BUY',
        type: 'LIMIT',
        clientOrderId: `bench-entry-${index}`,
        orderId: index * 2 + 1,
        price: entryPrice,
        fills: [dec('0.004'), dec('0.006')],
      },
      ids,
      time,
    );
    const exit = legMessages(
      {
        side: 'SELL',
        type: 'MARKET',
        clientOrderId: `bench-exit-${index}`,
        orderId: index * 2 + 2,
        price: exitPrice,
        fills: [dec('0.005'), dec('0.005')],
      },
      ids,
      time + 50,
    );
    const gross = exitPrice.minus(entryPrice).times(ROUND_TRIP_QTY);
    out.push({
      index,
      entryClientOrderId: `bench-entry-${index}`,
      exitClientOrderId: `bench-exit-${index}`,
      qty: ROUND_TRIP_QTY,
      entryPrice,
      exitPrice,
      entryMessages: entry.messages,
      exitMessages: exit.messages,
      expectedPnl: gross.minus(entry.bnb.plus(exit.bnb).times(BNB_PRICE)),
    });
  }
  return out;
}

/** Reports per round trip (three per leg). */
export const REPORTS_PER_ROUND_TRIP = 6;
