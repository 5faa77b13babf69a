import type { ObjectiveName } from '../optimizer/objectives';
import { metricOf, parseObjectives } from '../optimizer/objectives';
import type { RunListing, RunRecord, TrialRecord, WindowRecord } from '../store/research-store';
import { OBJECTIVES, type Objective, type ParamSet, type TrialMetrics } from '../trial';
import { walkForwardSummary } from '../walk-forward';

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const num = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : x > 0 ? '∞' : '-∞');
export const formatParams = (p: ParamSet): string =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : String(v)}`)
    .join(' ');

/** Left-aligned text columns, right-aligned number columns. */
export function table(head: string[], rows: string[][], numeric: boolean[] = []): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (s: string, i: number): string =>
    numeric[i] ? s.padStart(widths[i] as number) : s.padEnd(widths[i] as number);
  return [head, widths.map((w) => '-'.repeat(w)), ...rows]
    .map((r) => r.map(cell).join('  ').trimEnd())
    .join('\n');
}

const METRIC_HEAD = [
  'sharpe',
  'sortino',
  'calmar',
  'return %',
  'max dd %',
  'profit',
  'expect.',
  'win %',
  'trades',
];
const metricCells = (m: TrialMetrics): string[] => [
  num(m.sharpe),
  num(m.sortino),
  num(m.calmar),
  num(m.totalReturnPct),
  num(m.maxDrawdownPct),
  num(m.profit),
  num(m.expectancy, 4),
  num(m.winRatePct, 1),
  String(m.trades),
];

/** `npm run research -- list`. */
export function formatRunList(runs: readonly RunListing[]): string {
  if (runs.length === 0) return 'No research runs yet. Start one with `npm run optimize -- …`.';
  return table(
    [
      'run',
      'kind',
      'created (UTC)',
      'strategy',
      'symbols',
      'window',
      'objectives',
      'sampler',
      'trials',
      'status',
    ],
    runs.map((r) => [
      r.id,
      r.kind,
      new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' '),
      r.strategy,
      r.symbols.join(','),
      `${day(r.from)} … ${day(r.to)}`,
      r.objectives.join(','),
      r.sampler,
      `${r.done}${r.failed > 0 ? ` (+${r.failed} failed)` : ''}/${r.trials}`,
      r.status,
    ]),
  );
}

/** The best `limit` done trials by the first objective, best first. */
export function topTrials(run: RunRecord, trials: readonly TrialRecord[], limit: number): TrialRecord[] {
  const [first] = parseObjectives(run.objectives) as [ObjectiveName];
  const sign = first === 'drawdown' ? 1 : -1;
  return trials
    .filter((t) => t.status === 'done' && t.metrics !== null)
    .sort((a, b) => sign * (metricOf(a.metrics!, first) - metricOf(b.metrics!, first)) || a.n - b.n)
    .slice(0, limit);
}

export function formatTrials(trials: readonly TrialRecord[]): string {
  return table(
    ['#', ...METRIC_HEAD, 'params'],
    trials.map((t) => [String(t.n), ...metricCells(t.metrics!), formatParams(t.params)]),
    [true, true, true, true, true, true, true, true, true, true, false],
  );
}

/** `npm run research -- show <id>` and the end of `npm run optimize`. */
export function formatRun(
  run: RunRecord,
  trials: readonly TrialRecord[],
  front: readonly number[] | null,
  limit = 10,
): string {
  const done = trials.filter((t) => t.status === 'done').length;
  const failed = trials.filter((t) => t.status === 'failed');
  const out = [
    `run ${run.id} (${run.kind}, ${run.status}): ${run.strategy} on ${run.symbols.join(',')} ${day(run.from)} … ${day(run.to)}, data ${run.data}`,
    `  ${run.sampler} sampler, seed ${run.seed}, batch ${run.batch}, objectives ${run.objectives.join(', ')}; ` +
      `${done} done, ${failed.length} failed, ${run.trials - done - failed.length} not finished of ${run.trials}`,
  ];
  if (front !== null && run.objectives.length > 1) {
    const byN = new Map(trials.map((t) => [t.n, t]));
    out.push('', `Pareto front (${front.length} trials, ${run.objectives.join(' vs ')}):`);
    out.push(formatTrials(front.map((n) => byN.get(n)).filter((t): t is TrialRecord => t !== undefined)));
  } else if (done > 0) {
    out.push(
      '',
      `Best ${Math.min(limit, done)} by ${run.objectives[0]}:`,
      formatTrials(topTrials(run, trials, limit)),
    );
  }
  if (failed.length > 0) {
    out.push('', `Failed trials (${failed.length}):`);
    for (const t of failed.slice(0, 5)) out.push(`  #${t.n} ${formatParams(t.params)}: ${t.error ?? ''}`);
    if (failed.length > 5) out.push(`  … and ${failed.length - 5} more`);
  }
  return out.join('\n');
}

/**
 * Walk-forward: in-sample against out-of-sample, window by window, with research-math's
 * degradation (out / in, per unit of time for profit) and its summary for the five objectives.
 */
export function formatWindows(windows: readonly WindowRecord[], objective: ObjectiveName): string {
  const scored = windows.filter((w) => w.inMetrics !== null && w.outMetrics !== null);
  const summary =
    scored.length > 0 && (OBJECTIVES as readonly string[]).includes(objective)
      ? walkForwardSummary(
          scored.map((w) => ({
            in: w.inMetrics as TrialMetrics,
            out: w.outMetrics as TrialMetrics,
            inMs: w.inTo - w.inFrom,
            outMs: w.outTo - w.outFrom,
          })),
          objective as Objective,
        )
      : null;
  const degradation = new Map(scored.map((w, i) => [w.idx, summary?.windows[i]?.degradation ?? null]));
  const rows = windows.map((w) => {
    const inV = w.inMetrics ? metricOf(w.inMetrics, objective) : null;
    const outV = w.outMetrics ? metricOf(w.outMetrics, objective) : null;
    const d = degradation.get(w.idx);
    return [
      String(w.idx),
      `${day(w.inFrom)} … ${day(w.inTo)}`,
      `${day(w.outFrom)} … ${day(w.outTo)}`,
      inV === null ? '–' : num(inV),
      outV === null ? '–' : num(outV),
      d === undefined || d === null ? '–' : num(d),
      w.outStatus === 'failed'
        ? `failed: ${w.outError ?? ''}`
        : w.bestParams
          ? formatParams(w.bestParams)
          : '',
    ];
  });
  const out = [
    table(
      [
        'window',
        'in sample',
        'out of sample',
        `in ${objective}`,
        `out ${objective}`,
        'out/in',
        'best params',
      ],
      rows,
      [true, false, false, true, true, true, false],
    ),
  ];
  if (summary) {
    const opt = (x: number | null): string => (x === null ? '– (in-sample score not positive)' : num(x));
    out.push(
      '',
      `mean in-sample ${objective} ${num(summary.meanInScore)}, out of sample ${num(summary.meanOutScore)}; ` +
        `walk-forward efficiency ${opt(summary.efficiency)}; median out/in ${opt(summary.medianDegradation)}; ` +
        `${Math.round(summary.positiveOutShare * 100)} % of windows positive out of sample`,
    );
  }
  return out.join('\n');
}
