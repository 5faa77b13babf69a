import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import {
  ArrowLeft,
  ExternalLink,
  FlaskConical,
  GitCompareArrows,
  ListOrdered,
  Microscope,
  Play,
  ScatterChart,
  Upload,
} from 'lucide-react';
import type { ResearchRunDetail, ResearchRunSummary, ResearchTrial } from '@aurora/contracts';
import { useApi } from '../api/api-context';
import { describeError } from '../api/api-errors';
import { openReport } from '../backtests/backtest-queries';
import { useToasts } from '../toasts/toast-store';
import { Badge, type BadgeTone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState, Skeleton } from '../ui/data-states';
import { QueryView } from '../ui/data-views';
import { Num, Timestamp } from '../ui/figures';
import { ApplyTrialDialog } from './ApplyTrialDialog';
import {
  objectiveLabel,
  paramsLine,
  runHash,
  runIdFromHash,
  scatterPoints,
  sortTrials,
  windowLabel,
  type TrialSort,
} from './research-model';
import { useResearchRun, useResearchRuns, useTrialBacktest } from './research-queries';

// The charts (and recharts with them) load after the page, never in its first chunk.
const ParetoChart = lazy(() => import('./ParetoChart').then((m) => ({ default: m.ParetoChart })));
const WalkForwardChart = lazy(() =>
  import('./WalkForwardChart').then((m) => ({ default: m.WalkForwardChart })),
);

const STATUS_TONE: Record<ResearchRunSummary['status'], BadgeTone> = {
  running: 'accent',
  done: 'up',
  interrupted: 'warn',
  failed: 'down',
};
const TRIAL_TONE: Record<ResearchTrial['status'], BadgeTone> = {
  running: 'accent',
  done: 'neutral',
  failed: 'down',
};

