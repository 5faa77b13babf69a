import { BacktestStartRequest, type BacktestRunSummary } from '@aurora/contracts';

/** What the Backtests form holds: text as typed, turned into a request only on submit. */
export interface BacktestForm {
  strategy: string;
  symbols: string;
  /** UTC dates, `YYYY-MM-DD`; both days are included. */
  from: string;
  to: string;
  balance: string;
  source: 'catalog' | 'synthetic';
  seed: string;
  /** The strategy's parameters as JSON; `{}` takes its defaults. */
  params: string;
}

const DAY_MS = 86_400_000;
const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** Last full 90 UTC days, 10,000 of quote currency, the catalog. */
export function defaultForm(now: number, strategy = ''): BacktestForm {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return {
    strategy,
    symbols: 'BTCUSDT',
    from: isoDay(today - 90 * DAY_MS),
    to: isoDay(today - DAY_MS),
    balance: '10000',
    source: 'catalog',
    seed: '7',
    params: '{}',
  };
}

const dayStart = (s: string): number | null => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) ? t : null;
};

export type FormResult =
  | { ok: true; request: BacktestStartRequest }
  | { ok: false; problems: Array<{ field: keyof BacktestForm | 'form'; message: string }> };

/** The request the form describes, checked by the same schema the bot applies. */
export function formToRequest(form: BacktestForm): FormResult {
  const problems: Array<{ field: keyof BacktestForm | 'form'; message: string }> = [];
  const from = dayStart(form.from);
  const toDay = dayStart(form.to);
  if (from === null) problems.push({ field: 'from', message: 'pick a start date' });
  if (toDay === null) problems.push({ field: 'to', message: 'pick an end date' });
  let params: unknown = {};
  try {
    params = form.params.trim() === '' ? {} : JSON.parse(form.params);
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new Error('not an object');
  } catch {
    problems.push({ field: 'params', message: 'must be a JSON object, e.g. {"fast": 9}' });
  }
  if (!/^\d{1,9}$/.test(form.seed.trim()) && form.source === 'synthetic') problems.push({ field: 'seed', message: 'must be a whole number' });
  if (problems.length > 0) return { ok: false, problems };
  const to = toDay! + DAY_MS; // the end day is included
  const symbols = form.symbols
    .split(/[\s,]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '');
  const days = Math.max(1, Math.round((to - from!) / DAY_MS));
  const parsed = BacktestStartRequest.safeParse({
    strategy: form.strategy,
    params,
    symbols,
    from,
    to,
    balance: form.balance.trim(),
    data: form.source === 'catalog' ? 'catalog' : `synthetic:days=${days},seed=${form.seed.trim()}`,
  });
  if (parsed.success) return { ok: true, request: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => {
      const head = String(i.path[0] ?? 'form');
      const field = (head === 'data' ? 'source' : head) as keyof BacktestForm | 'form';
      return { field, message: i.message };
    }),
  };
}

/** A pushed run into the list: replaces the run with its id, or comes first (newest). */
export function mergeRun(list: readonly BacktestRunSummary[] | undefined, run: BacktestRunSummary): BacktestRunSummary[] {
  const items = list ?? [];
  const at = items.findIndex((r) => r.id === run.id);
  if (at === -1) return [run, ...items];
  // A late progress push must not roll back a run that already ended.
  if (items[at]!.status !== 'running' && run.status === 'running') return [...items];
  return items.map((r, i) => (i === at ? run : r));
}

export const runningRun = (list: readonly BacktestRunSummary[] | undefined): BacktestRunSummary | null =>
  list?.find((r) => r.status === 'running') ?? null;
