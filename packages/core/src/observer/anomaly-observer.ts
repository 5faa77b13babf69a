import type {
  AnomalyBrief,
  AnomalyDto,
  ObserverDto,
  ObserverSeriesDetail,
  ObserverSeriesName,
  ObserverSeriesSummary,
} from '@aurora/contracts';
import type { Clock } from '../clock';
import { DEFAULT_SERIES_SPECS, type SeriesSpec } from './observer-specs';
import { MAD_TO_SIGMA } from './robust-stats';
import { RollingRate } from './rolling-rate';
import { SeriesDetector, type Detection, type FixedReference } from './series-detector';

export interface AnomalyObserverOptions {
  specs?: Partial<Record<ObserverSeriesName, SeriesSpec>>;
  /** Anomalies remembered (newest kept). Default 50. */
  maxAnomalies?: number;
  /** Series keys (series × symbol) followed at most; values for more are refused. Default 64. */
  maxKeys?: number;
  /** Window of the reject-rate share. Default 20 requests. */
  rejectRateWindow?: number;
}

export type BaselineStatus = ObserverDto['baseline'];

export type ObserveResult =
  { ok: true; anomalies: AnomalyDto[] } | { ok: false; reason: 'NOT_FINITE' | 'TOO_MANY_SERIES' };

interface Tracked {
  series: ObserverSeriesName;
  symbol: string | null;
  /**
   * What a baseline series is judged against: the strategy (and params) that made the value
   * (`ema-cross@1a2b3c4d5e6f`), so each strategy meets its own backtest; null for other series.
   */
  group: string | null;
  spec: SeriesSpec;
  detector: SeriesDetector;
}

const NO_ANOMALIES: ObserveResult = Object.freeze({ ok: true, anomalies: [] });
const SNAPSHOT_ANOMALIES = 10;

/**
 * The anomaly observer: robust statistics over the bot's own figures (see robust-stats.ts,
 * cusum.ts, series-detector.ts for the formulas, observer-specs.ts for the thresholds). It is
 * statistics, not a model: every anomaly states the value, the statistic, the threshold and the
 * window it was judged on. Pure: values arrive with their timestamps, `fired_at` comes from the
 * injected clock, and every store is bounded.
 */
