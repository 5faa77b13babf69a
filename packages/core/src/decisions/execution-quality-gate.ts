import type { Decimal } from 'decimal.js';
import type { ExecutionConfig } from '@aurora/contracts';
import { dec } from '../money/decimal';
import { adjustQuantity, checkMinNotional } from '../money/filters';
import {
  gateAllow,
  gateBlock,
  type DecisionRequest,
  type GateOutcome,
  type TcaAdvice,
} from './decision-types';

export interface ExecutionQualityResult {
  outcome: GateOutcome;
  quantity: Decimal | null;
  forceLimit: boolean;
}

const BPS = 10_000;

/**
 * Can this order be executed well right now: a spread within max_spread_bps and enough depth
 * on the side we take. TCA advice then applies — a smaller size after costly fills, or LIMIT
 * instead of MARKET. Exits take no TCA size cut: a position must be closed whole.
 */
export function executionQualityGate(
  req: DecisionRequest,
  quantity: Decimal | null,
  exec: ExecutionConfig,
  advice: TcaAdvice,
): ExecutionQualityResult {
  const book = req.market.book;
  const p = req.proposal;
  const blocked = (code: string, reason: string, inputs: GateOutcome['inputs']): ExecutionQualityResult => ({
    outcome: gateBlock(code, reason, inputs),
    quantity: null,
    forceLimit: false,
  });
  if (book === null) return blocked('NO_BOOK', `no order book quote for ${p.symbol}`, {});
  const bid = book.bidPrice;
  const ask = book.askPrice;
  if (!bid.gt(0) || !ask.gt(0) || ask.lt(bid)) {
    return blocked('BAD_BOOK', `unusable quote bid ${bid.toFixed()} / ask ${ask.toFixed()}`, {});
  }
  const spreadBps = ask.minus(bid).div(ask.plus(bid).div(2)).times(BPS).toNumber();
  const depth = p.side === 'BUY' ? book.askQty.times(ask) : book.bidQty.times(bid);
  const minDepth = dec(exec.min_top_depth_usdt);
  const inputs: GateOutcome['inputs'] = {
    spread_bps: Math.round(spreadBps * 100) / 100,
    max_spread_bps: exec.max_spread_bps,
    top_depth: depth.toFixed(),
    min_top_depth: exec.min_top_depth_usdt,
    tca_force_limit: advice.forceLimit,
    tca_size_factor: advice.sizeFactor,
  };
  if (spreadBps > exec.max_spread_bps) {
    return blocked(
      'SPREAD_TOO_WIDE',
      `spread ${spreadBps.toFixed(1)} bps exceeds ${exec.max_spread_bps} bps`,
      inputs,
    );
  }
  if (depth.lt(minDepth)) {
    return blocked(
      'THIN_BOOK',
      `top-of-book depth ${depth.toFixed()} is below ${minDepth.toFixed()}`,
      inputs,
    );
  }
  if (req.isExit === true || quantity === null) {
    return { outcome: gateAllow('spread and depth acceptable', inputs), quantity, forceLimit: false };
  }

  const filters = req.exchange.filters;
  if (filters === null) return blocked('SYMBOL_RULES_MISSING', `no trading rules for ${p.symbol}`, inputs);
  if (!(advice.sizeFactor > 0)) return blocked('TCA_SIZE_ZERO', 'TCA advises no size at all', inputs);
  const forceLimit = advice.forceLimit;
  const wasMarket = exec.entry_order_type === 'MARKET';
  const market = wasMarket && !forceLimit;
  // TCA may only shrink an order, never grow what risk sized.
  const factor = Math.min(1, advice.sizeFactor);
  let q = quantity;
  // Leaving MARKET for LIMIT swaps MARKET_LOT_SIZE for LOT_SIZE: round again on the new grid.
  if (factor < 1 || (wasMarket && forceLimit))
    q = adjustQuantity(factor < 1 ? q.times(factor) : q, filters, { market });
  inputs.quantity = q.toFixed();
  if (q.lte(0) || !checkMinNotional(p.entryPrice, q, filters, { market })) {
    return blocked(
      'TCA_BELOW_MIN_NOTIONAL',
      `TCA-reduced quantity ${q.toFixed()} is below the minimum`,
      inputs,
    );
  }
  const notes = [factor < 1 ? `TCA size × ${factor}` : null, forceLimit ? 'TCA forces LIMIT' : null].filter(
    Boolean,
  );
  const text =
    notes.length > 0 ? `spread and depth acceptable; ${notes.join(', ')}` : 'spread and depth acceptable';
  return { outcome: gateAllow(text, inputs), quantity: q, forceLimit };
}
