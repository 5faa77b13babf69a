/**
 * What one backtest run produces: the input of the JSON/HTML report and of the SHA-256 over
 * closed trades. Money stays Decimal strings; times are ms since the epoch.
 */
export interface BacktestTrade {
  id: string;
  symbol: string;
  strategy: string;
  entryTime: number;
  exitTime: number;
  entryPrice: string;
  exitPrice: string;
  qty: string;
  pnl: string;
  fees: string;
  exitReason: string;
}

/** A proposal a warm strategy made (before any gate): what the look-ahead check compares. */
export interface BacktestSignal {
  /** Close time of the candle it was made on, ms. */
  time: number;
  symbol: string;
  side: 'BUY' | 'SELL';
  entry: string;
  stop: string;
  target: string;
  confidence: number;
  atr: number;
}

export interface BacktestRunData {
  strategy: string;
  params: Record<string, unknown>;
  symbols: string[];
  interval: '1m';
  from: number;
  to: number;
  startBalance: string;
  quoteAsset: string;
  dataSource: string;
  /** Closed trades, in exit-time order. */
  trades: BacktestTrade[];
  /** Sampled at least hourly and at every close. */
  equity: Array<{ t: number; equity: string }>;
  /** Downsampled for the chart (≤ 2,000 points per symbol). */
  prices: Record<string, Array<{ t: number; close: number }>>;
  /** Blocked decisions by pipeline layer. */
  gateBlocks: Record<string, number>;
  decisions: { total: number; allowed: number };
  breakerTrips: number;
  candles: number;
  wallMs: number;
  openAtEnd: number;
  /** Every proposal of the run, in time order, when the run was asked to keep them (keepSignals). */
  signals?: BacktestSignal[];
}