export class AnomalyObserver {
  private readonly specs: Record<ObserverSeriesName, SeriesSpec>;
  private readonly tracked = new Map<string, Tracked>();
  private readonly recent: AnomalyDto[] = [];
  private readonly maxAnomalies: number;
  private readonly maxKeys: number;
  private readonly rejectRate: RollingRate;
  /** Fixed references by `series|group`. */
  private readonly fixed = new Map<string, FixedReference>();
  /** Why each group of a baseline series has (no) reference, by `series|group`. */
  private readonly groupStatus = new Map<string, BaselineStatus>();
  private baselineStatus: BaselineStatus = {
    status: 'NONE',
    message: 'no baseline: no backtest report loaded',
  };
  private total = 0;
  private refused = 0;
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    options: AnomalyObserverOptions = {},
  ) {
    this.specs = { ...DEFAULT_SERIES_SPECS, ...options.specs };
    this.maxAnomalies = options.maxAnomalies ?? 50;
    this.maxKeys = options.maxKeys ?? 64;
    this.rejectRate = new RollingRate(options.rejectRateWindow ?? 20);
    if (!Number.isInteger(this.maxAnomalies) || this.maxAnomalies < 1)
      throw new RangeError('maxAnomalies must be ≥ 1');
  }

  /**
   * Judge one value of a series. Per-symbol series need the symbol; pooled ones ignore it. A
   * series that needs a baseline is followed per `group` (the strategy that made the value).
   */
  observe(
    series: ObserverSeriesName,
    symbol: string | null,
    at: number,
    value: number,
    group: string | null = null,
  ): ObserveResult {
    if (!Number.isFinite(value) || !Number.isFinite(at)) {
      this.refused += 1;
      return { ok: false, reason: 'NOT_FINITE' };
    }
    const t = this.track(series, symbol, group);
    if (t === null) {
      this.refused += 1;
      return { ok: false, reason: 'TOO_MANY_SERIES' };
    }
    const detections = t.detector.observe(at, value);
    // A series that needs a baseline is charted without one, but judged only with one.
    if (detections.length === 0 || (t.spec.needsBaseline && !this.fixed.has(fixedKey(t.series, t.group)))) return NO_ANOMALIES;
    const anomalies = detections.map((d) => this.toAnomaly(t, d));
    for (const a of anomalies) this.remember(a);
    return { ok: true, anomalies };
  }

  /** One order request's outcome; the reject-rate series is its rolling share. */
  observeOrderOutcome(at: number, rejected: boolean): ObserveResult {
    const rate = this.rejectRate.push(rejected);
    return rate === null ? NO_ANOMALIES : this.observe('reject_rate', null, at, rate);
  }

  /**
   * The backtest's per-trade distribution for the strategy running now, or null with the reason
   * there is none. Only series that need a baseline read it.
   */
  setBaseline(series: ObserverSeriesName, reference: FixedReference | null, status: BaselineStatus): void {
    this.setBaselines(series, [{ group: null, reference, status }]);
  }

  /**
   * One baseline per group (per strategy and params), replacing every earlier one of the series:
   * a group not listed has no baseline. The overall status sums them up.
   */
  setBaselines(
    series: ObserverSeriesName,
    entries: ReadonlyArray<{ group: string | null; reference: FixedReference | null; status: BaselineStatus }>,
  ): void {
    for (const key of [...this.fixed.keys(), ...this.groupStatus.keys()])
      if (key.startsWith(`${series}|`)) {
        this.fixed.delete(key);
        this.groupStatus.delete(key);
      }
    for (const e of entries) {
      const key = fixedKey(series, e.group);
      if (e.reference !== null) this.fixed.set(key, e.reference);
      this.groupStatus.set(key, e.status);
    }
    this.baselineStatus = overallStatus(entries);
    for (const t of this.tracked.values())
      if (t.series === series) t.detector.setFixedReference(this.fixed.get(fixedKey(series, t.group)) ?? null);
  }

  get anomaliesTotal(): number {
    return this.total;
  }

  /** Values refused (non-finite, or a series beyond maxKeys). */
  get refusedValues(): number {
    return this.refused;
  }

  get seriesCount(): number {
    return this.tracked.size;
  }

  /** Newest first. */
  anomalies(limit: number = this.maxAnomalies): AnomalyDto[] {
    return this.recent.slice(-limit).reverse();
  }

  dto(): ObserverDto {
    return {
      anomalies_total: this.total,
      recent_anomalies: this.anomalies(SNAPSHOT_ANOMALIES).map(brief),
      series: this.summaries(),
      baseline: this.baselineStatus,
    };
  }

  /** Every series with its chart points (newest `points` values). */
  details(points: number): {
    anomalies_total: number;
    anomalies: AnomalyDto[];
    series: ObserverSeriesDetail[];
    baseline: BaselineStatus;
  } {
    return {
      anomalies_total: this.total,
      anomalies: this.anomalies(),
      series: this.sortedTracked().map((t) => ({ ...this.summary(t), points: t.detector.points(points) })),
      baseline: this.baselineStatus,
    };
  }

  summaries(): ObserverSeriesSummary[] {
    return this.sortedTracked().map((t) => this.summary(t));
  }

  private sortedTracked(): Tracked[] {
    return [...this.tracked.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
  }

  private summary(t: Tracked): ObserverSeriesSummary {
    const s = t.detector.state();
    const noBaseline = t.spec.needsBaseline && !this.fixed.has(fixedKey(t.series, t.group));
    const latest = this.recent.length > 0 ? this.latestFor(t) : null;
    const anomalous = latest !== null && s.last !== null && latest.evidence.points.at(-1)?.t === s.last.t;
    return {
      series: t.series,
      symbol: t.symbol,
      group: t.group,
      unit: t.spec.unit,
      reference: noBaseline ? 'NONE' : t.detector.reference,
      status: noBaseline ? 'NO_BASELINE' : s.warmingUp ? 'WARMING_UP' : anomalous ? 'ANOMALY' : 'OK',
      samples: s.samples,
      last: s.last,
      median: noBaseline ? null : s.median,
      mad: noBaseline ? null : s.mad,
      scale: noBaseline || s.mad === null ? null : Math.max(MAD_TO_SIGMA * s.mad, t.spec.detector.floor),
      last_z: noBaseline ? null : s.lastZ,
      cusum_up: s.cusumUp,
      cusum_down: s.cusumDown,
      z_threshold: t.spec.detector.zThreshold,
      cusum_threshold: t.spec.detector.cusum?.h ?? null,
      note: noBaseline
        ? (this.groupStatus.get(fixedKey(t.series, t.group))?.message ??
          (t.group === null ? this.baselineStatus.message : `no baseline for ${t.group}: not a strategy running now`))
        : s.warmingUp
          ? `warming up: ${s.samples} of ${t.spec.detector.minSamples} values`
          : null,
    };
  }

  private latestFor(t: Tracked): AnomalyDto | null {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const a = this.recent[i] as AnomalyDto;
      if (a.series === t.series && a.symbol === t.symbol && a.id.startsWith(anomalyPrefix(t))) return a;
    }
    return null;
  }

  private track(series: ObserverSeriesName, symbol: string | null, group: string | null): Tracked | null {
    const spec = this.specs[series];
    const sym = spec.perSymbol ? symbol : null;
    const grp = spec.needsBaseline ? group : null;
    const key = `${series}|${sym ?? ''}|${grp ?? ''}`;
    const known = this.tracked.get(key);
    if (known !== undefined) return known;
    if (this.tracked.size >= this.maxKeys) return null;
    const created: Tracked = {
      series,
      symbol: sym,
      group: grp,
      spec,
      detector: new SeriesDetector(spec.detector, this.fixed.get(fixedKey(series, grp)) ?? null),
    };
    this.tracked.set(key, created);
    return created;
  }

  private remember(a: AnomalyDto): void {
    this.total += 1;
    this.recent.push(a);
    if (this.recent.length > this.maxAnomalies) this.recent.shift();
  }

  private toAnomaly(t: Tracked, d: Detection): AnomalyDto {
    this.seq += 1;
    const firedAt = this.clock.now();
    return {
      id: `${anomalyPrefix(t)}${d.detector}:${firedAt}:${this.seq}`,
      series: t.series,
      symbol: t.symbol,
      detector: d.detector,
      statistic: round(d.statistic),
      threshold: d.threshold,
      fired_at: firedAt,
      message: describe(t, d),
      evidence: {
        reference: d.reference,
        value: d.value,
        median: d.median,
        mad: d.mad,
        scale: d.scale,
        points: d.points,
      },
    };
  }
}

