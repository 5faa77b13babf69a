import { parseArgs } from 'node:util';
import { parseObjectives, type ObjectiveName } from '../optimizer/objectives';
import { parseRedisUrl } from '../queue/redis-url';
import { UsageError } from './data-dir';

export const SAMPLERS = ['tpe', 'random', 'grid'] as const;
export type SamplerKind = (typeof SAMPLERS)[number];

export interface OptimizeCommand {
  strategy: string;
  symbols: string[];
  from: number;
  to: number;
  trials: number;
  objectives: ObjectiveName[];
  sampler: SamplerKind;
  spaceFile: string | null;
  /** As given, e.g. `in=90d,out=30d`; research-math's planner reads it. */
  walkForward: string | null;
  queue: string | null;
  data: string;
  seed: number;
  /** Pool size (local) or trials in flight (queue); null: the machine's cores / 2 × workers. */
  parallel: number | null;
  batch: number | null;
  evaluator: string | undefined;
  dataDir: string | undefined;
}

export type ParsedOptimize =
  | { kind: 'help' }
  | {
      kind: 'resume';
      runId: string;
      queue: string | null;
      parallel: number | null;
      evaluator: string | undefined;
      dataDir: string | undefined;
    }
  | { kind: 'new'; command: OptimizeCommand };

const DAY = 86_400_000;
/** Where synthetic data starts when no --from is given: any fixed day would do, this one is stable. */
export const SYNTHETIC_EPOCH = Date.UTC(2024, 0, 1);

/**
 * `2024-01-31` or a full ISO time, always UTC. A day given to --to is inclusive (its end), as in
 * `npm run backtest`: `--from 2024-01-01 --to 2024-12-31` is the whole year.
 */
export function parseDay(flag: string, value: string, end = false): number {
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = Date.parse(dayOnly ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(t)) throw new UsageError(`${flag} ${value}: not a date (YYYY-MM-DD)`);
  return dayOnly && end ? t + DAY : t;
}

const whole = (flag: string, value: string | undefined, min: number): number | null => {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} must be a whole number ≥ ${min}, got ${value}`);
  return n;
};

/** `synthetic:days=N,seed=S` → its day count, or null for a catalog directory. */
export function syntheticDays(data: string): number | null {
  if (!data.startsWith('synthetic:')) return null;
  const m = /(?:^|[:,])days=(\d+)/.exec(data);
  if (!m) throw new UsageError(`--data ${data}: synthetic data needs days=N (synthetic:days=N,seed=S)`);
  return Number(m[1]);
}

export function parseOptimizeArgs(argv: string[]): ParsedOptimize {
  const { values } = parseArgs({
    args: argv,
    options: {
      strategy: { type: 'string' },
      symbols: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      trials: { type: 'string' },
      objective: { type: 'string' },
      objectives: { type: 'string' },
      sampler: { type: 'string' },
      space: { type: 'string' },
      'walk-forward': { type: 'string' },
      queue: { type: 'string' },
      resume: { type: 'string' },
      data: { type: 'string' },
      seed: { type: 'string' },
      parallel: { type: 'string' },
      batch: { type: 'string' },
      evaluator: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { kind: 'help' };
  const queue = values.queue ?? null;
  if (queue !== null) parseRedisUrl(queue);
  const parallel = whole('--parallel', values.parallel, 1);
  if (values.resume !== undefined)
    return {
      kind: 'resume',
      runId: values.resume,
      queue,
      parallel,
      evaluator: values.evaluator,
      dataDir: values['data-dir'],
    };

  if (!values.strategy) throw new UsageError('--strategy is required');
  const symbols = (values.symbols ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '');
  if (symbols.length === 0) throw new UsageError('--symbols is required (e.g. BTCUSDT,ETHUSDT)');
  const data = values.data ?? 'synthetic:days=365,seed=1';
  const days = syntheticDays(data);
  let from: number;
  let to: number;
  if (values.from === undefined || values.to === undefined) {
    if (days === null) throw new UsageError('--from and --to are required with catalog data');
    from = values.from === undefined ? SYNTHETIC_EPOCH : parseDay('--from', values.from);
    to = values.to === undefined ? from + days * DAY : parseDay('--to', values.to, true);
  } else {
    from = parseDay('--from', values.from);
    to = parseDay('--to', values.to, true);
  }
  if (to <= from) throw new UsageError('--to must be after --from');
  const sampler = (values.sampler ?? 'tpe') as SamplerKind;
  if (!SAMPLERS.includes(sampler))
    throw new UsageError(`--sampler ${values.sampler}: one of ${SAMPLERS.join(', ')}`);
  let objectives: ObjectiveName[];
  try {
    objectives = parseObjectives(
      values.objectives !== undefined ? values.objectives.split(',') : [values.objective ?? 'sharpe'],
    );
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return {
    kind: 'new',
    command: {
      strategy: values.strategy,
      symbols,
      from,
      to,
      trials: whole('--trials', values.trials, 1) ?? 100,
      objectives,
      sampler,
      spaceFile: values.space ?? null,
      walkForward: values['walk-forward'] ?? null,
      queue,
      data,
      seed: whole('--seed', values.seed, 0) ?? 1,
      parallel,
      batch: whole('--batch', values.batch, 1),
      evaluator: values.evaluator,
      dataDir: values['data-dir'],
    },
  };
}
