import type { ObserverSeriesName, ObserverSeriesStatus } from '@aurora/contracts';
import type { BadgeTone } from '../ui/Badge';

export const SERIES_LABEL: Record<ObserverSeriesName, string> = {
  slippage_bps: 'Entry slippage',
  placement_latency_ms: 'Placement latency',
  ack_to_fill_ms: 'Ack → first fill',
  spread_bps: 'Spread',
  price_jump_bps: 'Mid move per sample',
  fill_ratio: 'Entry fill ratio',
  reject_rate: 'Reject rate (last 20)',
  stream_gaps_per_min: 'Stream gaps / min',
  trade_return_bps: 'Trade return vs backtest',
};

export const STATUS_TONE: Record<ObserverSeriesStatus, BadgeTone> = {
  OK: 'up',
  ANOMALY: 'down',
  WARMING_UP: 'neutral',
  NO_BASELINE: 'warn',
};

export const seriesKey = (s: { series: string; symbol: string | null; group?: string | null }): string =>
  `${s.series}|${s.symbol ?? ''}|${s.group ?? ''}`;

/** The label, then the symbol or the strategy (and params id) the series follows. */
export const seriesName = (s: { series: ObserverSeriesName; symbol: string | null; group?: string | null }): string =>
  [SERIES_LABEL[s.series], s.symbol, s.group].filter((x) => x !== null && x !== undefined).join(' · ');
