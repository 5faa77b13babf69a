import { z } from 'zod';

const Ts = z.number().int().nonnegative();

/**
 * The figures the anomaly observer follows. Trade-level series are pooled over symbols (too few
 * trades per symbol for a window); market series are kept per symbol.
 */
export const ObserverSeriesName = z.enum([
  'slippage_bps',
  'placement_latency_ms',
  'ack_to_fill_ms',
  'spread_bps',
  'price_jump_bps',
  'fill_ratio',
  'reject_rate',
  'stream_gaps_per_min',
  'trade_return_bps',
]);
export type ObserverSeriesName = z.infer<typeof ObserverSeriesName>;

/** ROBUST_Z: one value far from the window's median; CUSUM_UP/DOWN: a sustained shift of level. */
export const AnomalyDetector = z.enum(['ROBUST_Z', 'CUSUM_UP', 'CUSUM_DOWN']);
export type AnomalyDetector = z.infer<typeof AnomalyDetector>;

/** What a value is compared with: its own recent past, or the backtest of the same strategy. */
export const ObserverReference = z.enum(['ROLLING', 'BACKTEST', 'NONE']);
export type ObserverReference = z.infer<typeof ObserverReference>;

export const SeriesPoint = z.object({ t: Ts, v: z.number() });
export type SeriesPoint = z.infer<typeof SeriesPoint>;

const AnomalyEvidence = z.object({
  reference: ObserverReference,
  value: z.number(),
  median: z.number(),
  mad: z.number(),
  /** max(1.4826 · MAD, the series' resolution floor): the unit of the z-score. */
  scale: z.number(),
  /** The series window the statistic saw, oldest first, the firing value last. */
  points: z.array(SeriesPoint).max(120),
});

export const AnomalyDto = z.object({
  id: z.string(),
  series: ObserverSeriesName,
  symbol: z.string().nullable(),
  detector: AnomalyDetector,
  /** The robust z of the value, or the CUSUM sum, at the moment it fired. */
  statistic: z.number(),
  threshold: z.number(),
  fired_at: Ts,
  message: z.string(),
  evidence: AnomalyEvidence,
});
export type AnomalyDto = z.infer<typeof AnomalyDto>;

/** An anomaly in the state snapshot: everything but the window's points (GET /anomalies has them). */
export const AnomalyBrief = AnomalyDto.extend({ evidence: AnomalyEvidence.omit({ points: true }) });
export type AnomalyBrief = z.infer<typeof AnomalyBrief>;

export const ObserverSeriesStatus = z.enum(['WARMING_UP', 'OK', 'ANOMALY', 'NO_BASELINE']);
export type ObserverSeriesStatus = z.infer<typeof ObserverSeriesStatus>;

export const ObserverSeriesSummary = z.object({
  series: ObserverSeriesName,
  symbol: z.string().nullable(),
  /** For a series judged against a backtest: the strategy and params it follows (`ema-cross@<params id>`). */
  group: z.string().nullable().default(null),
  unit: z.string(),
  reference: ObserverReference,
  status: ObserverSeriesStatus,
  samples: z.number().int().nonnegative(),
  last: SeriesPoint.nullable(),
  median: z.number().nullable(),
  mad: z.number().nullable(),
  /** max(1.4826 · MAD, floor): the unit of z; median ± z_threshold · scale is the point rule's band. */
  scale: z.number().nullable(),
  last_z: z.number().nullable(),
  cusum_up: z.number(),
  cusum_down: z.number(),
  z_threshold: z.number(),
  cusum_threshold: z.number().nullable(),
  /** Why there is no figure (e.g. "no baseline: no backtest report for this strategy"). */
  note: z.string().nullable(),
});
export type ObserverSeriesSummary = z.infer<typeof ObserverSeriesSummary>;

/** The part of the state snapshot: bounded, without chart points (those are on GET /anomalies). */
export const ObserverDto = z.object({
  anomalies_total: z.number().int().nonnegative(),
  recent_anomalies: z.array(AnomalyBrief).max(10),
  series: z.array(ObserverSeriesSummary).max(64),
  baseline: z.object({
    status: z.enum(['LOADED', 'NONE', 'MISMATCH', 'INVALID']),
    message: z.string(),
  }),
});
export type ObserverDto = z.infer<typeof ObserverDto>;

export const ObserverSeriesDetail = ObserverSeriesSummary.extend({ points: z.array(SeriesPoint).max(240) });
export type ObserverSeriesDetail = z.infer<typeof ObserverSeriesDetail>;

/** GET /api/v1/anomalies: every remembered anomaly (newest first) and each series charted. */
export const AnomaliesResponse = z.object({
  anomalies_total: z.number().int().nonnegative(),
  anomalies: z.array(AnomalyDto),
  series: z.array(ObserverSeriesDetail),
  baseline: ObserverDto.shape.baseline,
});
export type AnomaliesResponse = z.infer<typeof AnomaliesResponse>;
