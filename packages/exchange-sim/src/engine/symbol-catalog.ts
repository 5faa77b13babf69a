import type { Decimal } from 'decimal.js';
import { Dec } from '@aurora/core';

/** Everything the simulator needs to know about one symbol: rules, starting price, liquidity. */
export interface SymbolSpec {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  startPrice: Decimal;
  tickSize: Decimal;
  minPrice: Decimal;
  maxPrice: Decimal;
  stepSize: Decimal;
  minQty: Decimal;
  maxQty: Decimal;
  /** MARKET_LOT_SIZE: like Binance's majors, no step of its own and a lower maximum. */
  marketMinQty: Decimal;
  marketMaxQty: Decimal;
  marketStepSize: Decimal;
  minNotional: Decimal;
  maxNotional: Decimal;
  percentUp: Decimal;
  percentDown: Decimal;
  avgPriceMins: number;
  maxNumOrders: number;
  maxNumAlgoOrders: number;
  /** Base quantity at the best level of the synthetic book; deeper levels hold more. */
  levelQty: Decimal;
  /** Scales the feed's volatility for this symbol. */
  volatility: number;
}

interface CatalogEntry {
  base: string;
  quote: string;
  price: string;
  tick: string;
  step: string;
  maxQty: string;
  marketMaxQty: string;
  levelQty: string;
  volatility: number;
}

// Rules modelled on Binance's live majors (tick, step, 5 USDT minimum notional).
const KNOWN: Record<string, CatalogEntry> = {
  BTCUSDT: {
    base: 'BTC',
    quote: 'USDT',
    price: '67000.00',
    tick: '0.01',
    step: '0.00001',
    maxQty: '9000',
    marketMaxQty: '100',
    levelQty: '0.4',
    volatility: 1,
  },
  ETHUSDT: {
    base: 'ETH',
    quote: 'USDT',
    price: '3500.00',
    tick: '0.01',
    step: '0.0001',
    maxQty: '9000',
    marketMaxQty: '2000',
    levelQty: '6',
    volatility: 1.2,
  },
  BNBUSDT: {
    base: 'BNB',
    quote: 'USDT',
    price: '600.00',
    tick: '0.01',
    step: '0.001',
    maxQty: '9000',
    marketMaxQty: '5000',
    levelQty: '30',
    volatility: 1.1,
  },
  SOLUSDT: {
    base: 'SOL',
    quote: 'USDT',
    price: '150.00',
    tick: '0.01',
    step: '0.001',
    maxQty: '9000',
    marketMaxQty: '20000',
    levelQty: '150',
    volatility: 1.5,
  },
  ETHBTC: {
    base: 'ETH',
    quote: 'BTC',
    price: '0.05200',
    tick: '0.00001',
    step: '0.0001',
    maxQty: '100000',
    marketMaxQty: '2000',
    levelQty: '6',
    volatility: 0.6,
  },
  BNBBTC: {
    base: 'BNB',
    quote: 'BTC',
    price: '0.009000',
    tick: '0.000001',
    step: '0.001',
    maxQty: '100000',
    marketMaxQty: '5000',
    levelQty: '30',
    volatility: 0.6,
  },
};

const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BTC', 'ETH', 'BNB'];
export const SYMBOL_PATTERN = /^[A-Z0-9-_.]{1,20}$/;

export const DEFAULT_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'];

/** The spec for a symbol: a known major, or a believable generic pair (price 100, tick 0.01). */
export function symbolSpec(symbol: string): SymbolSpec {
  const known = KNOWN[symbol];
  const entry: CatalogEntry = known ?? genericEntry(symbol);
  const price = new Dec(entry.price);
  const tick = new Dec(entry.tick);
  const quoteIsUsd = entry.quote.startsWith('USD') || entry.quote === 'FDUSD';
  return {
    symbol,
    baseAsset: entry.base,
    quoteAsset: entry.quote,
    startPrice: price,
    tickSize: tick,
    minPrice: tick,
    maxPrice: quoteIsUsd ? new Dec('1000000') : new Dec('1000'),
    stepSize: new Dec(entry.step),
    minQty: new Dec(entry.step),
    maxQty: new Dec(entry.maxQty),
    marketMinQty: new Dec(0),
    marketMaxQty: new Dec(entry.marketMaxQty),
    marketStepSize: new Dec(0),
    minNotional: quoteIsUsd ? new Dec(5) : new Dec('0.0001'),
    maxNotional: quoteIsUsd ? new Dec('9000000') : new Dec('9000000'),
    percentUp: new Dec(5),
    percentDown: new Dec('0.2'),
    avgPriceMins: 5,
    maxNumOrders: 200,
    maxNumAlgoOrders: 5,
    levelQty: new Dec(entry.levelQty),
    volatility: entry.volatility,
  };
}

function genericEntry(symbol: string): CatalogEntry {
  if (!SYMBOL_PATTERN.test(symbol)) throw new Error(`not a symbol name: ${symbol}`);
  const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length) ?? 'USDT';
  const base = symbol.endsWith(quote) ? symbol.slice(0, -quote.length) : symbol;
  return {
    base,
    quote,
    price: '100.00',
    tick: '0.01',
    step: '0.001',
    maxQty: '900000',
    marketMaxQty: '50000',
    levelQty: '200',
    volatility: 1.3,
  };
}