const round = (v: number): number => Math.round(v * 100) / 100;

const fixedKey = (series: ObserverSeriesName, group: string | null): string => `${series}|${group ?? ''}`;

/** The start of an anomaly id: series, symbol and (for a baseline series) the group. */
const anomalyPrefix = (t: Tracked): string =>
  `${t.series}:${t.symbol ?? '*'}:${t.group === null ? '' : `${t.group}:`}`;

/**
 * All groups loaded: LOADED; otherwise the first group's status that is not. Messages name their
 * group, unless every group has the same one (no report at all, say).
 */
function overallStatus(
  entries: ReadonlyArray<{ group: string | null; status: BaselineStatus }>,
): BaselineStatus {
  if (entries.length === 0) return { status: 'NONE', message: 'no baseline: no strategy is running' };
  const notLoaded = entries.find((e) => e.status.status !== 'LOADED');
  const first = entries[0]!.status;
  if (entries.every((e) => e.status.status === first.status && e.status.message === first.message)) return { ...first };
  const message = entries.map((e) => (e.group === null ? e.status.message : `${e.group}: ${e.status.message}`)).join('; ');
  return { status: notLoaded?.status.status ?? 'LOADED', message };
}

function brief(a: AnomalyDto): AnomalyBrief {
  const { points: _points, ...evidence } = a.evidence;
  return { ...a, evidence };
}

function fmt(v: number): string {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}

/** A plain sentence: what moved, by how much, against what, and which rule said so. */
function describe(t: Tracked, d: Detection): string {
  const where = (t.symbol === null ? '' : ` on ${t.symbol}`) + (t.group === null ? '' : ` (${t.group})`);
  const unit = t.spec.unit;
  const against =
    d.reference === 'BACKTEST'
      ? `the backtest's median ${fmt(d.median)} ${unit} over ${d.referenceSize} trades`
      : `the median ${fmt(d.median)} ${unit} of the previous ${d.referenceSize} values`;
  if (d.detector === 'ROBUST_Z') {
    const side = d.statistic > 0 ? 'above' : 'below';
    return (
      `${t.spec.label}${where}: ${fmt(d.value)} ${unit} is ${fmt(Math.abs(d.statistic))} robust z ${side} ` +
      `${against} (scale ${fmt(d.scale)} ${unit}; threshold ${d.threshold})`
    );
  }
  const side = d.detector === 'CUSUM_UP' ? 'up' : 'down';
  return (
    `${t.spec.label}${where}: a sustained shift ${side} — CUSUM ${fmt(d.statistic)} > ${d.threshold} against ` +
    `${against} (scale ${fmt(d.scale)} ${unit}); latest ${fmt(d.value)} ${unit}`
  );
}
