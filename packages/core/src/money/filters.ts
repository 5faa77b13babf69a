import Decimal from 'decimal.js';
import type { OrderType, Side } from '@aurora/contracts';
import { Dec, ONE, ZERO } from './decimal';
import type { SymbolFilters } from './symbol-filters';

/**
 * Binance's symbol filters as exact Decimal arithmetic (filters.md). Step rules are absolute:
 * Binance changed `(qty - minQty) % stepSize == 0` to `qty % stepSize == 0` and
 * `(price - minPrice) % tickSize == 0` to `price % tickSize == 0` (CHANGELOG), so rounding is to
 * plain multiples of the step. A zero bound, step or multiplier disables that rule.
 */
export type FilterName =
  | 'PRICE_FILTER'
  | 'LOT_SIZE'
  | 'MARKET_LOT_SIZE'
  | 'MIN_NOTIONAL'
  | 'NOTIONAL'
  | 'PERCENT_PRICE_BY_SIDE'
  | 'MAX_NUM_ORDERS';

/** One failing filter; message in Binance's words, e.g. "Filter failure: LOT_SIZE". */
export interface FilterFailure {
  filter: FilterName;
  message: string;
}

/** A money input a filter helper cannot work with (e.g. a non-positive price). */
export class InvalidFilterInput extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field} must be a positive finite decimal, got ${value}`);
    this.name = 'InvalidFilterInput';
  }
}

type LotRule = { minQty: Decimal; maxQty: Decimal; stepSize: Decimal };

const failure = (filter: FilterName): FilterFailure => ({ filter, message: `Filter failure: ${filter}` });
const positive = (d: Decimal): boolean => d.isFinite() && d.gt(0);
const isMultiple = (value: Decimal, step: Decimal): boolean => step.isZero() || value.mod(step).isZero();

/** LOT_SIZE applies to every order; MARKET_LOT_SIZE adds its own rules to MARKET orders. */
function lotRulesFor(f: SymbolFilters, market: boolean): LotRule[] {
  const rules: LotRule[] = [];
  if (f.lotSize) rules.push(f.lotSize);
  if (market && f.marketLotSize) rules.push(f.marketLotSize);
  return rules;
}

const MAX_ALIGN_PASSES = 4;

/**
 * Floor a quantity onto the step grid(s), clamp it to maxQty, and return ZERO when the result
 * is below minQty. Never increases the quantity.
 */
export function adjustQuantity(qty: Decimal, f: SymbolFilters, opts?: { market?: boolean }): Decimal {
  if (!positive(qty)) return ZERO;
  const rules = lotRulesFor(f, opts?.market === true);
  let q = qty;
  for (const r of rules) if (r.maxQty.gt(0) && q.gt(r.maxQty)) q = r.maxQty;
  // Flooring to one step can leave a value off the other grid; alternate until both agree.
  // Each pass only lowers q, so a few passes suffice for real steps (one divides the other).
  let aligned = false;
  for (let pass = 0; pass < MAX_ALIGN_PASSES && !aligned; pass++) {
    aligned = true;
    for (const r of rules) {
      if (r.stepSize.isZero() || isMultiple(q, r.stepSize)) continue;
      q = q.toNearest(r.stepSize, Decimal.ROUND_DOWN);
      aligned = false;
    }
  }
  if (!aligned || !q.gt(0)) return ZERO;
  for (const r of rules) if (q.lt(r.minQty)) return ZERO;
  return q;
}

/**
 * Round a price to the tick: BUY rounds down, SELL rounds up (both the side's conservative
 * choice), then clamp into [minPrice, maxPrice] staying on the tick grid.
 */
export function adjustPrice(price: Decimal, f: SymbolFilters, side: Side): Decimal {
  if (!positive(price)) throw new InvalidFilterInput('price', price.toString());
  const pf = f.priceFilter;
  if (!pf) return price;
  const tick = pf.tickSize;
  const onGrid = (p: Decimal, rm: Decimal.Rounding): Decimal => (tick.isZero() ? p : p.toNearest(tick, rm));
  let p = onGrid(price, side === 'BUY' ? Decimal.ROUND_DOWN : Decimal.ROUND_UP);
  if (pf.minPrice.gt(0) && p.lt(pf.minPrice)) p = onGrid(pf.minPrice, Decimal.ROUND_UP);
  if (pf.maxPrice.gt(0) && p.gt(pf.maxPrice)) p = onGrid(pf.maxPrice, Decimal.ROUND_DOWN);
  return p;
}

/**
 * Whether price × qty meets the minimum notional: NOTIONAL's minNotional (for MARKET orders only
 * when applyMinToMarket) and the legacy MIN_NOTIONAL (for MARKET orders only when applyToMarket).
 * For a MARKET order pass the reference (average) price as `price`.
 */
export function checkMinNotional(
  price: Decimal,
  qty: Decimal,
  f: SymbolFilters,
  opts?: { market?: boolean },
): boolean {
  const market = opts?.market === true;
  const notional = price.mul(qty);
  const n = f.notional;
  if (n && (!market || n.applyMinToMarket) && n.minNotional.gt(0) && notional.lt(n.minNotional)) return false;
  const legacy = f.minNotional;
  if (
    legacy &&
    (!market || legacy.applyToMarket) &&
    legacy.minNotional.gt(0) &&
    notional.lt(legacy.minNotional)
  )
    return false;
  return true;
}

function priceFilterFails(p: Decimal, f: SymbolFilters): boolean {
  if (!positive(p)) return true;
  const pf = f.priceFilter;
  if (!pf) return false;
  if (pf.minPrice.gt(0) && p.lt(pf.minPrice)) return true;
  if (pf.maxPrice.gt(0) && p.gt(pf.maxPrice)) return true;
  return !isMultiple(p, pf.tickSize);
}

function lotFails(q: Decimal, r: LotRule | undefined): boolean {
  if (!positive(q)) return true;
  if (!r) return false;
  if (r.minQty.gt(0) && q.lt(r.minQty)) return true;
  if (r.maxQty.gt(0) && q.gt(r.maxQty)) return true;
  return !isMultiple(q, r.stepSize);
}

const LIMIT_PRICED: ReadonlySet<OrderType> = new Set<OrderType>([
  'LIMIT',
  'LIMIT_MAKER',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT_LIMIT',
]);
const STOP_PRICED: ReadonlySet<OrderType> = new Set<OrderType>([
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
]);

/** The price notional filters use: the limit price, a stop's trigger price, or (MARKET) the reference. */
function notionalPrice(o: OrderToValidate): Decimal | undefined {
  if (o.type === 'MARKET') return o.referencePrice;
  if (LIMIT_PRICED.has(o.type)) return o.price;
  return o.stopPrice ?? o.referencePrice;
}

function notionalFailures(o: OrderToValidate, f: SymbolFilters, out: FilterFailure[]): void {
  const price = notionalPrice(o);
  if (price === undefined || !positive(price) || !positive(o.quantity)) return;
  const market = o.type === 'MARKET';
  const value = price.mul(o.quantity);
  const n = f.notional;
  if (n) {
    const minFails = (!market || n.applyMinToMarket) && n.minNotional.gt(0) && value.lt(n.minNotional);
    const maxFails = (!market || n.applyMaxToMarket) && n.maxNotional.gt(0) && value.gt(n.maxNotional);
    if (minFails || maxFails) out.push(failure('NOTIONAL'));
  }
  const legacy = f.minNotional;
  if (legacy && (!market || legacy.applyToMarket) && legacy.minNotional.gt(0) && value.lt(legacy.minNotional))
    out.push(failure('MIN_NOTIONAL'));
}

function percentPriceFails(o: OrderToValidate, f: SymbolFilters): boolean {
  const pp = f.percentPriceBySide;
  const ref = o.referencePrice;
  if (!pp || !LIMIT_PRICED.has(o.type) || o.price === undefined || ref === undefined || !positive(ref))
    return false;
  const up = o.side === 'BUY' ? pp.bidMultiplierUp : pp.askMultiplierUp;
  const down = o.side === 'BUY' ? pp.bidMultiplierDown : pp.askMultiplierDown;
  if (up.gt(0) && o.price.gt(ref.mul(up))) return true;
  return down.gt(0) && o.price.lt(ref.mul(down));
}

export interface OrderToValidate {
  side: Side;
  type: OrderType;
  quantity: Decimal;
  price?: Decimal;
  stopPrice?: Decimal;
  /** Average (or reference) price: MARKET orders' notional and PERCENT_PRICE_BY_SIDE need it. */
  referencePrice?: Decimal;
  /** Orders already open on the symbol, for MAX_NUM_ORDERS. */
  openOrders?: number;
}

/**
 * Every filter the order breaks, by Binance's filter name, in a stable order. A required but
 * missing price/stopPrice, or a non-positive one, counts as PRICE_FILTER; a non-positive
 * quantity as LOT_SIZE. Checks that need a referencePrice are skipped when it is absent.
 */
export function validateOrder(o: OrderToValidate, f: SymbolFilters): FilterFailure[] {
  const out: FilterFailure[] = [];
  const priceBad =
    LIMIT_PRICED.has(o.type) || o.price !== undefined
      ? o.price === undefined || priceFilterFails(o.price, f)
      : false;
  const stopBad =
    STOP_PRICED.has(o.type) || o.stopPrice !== undefined
      ? o.stopPrice === undefined || priceFilterFails(o.stopPrice, f)
      : false;
  if (priceBad || stopBad) out.push(failure('PRICE_FILTER'));
  if (percentPriceFails(o, f)) out.push(failure('PERCENT_PRICE_BY_SIDE'));
  if (lotFails(o.quantity, f.lotSize)) out.push(failure('LOT_SIZE'));
  if (o.type === 'MARKET' && f.marketLotSize && lotFails(o.quantity, f.marketLotSize))
    out.push(failure('MARKET_LOT_SIZE'));
  notionalFailures(o, f, out);
  const maxOrders = f.maxNumOrders?.maxNumOrders ?? 0;
  if (maxOrders > 0 && o.openOrders !== undefined && o.openOrders >= maxOrders)
    out.push(failure('MAX_NUM_ORDERS'));
  return out;
}

/**
 * The smallest quantity on the LOT_SIZE grid that meets minQty and the minimum notional at
 * `price` (the stricter of NOTIONAL and MIN_NOTIONAL, whatever their market flags). It may
 * exceed maxQty: validateOrder still decides. Without a step it rounds up to baseAssetPrecision.
 */
export function minQuantityFor(price: Decimal, f: SymbolFilters): Decimal {
  if (!positive(price)) throw new InvalidFilterInput('price', price.toString());
  const minNotional = Dec.max(f.notional?.minNotional ?? ZERO, f.minNotional?.minNotional ?? ZERO);
  let need = f.lotSize?.minQty ?? ZERO;
  if (minNotional.gt(0)) need = Dec.max(need, minNotional.div(price));
  const step = f.lotSize?.stepSize ?? ZERO;
  const grid = step.gt(0) ? step : ONE.div(new Dec(10).pow(f.baseAssetPrecision));
  let q = need.toNearest(grid, Decimal.ROUND_UP);
  if (!q.gt(0)) q = grid;
  // The division above is rounded at the Decimal precision; one more step absorbs that.
  if (q.mul(price).lt(minNotional)) q = q.plus(grid);
  return q;
}
