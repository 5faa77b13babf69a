/**
 * What one backtest run produces: the raw material of its report. Money is a Decimal string;
 * times are epoch milliseconds.
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
  trades: BacktestTrade[]; // closed trades, in exit-time order
  equity: Array<{ t: number; equity: string }>; // sampled at least hourly and at every close
  prices: Record<string, Array<{ t: number; close: number }>>; // downsampled (≤ 2,000 points per symbol)
  gateBlocks: Record<string, number>; // blocked decisions by pipeline layer
  decisions: { total: number; allowed: number };
  breakerTrips: number;
  candles: number;
  wallMs: number;
  openAtEnd: number;
}