function useRunIdFromHash(): string | null {
  const [id, setId] = useState(() => runIdFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setId(runIdFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return id;
}

function RunStatus({ run }: { run: ResearchRunSummary }) {
  return <Badge tone={STATUS_TONE[run.status]}>{run.status}</Badge>;
}

function Trials({ run }: { run: ResearchRunSummary }) {
  if (run.windows)
    return (
      <span className="num" title="Walk-forward windows finished (each optimizes its own in-sample trials)">
        {run.windows.done}
        <span className="text-muted">/{run.windows.planned} windows</span>
      </span>
    );
  const done = run.trials_done + run.trials_failed;
  return (
    <span className="num">
      {done}
      <span className="text-muted">/{run.trials_planned}</span>
      {run.trials_failed > 0 ? <span className="ml-1 text-down">({run.trials_failed} failed)</span> : null}
    </span>
  );
}

function HowToStart() {
  return (
    <div data-testid="research-empty">
      <EmptyState>
        No optimization has run on this bot's data. Start one from a terminal on this machine:
      </EmptyState>
      <div className="flex flex-col gap-2 pl-6 text-xs text-muted">
        <code className="w-fit rounded border border-edge bg-raised px-2 py-1 font-mono text-[11px] text-fg">
          npm run optimize -- --strategy ema-cross --symbols BTCUSDT --from 2024-01-01 --to 2024-07-01
          --trials 200 --objective sharpe
        </code>
        <span>
          Add <code className="font-mono text-fg">--objectives return,drawdown</code> for a Pareto front, or{' '}
          <code className="font-mono text-fg">--walk-forward in=90d,out=30d</code> to score each window out of
          sample. Runs show here as their trials finish.
        </span>
      </div>
    </div>
  );
}

function RunsTable({ runs }: { runs: ResearchRunSummary[] }) {
  if (runs.length === 0) return <HowToStart />;
  return (
    <div className="overflow-x-auto">
      <table className="data" data-testid="research-runs">
        <thead>
          <tr>
            <th>Started</th>
            <th>Strategy</th>
            <th>Symbols</th>
            <th>Window</th>
            <th>Kind</th>
            <th>Objectives</th>
            <th>Sampler</th>
            <th className="right">Trials</th>
            <th className="right">Best</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr
              key={r.id}
              data-testid={`research-run-${r.id}`}
              className="cursor-pointer hover:bg-raised/60"
              onClick={() => (window.location.hash = runHash(r.id))}
            >
              <td>
                <Timestamp ms={r.created_at} full />
              </td>
              <td>
                <a
                  href={runHash(r.id)}
                  className="font-medium hover:underline"
                  onClick={(e) => e.stopPropagation()}
                >
                  {r.strategy}
                </a>
              </td>
              <td className="text-muted">{r.symbols.join(', ')}</td>
              <td className="num text-muted">{windowLabel(r.from, r.to)}</td>
              <td>
                {r.kind === 'walk-forward' ? (
                  <Badge tone="drift">walk-forward</Badge>
                ) : (
                  <span className="text-muted">optimize</span>
                )}
              </td>
              <td>{r.objectives.map((o) => o.name).join(' · ')}</td>
              <td className="text-muted">{r.sampler}</td>
              <td className="right">
                <Trials run={r} />
              </td>
              <td className="right">
                {r.best ? (
                  <span title={`trial #${r.best.n}, by ${r.objectives[0]?.name ?? ''}`}>
                    <Num value={r.best.score} dp={3} /> <span className="text-muted">#{r.best.n}</span>
                  </span>
                ) : (
                  <Num value={null} />
                )}
              </td>
              <td>
                <RunStatus run={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <span className="text-[11px] text-muted uppercase">{label}</span>
      <span className="text-xs break-words">{children}</span>
    </div>
  );
}

function RunHeader({ d }: { d: ResearchRunDetail }) {
  const r = d.run;
  return (
    <Card
      title={`${r.strategy} · ${r.symbols.join(', ')}`}
      icon={<Microscope size={14} />}
      testId="card-research-run"
      actions={
        <a
          href={runHash(r.parent_id)}
          className="flex items-center gap-1 text-xs text-muted hover:text-fg"
          data-testid="research-back"
        >
          <ArrowLeft size={12} /> {r.parent_id ? 'Walk-forward run' : 'All runs'}
        </a>
      }
    >
      <div className="grid grid-cols-2 gap-x-4 gap-y-3 md:grid-cols-4">
        <Fact label="Run">
          <span className="font-mono break-all">{r.id}</span>
        </Fact>
        <Fact label="Status">
          <RunStatus run={r} />
        </Fact>
        <Fact label="Window">{windowLabel(r.from, r.to)}</Fact>
        <Fact label="Data">
          <span className="font-mono">{r.data}</span>
        </Fact>
        <Fact label="Objectives">{r.objectives.map(objectiveLabel).join(' · ')}</Fact>
        <Fact label="Sampler / seed">
          {r.sampler} · {r.seed}
        </Fact>
        <Fact label="Trials">
          <Trials run={r} />
        </Fact>
        <Fact label="Best">
          {r.best ? (
            <>
              <Num value={r.best.score} dp={3} /> <span className="text-muted">trial #{r.best.n}</span>
            </>
          ) : (
            <Num value={null} />
          )}
        </Fact>
      </div>
    </Card>
  );
}

function ReportAction({ runId, trial }: { runId: string; trial: ResearchTrial }) {
  const api = useApi();
  const toasts = useToasts();
  const start = useTrialBacktest(runId);
  if (trial.status !== 'done') return null;
  const report = trial.report;
  if (report?.status === 'done')
    return (
      <Button
        data-testid={`trial-report-${trial.n}`}
        title={`Backtest ${report.backtest_id}`}
        onClick={() => {
          // Opened on the click itself, so the browser does not take it for a popup.
          const tab = window.open('', '_blank');
          openReport(api, report.backtest_id, tab).catch((err: unknown) =>
            toasts.push({ tone: 'danger', title: 'Report not available', message: describeError(err) }),
          );
        }}
      >
        <ExternalLink size={12} /> Report
      </Button>
    );
  if (report?.status === 'running')
    return (
      <Badge tone="accent" testId={`trial-report-running-${trial.n}`}>
        backtesting…
      </Badge>
    );
  return (
    <Button
      data-testid={`trial-backtest-${trial.n}`}
      title="Backtest this trial's parameters on the bot to get its full report"
      disabled={start.isPending}
      onClick={() =>
        start.mutate(trial.n, {
          onError: (err) =>
            toasts.push({
              tone: 'danger',
              title: 'Could not start the backtest',
              message: describeError(err),
            }),
        })
      }
    >
      <Play size={12} /> Backtest
    </Button>
  );
}

function SortHeader({
  label,
  active,
  onClick,
  title,
}: {
  label: string;
  active: boolean;
  onClick: () => void;
  title?: string;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      title={title}
      className={`tracking-wide whitespace-nowrap uppercase ${active ? 'text-fg' : 'hover:text-fg'}`}
    >
      {label}
      {active ? ' ▾' : ''}
    </button>
  );
}

function TrialsTable({
  d,
  selected,
  onSelect,
  onApply,
}: {
  d: ResearchRunDetail;
  selected: number | null;
  onSelect: (n: number) => void;
  onApply: (t: ResearchTrial) => void;
}) {
  const [sort, setSort] = useState<TrialSort>({ key: 'objective', index: 0 });
  const front = new Set(d.pareto_front);
  const several = d.run.objectives.length > 1;
  const rows = sortTrials(d.trials, d.run.objectives, sort);
  // A metric that is already an objective column is not shown twice.
  const shown = (metric: string) => !d.run.objectives.some((o) => o.metric === metric);
  if (rows.length === 0) return <EmptyState>No trial of this run has started yet.</EmptyState>;
  const isSort = (s: TrialSort) => JSON.stringify(s) === JSON.stringify(sort);
  return (
    <div className="max-h-[560px] overflow-auto">
      <table className="data" data-testid="research-trials">
        <thead className="sticky top-0 bg-panel">
          <tr>
            <th>
              <SortHeader label="Trial" active={isSort({ key: 'n' })} onClick={() => setSort({ key: 'n' })} />
            </th>
            <th>Parameters</th>
            {d.run.objectives.map((o, i) => (
              <th key={o.name} className="right">
                <SortHeader
                  label={o.name}
                  title={`Sort by ${objectiveLabel(o)}, best first`}
                  active={isSort({ key: 'objective', index: i })}
                  onClick={() => setSort({ key: 'objective', index: i })}
                />
              </th>
            ))}
            {shown('totalReturnPct') ? <th className="right">Return</th> : null}
            {shown('maxDrawdownPct') ? <th className="right">Max DD</th> : null}
            {shown('sharpe') ? <th className="right">Sharpe</th> : null}
            <th className="right">Trades</th>
            <th>Trade hash</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => {
            const m = t.metrics;
            return (
              <tr
                key={t.n}
                data-testid={`trial-${t.n}`}
                aria-selected={selected === t.n}
                className={selected === t.n ? 'bg-accent/10' : undefined}
                onClick={() => onSelect(t.n)}
              >
                <td className="num whitespace-nowrap">
                  #{t.n}{' '}
                  {d.run.best?.n === t.n ? (
                    <Badge tone="up">best</Badge>
                  ) : several && front.has(t.n) ? (
                    <Badge tone="warn">front</Badge>
                  ) : t.status !== 'done' ? (
                    <span title={t.error ?? undefined}>
                      <Badge tone={TRIAL_TONE[t.status]}>{t.status}</Badge>
                    </span>
                  ) : null}
                </td>
                <td
                  className="max-w-[32rem] min-w-48 font-mono text-[11px] whitespace-normal"
                  title={t.error ?? undefined}
                >
                  {paramsLine(t.params)}
                </td>
                {d.run.objectives.map((o, i) => (
                  <td key={o.name} className="right">
                    <Num value={t.scores[i] ?? null} dp={3} />
                  </td>
                ))}
                {shown('totalReturnPct') ? (
                  <td className="right">
                    <Num value={m?.total_return_pct} dp={2} suffix="%" signed colored />
                  </td>
                ) : null}
                {shown('maxDrawdownPct') ? (
                  <td className="right">
                    <Num
                      value={
                        m?.max_drawdown_pct === null || m?.max_drawdown_pct === undefined
                          ? null
                          : -m.max_drawdown_pct
                      }
                      dp={2}
                      suffix="%"
                      colored
                    />
                  </td>
                ) : null}
                {shown('sharpe') ? (
                  <td className="right">
                    <Num value={m?.sharpe} dp={2} />
                  </td>
                ) : null}
                <td className="right">
                  <Num value={m?.trades} />
                </td>
                <td
                  className="max-w-48 truncate font-mono text-[11px] text-muted"
                  title={t.trade_hash ?? t.error ?? undefined}
                >
                  {t.trade_hash ? (
                    t.trade_hash.slice(0, 10)
                  ) : t.error ? (
                    <span className="text-down">{t.error}</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="right" onClick={(e) => e.stopPropagation()}>
                  {t.status === 'done' ? (
                    <div className="flex justify-end gap-1.5">
                      <ReportAction runId={d.run.id} trial={t} />
                      <Button
                        tone="warn"
                        data-testid={`trial-apply-${t.n}`}
                        onClick={() => onApply(t)}
                        title="Use these parameters in Demo"
                      >
                        <Upload size={12} /> Use in Demo
                      </Button>
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function WalkForwardView({ d }: { d: ResearchRunDetail }) {
  const wf = d.walk_forward!;
  const objective = d.run.objectives[0]?.name ?? 'score';
  return (
    <div className="flex flex-col gap-3">
      <Card
        title="Walk-forward: in-sample against out-of-sample"
        icon={<GitCompareArrows size={14} />}
        testId="card-walk-forward"
        actions={
          <span className="flex gap-3 text-xs text-muted">
            <span>
              efficiency{' '}
              <Num
                value={wf.efficiency === null ? null : wf.efficiency * 100}
                dp={0}
                suffix="%"
                testId="wf-efficiency"
                className="text-fg"
              />
            </span>
            <span>
              median out / in <Num value={wf.median_degradation} dp={2} suffix="×" className="text-fg" />
            </span>
            <span>
              windows positive out of sample{' '}
              <Num
                value={wf.positive_out_share === null ? null : wf.positive_out_share * 100}
                dp={0}
                suffix="%"
                className="text-fg"
              />
            </span>
          </span>
        }
      >
        {wf.windows.length === 0 ? (
          <EmptyState>No window has been planned yet.</EmptyState>
        ) : (
          <Suspense fallback={<Skeleton rows={6} />}>
            <WalkForwardChart windows={wf.windows} objective={objective} />
          </Suspense>
        )}
      </Card>
      <Card title="Windows" icon={<ListOrdered size={14} />} testId="card-walk-forward-windows">
        <div className="overflow-x-auto">
          <table className="data" data-testid="walk-forward-windows">
            <thead>
              <tr>
                <th>#</th>
                <th>In sample</th>
                <th>Out of sample</th>
                <th>Best in-sample parameters</th>
                <th className="right">In {objective}</th>
                <th className="right">Out {objective}</th>
                <th className="right">Out / in</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {wf.windows.map((w) => (
                <tr key={w.idx} data-testid={`wf-window-${w.idx}`}>
                  <td className="num">{w.idx + 1}</td>
                  <td className="num text-muted">{windowLabel(w.in_from, w.in_to)}</td>
                  <td className="num text-muted">{windowLabel(w.out_from, w.out_to)}</td>
                  <td className="font-mono text-[11px]">{w.best_params ? paramsLine(w.best_params) : '—'}</td>
                  <td className="right">
                    <Num value={w.in_score} dp={3} />
                  </td>
                  <td className="right">
                    <Num value={w.out_score} dp={3} colored />
                  </td>
                  <td className="right">
                    <Num value={w.degradation} dp={2} suffix="×" />
                  </td>
                  <td>
                    <span title={w.error ?? undefined}>
                      <Badge tone={w.status === 'done' ? 'up' : w.status === 'failed' ? 'down' : 'accent'}>
                        {w.status}
                      </Badge>
                    </span>
                  </td>
                  <td className="right">
                    <a
                      href={runHash(w.in_run_id)}
                      className="text-xs text-accent hover:underline"
                      data-testid={`wf-open-${w.idx}`}
                    >
                      in-sample trials →
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}

function RunView({ id }: { id: string }) {
  const detail = useResearchRun(id);
  const [selected, setSelected] = useState<number | null>(null);
  const [applying, setApplying] = useState<ResearchTrial | null>(null);
  return (
    <QueryView query={detail} rows={8}>
      {(d) => {
        const [ox, oy] = d.run.objectives;
        const points = scatterPoints(d.trials, d.pareto_front);
        return (
          <div className="flex flex-col gap-3" data-testid="research-run-view">
            <RunHeader d={d} />
            {d.walk_forward ? <WalkForwardView d={d} /> : null}
            {d.run.kind !== 'walk-forward' ? (
              // Stacked: real parameter sets are long, and the trial actions must stay in view.
              <div className="flex flex-col gap-3">
                {ox && oy ? (
                  <Card
                    title="Pareto front"
                    icon={<ScatterChart size={14} />}
                    testId="card-pareto"
                    actions={
                      <span className="text-xs text-muted">
                        {d.pareto_front.length} of {points.length} trials non-dominated
                      </span>
                    }
                  >
                    {points.length === 0 ? (
                      <EmptyState>The front draws once trials have finished.</EmptyState>
                    ) : (
                      <Suspense fallback={<Skeleton rows={6} />}>
                        <ParetoChart
                          points={points}
                          objectives={[ox, oy]}
                          selected={selected}
                          onSelect={setSelected}
                        />
                      </Suspense>
                    )}
                    <p className="mt-2 text-xs text-muted">
                      Gold: trials no other trial beats on both {ox.name} and {oy.name}. Click one to find it
                      in the table.
                    </p>
                  </Card>
                ) : null}
                <Card title="Trials" icon={<FlaskConical size={14} />} testId="card-research-trials">
                  <TrialsTable d={d} selected={selected} onSelect={setSelected} onApply={setApplying} />
                </Card>
              </div>
            ) : null}
            {applying ? (
              <ApplyTrialDialog run={d.run} trial={applying} onClose={() => setApplying(null)} />
            ) : null}
          </div>
        );
      }}
    </QueryView>
  );
}

export function ResearchPage() {
  const id = useRunIdFromHash();
  const runs = useResearchRuns();
  if (id !== null) return <RunView key={id} id={id} />;
  return (
    <Card title="Optimization runs" icon={<Microscope size={14} />} testId="card-research-runs">
      <p className="mb-3 text-xs text-muted">
        Runs of <code className="font-mono">npm run optimize</code> stored in this bot's data directory
        (research.db). Open one for its trials, the Pareto front or the walk-forward windows; a trial's
        parameters can be backtested for a full report, or used in Demo.
      </p>
      <QueryView query={runs} rows={4}>
        {(data) => <RunsTable runs={data.items} />}
      </QueryView>
    </Card>
  );
}
