import { useState, type FormEvent, type ReactNode } from 'react';
import { FlaskConical, History, Play, ExternalLink } from 'lucide-react';
import type { BacktestRunSummary } from '@aurora/contracts';
import { useApi } from '../api/api-context';
import { describeError } from '../api/api-errors';
import { useToasts } from '../toasts/toast-store';
import { Badge, type BadgeTone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState, ErrorState } from '../ui/data-states';
import { QueryView } from '../ui/data-views';
import { Dec, Num, Timestamp } from '../ui/figures';
import { defaultForm, formToRequest, runningRun, type BacktestForm } from './backtest-model';
import { openReport, useBacktestStrategies, useBacktests, useStartBacktest } from './backtest-queries';

const STATUS_TONE: Record<BacktestRunSummary['status'], BadgeTone> = { running: 'accent', done: 'up', failed: 'down' };
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

function Field({ label, problem, children }: { label: string; problem?: string; children: ReactNode }) {
  return (
    <label className="flex min-w-0 flex-col gap-1 text-xs">
      <span className="text-muted">{label}</span>
      {children}
      {problem ? <span className="text-down">{problem}</span> : null}
    </label>
  );
}

function StartForm() {
  const strategies = useBacktestStrategies();
  const start = useStartBacktest();
  const list = useBacktests();
  const [form, setForm] = useState<BacktestForm>(() => defaultForm(Date.now()));
  const [problems, setProblems] = useState<Partial<Record<keyof BacktestForm | 'form', string>>>({});
  const set = (k: keyof BacktestForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const busy = runningRun(list.data?.items) !== null;

  return (
    <QueryView query={strategies} rows={6}>
      {(data) => {
        if (!data.available)
          return (
            <ErrorState message="Backtests are not available from this bot build: no backtest runner is wired in. Run `npm run backtest` in a terminal instead." />
          );
        const strategy = form.strategy || data.strategies[0]?.name || '';
        const submit = (e: FormEvent) => {
          e.preventDefault();
          const result = formToRequest({ ...form, strategy });
          if (!result.ok) {
            setProblems(Object.fromEntries(result.problems.map((p) => [p.field, p.message])));
            return;
          }
          setProblems({});
          start.mutate(result.request, {
            onError: (err) => setProblems({ form: describeError(err) }),
          });
        };
        const described = data.strategies.find((s) => s.name === strategy);
        return (
          <form data-testid="backtest-form" onSubmit={submit} className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <Field label="Strategy" problem={problems.strategy}>
              <select data-testid="bt-strategy" value={strategy} onChange={set('strategy')}>
                {data.strategies.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Symbols (comma-separated)" problem={problems.symbols}>
              <input data-testid="bt-symbols" value={form.symbols} onChange={set('symbols')} spellCheck={false} />
            </Field>
            <Field label="From (UTC)" problem={problems.from}>
              <input data-testid="bt-from" type="date" value={form.from} onChange={set('from')} />
            </Field>
            <Field label="To (UTC, included)" problem={problems.to}>
              <input data-testid="bt-to" type="date" value={form.to} onChange={set('to')} />
            </Field>
            <Field label="Start balance" problem={problems.balance}>
              <input data-testid="bt-balance" value={form.balance} onChange={set('balance')} inputMode="decimal" />
            </Field>
            <Field label="Data" problem={problems.source}>
              <select data-testid="bt-source" value={form.source} onChange={set('source')}>
                <option value="catalog">Catalog (downloaded history)</option>
                <option value="synthetic">Synthetic market</option>
              </select>
            </Field>
            {form.source === 'synthetic' ? (
              <Field label="Seed" problem={problems.seed}>
                <input data-testid="bt-seed" value={form.seed} onChange={set('seed')} inputMode="numeric" />
              </Field>
            ) : (
              <div />
            )}
            <div className="flex items-end">
              <Button type="submit" tone="primary" data-testid="bt-start" disabled={busy || start.isPending} className="w-full py-1.5">
                <Play size={13} /> {busy ? 'A backtest is running' : start.isPending ? 'Starting…' : 'Start backtest'}
              </Button>
            </div>
            <div className="col-span-2 lg:col-span-4">
              <Field label="Parameters (JSON; {} takes the strategy's defaults)" problem={problems.params}>
                <textarea data-testid="bt-params" rows={2} value={form.params} onChange={set('params')} spellCheck={false} className="font-mono" />
              </Field>
              {described ? <p className="mt-1 text-xs text-muted">{described.description}</p> : null}
            </div>
            {problems.form ? (
              <div className="col-span-2 lg:col-span-4">
                <ErrorState message={problems.form} />
              </div>
            ) : null}
          </form>
        );
      }}
    </QueryView>
  );
}

function ProgressCard() {
  const list = useBacktests();
  const run = runningRun(list.data?.items);
  return (
    <Card title="Running" icon={<FlaskConical size={14} />} testId="card-backtest-progress">
      {run ? (
        <div data-testid="bt-progress" className="flex flex-col gap-2">
          <div className="flex justify-between text-xs">
            <span>
              <span className="font-semibold">{run.request.strategy}</span> <span className="text-muted">on</span>{' '}
              {run.request.symbols.join(', ')}
            </span>
            <Num value={run.progress * 100} dp={0} suffix="%" testId="bt-progress-pct" />
          </div>
          <div
            className="h-2.5 overflow-hidden rounded-full bg-raised"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(run.progress * 100)}
          >
            <div className="h-full rounded-full bg-accent transition-[width] duration-300" style={{ width: `${run.progress * 100}%` }} />
          </div>
          <div className="text-xs text-muted">
            {day(run.request.from)} → {day(run.request.to - 1)} · started <Timestamp ms={run.started_at} />
          </div>
        </div>
      ) : (
        <EmptyState>No backtest is running. Start one with the form.</EmptyState>
      )}
    </Card>
  );
}

function ReportButton({ id, hash }: { id: string; hash: string }) {
  const api = useApi();
  const toasts = useToasts();
  return (
    <Button
      data-testid={`bt-open-${id}`}
      title={`Trade hash ${hash}`}
      onClick={() => {
        // Opened on the click itself, so the browser does not take it for a popup.
        const tab = window.open('', '_blank');
        openReport(api, id, tab).catch((err: unknown) =>
          toasts.push({ tone: 'danger', title: 'Report not available', message: describeError(err) }),
        );
      }}
    >
      <ExternalLink size={12} /> Report
    </Button>
  );
}

function RunsTable({ runs }: { runs: BacktestRunSummary[] }) {
  if (runs.length === 0) return <EmptyState>No backtest has run on this bot yet.</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="data" data-testid="bt-runs">
        <thead>
          <tr>
            <th>Started</th>
            <th>Run</th>
            <th>Period</th>
            <th>Status</th>
            <th className="right">Return</th>
            <th className="right">Max DD</th>
            <th className="right">Sharpe</th>
            <th className="right">Win rate</th>
            <th className="right">PF</th>
            <th className="right">Trades</th>
            <th className="right">Net profit</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const f = r.figures;
            return (
              <tr key={r.id} data-testid={`bt-run-${r.id}`}>
                <td>
                  <Timestamp ms={r.started_at} full />
                </td>
                <td>
                  <span className="font-medium">{r.request.strategy}</span>{' '}
                  <span className="text-muted">{r.request.symbols.join(', ')}</span>
                </td>
                <td className="num text-muted">
                  {day(r.request.from)} → {day(r.request.to - 1)}
                </td>
                <td>
                  <span title={r.error ?? undefined}>
                    <Badge tone={STATUS_TONE[r.status]}>
                      {r.status === 'running' ? `running ${Math.round(r.progress * 100)}%` : r.status}
                    </Badge>
                  </span>
                </td>
                <td className="right">
                  <Num value={f?.total_return_pct} dp={2} suffix="%" signed colored />
                </td>
                <td className="right">
                  <Num value={f ? -f.max_drawdown_pct : null} dp={2} suffix="%" colored />
                </td>
                <td className="right">
                  <Num value={f?.sharpe} dp={2} />
                </td>
                <td className="right">
                  <Num value={f?.win_rate_pct} dp={1} suffix="%" />
                </td>
                <td className="right">
                  <Num value={f?.profit_factor} dp={2} />
                </td>
                <td className="right">
                  <Num value={f?.trades} />
                </td>
                <td className="right">
                  <Dec value={f?.net_profit} dp={2} signed colored />
                </td>
                <td className="right">
                  {r.status === 'done' && f ? (
                    <ReportButton id={r.id} hash={f.trade_hash} />
                  ) : r.status === 'failed' ? (
                    <span className="text-xs text-down">{r.error}</span>
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

export function BacktestsPage() {
  const list = useBacktests();
  return (
    <div className="flex flex-col gap-3">
      <div className="grid gap-3 xl:grid-cols-[2fr_1fr]">
        <Card title="New backtest" icon={<Play size={14} />} testId="card-backtest-form">
          <p className="mb-3 text-xs text-muted">
            Runs the trading kernel over history on a virtual clock, with the simulator's fills, fees and every gate as in live. One
            run at a time; the report opens in a new tab.
          </p>
          <StartForm />
        </Card>
        <ProgressCard />
      </div>
      <Card title="Past runs" icon={<History size={14} />} testId="card-backtest-runs">
        <QueryView query={list} rows={4}>
          {(data) => <RunsTable runs={data.items} />}
        </QueryView>
      </Card>
    </div>
  );
}
