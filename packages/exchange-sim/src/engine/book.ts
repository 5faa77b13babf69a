import { Dec } from '@aurora/core';
import type { SeededRandom } from './rng';
import type { SymbolSpec } from './symbol-catalog';

export interface BookLevel {
  price: Dec;
  qty: Dec;
}

/** Shape of the synthetic liquidity around the feed's mid price. */
export interface BookConfig {
  /** Price levels per side. */
  levels: number;
  /** Quoted spread as basis points of mid (at least one tick). */
  spreadBps: number;
  /** Distance between levels in basis points (at least one tick): what a large order slips. */
  levelSpacingBps: number;
  /** Multiplies the symbol's best-level quantity. */
  depthFactor: number;
}

export const DEFAULT_BOOK: BookConfig = { levels: 20, spreadBps: 1, levelSpacingBps: 0.5, depthFactor: 1 };

/**
 * The market's own liquidity: levels regenerated around the mid on every feed tick and consumed
 * by takers until the next tick. Best level first on both sides.
 */
export class SyntheticBook {
  constructor(
    readonly bids: BookLevel[],
    readonly asks: BookLevel[],
  ) {}

  static around(mid: Dec, spec: SymbolSpec, cfg: BookConfig, rng: SeededRandom): SyntheticBook {
    const tick = spec.tickSize;
    const { bestBid, bestAsk } = bestQuotes(mid, spec, cfg);
    const spacing = Dec.max(tick, mid.times(cfg.levelSpacingBps).div(10_000).toNearest(tick, Dec.ROUND_DOWN));
    // Level sizes are whole steps, drawn as floats (statistics) and turned into one Decimal each.
    const baseSteps = spec.levelQty.times(cfg.depthFactor).div(spec.stepSize).toNumber();
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    let bidPrice = bestBid;
    let askPrice = bestAsk;
    for (let i = 0; i < cfg.levels; i++) {
      if (bidPrice.gte(spec.minPrice)) bids.push({ price: bidPrice, qty: levelQty(baseSteps, i, spec, rng) });
      asks.push({ price: askPrice, qty: levelQty(baseSteps, i, spec, rng) });
      bidPrice = bidPrice.minus(spacing);
      askPrice = askPrice.plus(spacing);
    }
    return new SyntheticBook(bids, asks);
  }

  /** Takes `qty` from a level; emptied levels stay (qty 0) until the next regeneration. */
  consume(level: BookLevel, qty: Dec): void {
    level.qty = level.qty.minus(qty);
  }
}

/** The synthetic book's best bid and ask around `mid`: half the spread each side, on the tick. */
export function bestQuotes(mid: Dec, spec: SymbolSpec, cfg: BookConfig): { bestBid: Dec; bestAsk: Dec } {
  const tick = spec.tickSize;
  const halfSpread = Dec.max(tick.div(2), mid.times(cfg.spreadBps).div(20_000));
  const bestBid = mid.minus(halfSpread).toNearest(tick, Dec.ROUND_DOWN);
  let bestAsk = mid.plus(halfSpread).toNearest(tick, Dec.ROUND_UP);
  if (bestAsk.lte(bestBid)) bestAsk = bestBid.plus(tick);
  return { bestBid, bestAsk };
}

/** The best level's typical size (the mean of levelQty's draw), whole steps. */
export function meanBestLevelQty(spec: SymbolSpec, cfg: BookConfig): Dec {
  const baseSteps = spec.levelQty.times(cfg.depthFactor).div(spec.stepSize).toNumber();
  return spec.stepSize.times(Math.max(1, Math.floor(baseSteps)));
}

function levelQty(baseSteps: number, index: number, spec: SymbolSpec, rng: SeededRandom): Dec {
  const steps = Math.max(1, Math.floor(baseSteps * (1 + 0.15 * index) * (0.7 + 0.6 * rng.next())));
  return spec.stepSize.times(steps);
}
