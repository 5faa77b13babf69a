import type { Decimal } from 'decimal.js';
import type { OrderStatus, Side } from '@aurora/contracts';
import type { ExecutionReport, ExecutionType } from '../execution/user-stream-events';
import { dec, ZERO } from '../money/decimal';

let nextExecutionId = 1;
let nextTradeId = 1;

/**
 * Produces the executionReports Binance would send for one order, with consistent cumulative
 * fields (z, Z), unique execution ids (I) and trade ids (t). Test support only.
 */
export class ReportScript {
  private cumQty: Decimal = ZERO;
  private cumQuote: Decimal = ZERO;
  status: OrderStatus = 'NEW';

  constructor(
    readonly symbol: string,
    readonly side: Side,
    readonly clientOrderId: string,
    readonly orderId: string,
    readonly origQty: Decimal,
    private time = 1_700_000_000_000,
  ) {}

  ack(): ExecutionReport {
    return this.report('NEW', 'NEW', ZERO, ZERO, ZERO, null);
  }

  fill(
    qty: Decimal | string,
    price: Decimal | string,
    commission: Decimal | string = '0',
    asset: string | null = null,
  ) {
    const q = dec(qty);
    const p = dec(price);
    this.cumQty = this.cumQty.plus(q);
    this.cumQuote = this.cumQuote.plus(q.mul(p));
    const status: OrderStatus = this.cumQty.gte(this.origQty) ? 'FILLED' : 'PARTIALLY_FILLED';
    return this.report('TRADE', status, q, p, dec(commission), asset);
  }

  cancel(): ExecutionReport {
    return this.report('CANCELED', 'CANCELED', ZERO, ZERO, ZERO, null);
  }

  expire(): ExecutionReport {
    return this.report('EXPIRED', 'EXPIRED', ZERO, ZERO, ZERO, null);
  }

  reject(): ExecutionReport {
    return this.report('REJECTED', 'REJECTED', ZERO, ZERO, ZERO, null);
  }

  private report(
    x: ExecutionType,
    status: OrderStatus,
    lastQty: Decimal,
    lastPrice: Decimal,
    commission: Decimal,
    commissionAsset: string | null,
  ): ExecutionReport {
    this.status = status;
    this.time += 1000;
    return {
      kind: 'executionReport',
      eventTime: this.time,
      transactTime: this.time,
      symbol: this.symbol,
      clientOrderId: this.clientOrderId,
      origClientOrderId: null,
      orderId: this.orderId,
      side: this.side,
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      executionType: x,
      orderStatus: status,
      rejectReason: null,
      price: ZERO,
      stopPrice: ZERO,
      origQty: this.origQty,
      lastQty,
      lastPrice,
      cumQty: this.cumQty,
      cumQuote: this.cumQuote,
      commission,
      commissionAsset,
      tradeId: x === 'TRADE' ? String(nextTradeId++) : null,
      executionId: String(nextExecutionId++),
      isMaker: false,
    };
  }
}
