import { parseArgs } from 'node:util';
import type { BacktestDataSource } from '@aurora/backtest';

/** A command line that cannot run; the message says which flag and why. */
export class BacktestUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BacktestUsageError';
  }
}

export const BACKTEST_USAGE = `usage: npm run backtest -- --strategy ema-cross --symbols BTCUSDT,ETHUSDT --from 2024-01-01 --to 2024-12-31
         [--params fast=12,slow=26] [--config file.json] [--balance 10000] [--seed 7]
         [--data <catalog dir> | --data synthetic:days=365,seed=7] [--out <dir>]
  --from/--to   UTC days (YYYY-MM-DD) or months (YYYY-MM); --to is inclusive (a month means its last day)
  --data        default: the catalog under AURORA_DATA_DIR (./data/catalog); synthetic needs no download
  --out         where the JSON and HTML reports go (default ./data/backtests)
bias and robustness checks (after the run; results printed before the trade hash, kept in both reports):
  --lookahead-check [--cuts 8]     re-run with the data cut at seeded points; list every signal that changes
  --warmup-check                   the strategy from later starts: values still depending on the start of the data
  --monte-carlo [--runs 1000]      reshuffle and resample the closed trades: bands for return and max drawdown
  --noise-runs N [--noise-bps 5]   N re-runs on noised candles (each price × (1 + σ·z)): bands again
  --significance N                 N runs of random-entry at the strategy's rate with its stop/target: p-value
  --check-seed S                   seed of the checks (default: --seed)`;

/** Which checks run after the backtest, and their sizes. */
export interface BacktestChecks {
  lookahead: { cuts: number } | null;
  warmup: boolean;
  monteCarlo: { runs: number } | null;
  noise: { runs: number; sigmaBps: number } | null;
  significance: { runs: number } | null;
  seed: number;
}

export interface BacktestArgs {
  strategy: string;
  params: Record<string, unknown>;
  symbols: string[];
  from: number;
  to: number;
  balance: string;
  seed: number;
  data: BacktestDataSource;
  configFile: string | null;
  outDir: string;
  checks: BacktestChecks;
}

/** A whole number from `min` to `max`, or the flag's usage error. */
function count(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new BacktestUsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** Start (ms) of a UTC day or month; with `end`, the first ms after it (the range is [from, to)). */
function parseWhen(flag: string, text: string, end: boolean): number {
  const d = DAY.exec(text);
  const m = d ? null : MONTH.exec(text);
  if (!d && !m) throw new BacktestUsageError(`${flag} must be a UTC day (2024-01-31) or month (2024-01), got "${text}"`);
  const y = Number((d ?? m)![1]);
  const mo = Number((d ?? m)![2]) - 1;
  const day = d ? Number(d[3]) : 1;
  const t = Date.UTC(y, mo, day);
  const check = new Date(t);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo || check.getUTCDate() !== day)
    throw new BacktestUsageError(`${flag}: "${text}" is not a calendar date`);
  if (!end) return t;
  return d ? t + 86_400_000 : Date.UTC(y, mo + 1, 1);
}

/** `fast=12,slow=26,mode=close` → numbers where they read as numbers, booleans for true/false. */
function parseParams(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (text.trim() === '') return out;
  if (text.trim().startsWith('{')) {
    try {
      const v: unknown = JSON.parse(text);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new BacktestUsageError('--params: not a JSON object');
  }
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new BacktestUsageError(`--params: "${pair}" is not name=value`);
    const k = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    out[k] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

/** `synthetic:days=365,seed=7` or a directory. */
function parseData(text: string | undefined, catalogDir: string): BacktestDataSource {
  if (text === undefined || text === '') return catalogDir;
  if (!text.startsWith('synthetic')) return text;
  const fields: Record<string, number> = {};
  for (const part of text.slice('synthetic'.length).replace(/^:/, '').split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    if (!k || v === undefined || !/^\d+$/.test(v)) throw new BacktestUsageError(`--data: "${part}" is not name=<integer>`);
    fields[k] = Number(v);
  }
  for (const k of Object.keys(fields))
    if (k !== 'days' && k !== 'seed') throw new BacktestUsageError(`--data synthetic: unknown field "${k}" (days, seed)`);
  return { synthetic: { days: fields.days ?? 365, seed: fields.seed ?? 7 } };
}

/** The CLI's flags, checked; every problem is a BacktestUsageError naming the flag. */
export function parseBacktestArgs(argv: readonly string[], env: { AURORA_DATA_DIR?: string } = {}): BacktestArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        strategy: { type: 'string', default: 'ema-cross' },
        params: { type: 'string', default: '' },
        symbols: { type: 'string', default: 'BTCUSDT' },
        from: { type: 'string' },
        to: { type: 'string' },
        balance: { type: 'string', default: '10000' },
        seed: { type: 'string', default: '7' },
        data: { type: 'string' },
        config: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
        'lookahead-check': { type: 'boolean', default: false },
        cuts: { type: 'string' },
        'warmup-check': { type: 'boolean', default: false },
        'monte-carlo': { type: 'boolean', default: false },
        runs: { type: 'string' },
        'noise-runs': { type: 'string' },
        'noise-bps': { type: 'string' },
        significance: { type: 'string' },
        'check-seed': { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new BacktestUsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const dataDir = env.AURORA_DATA_DIR ?? './data';
  const data = parseData(values.data, `${dataDir}/catalog`);
  const symbols = values.symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (symbols.length === 0 || symbols.some((s) => !/^[A-Z0-9]{2,20}$/.test(s)))
    throw new BacktestUsageError('--symbols must be a comma-separated list such as BTCUSDT,ETHUSDT');
  if (new Set(symbols).size !== symbols.length) throw new BacktestUsageError('--symbols names a symbol twice');
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new BacktestUsageError('--seed must be a non-negative integer');
  if (!/^\d+(\.\d+)?$/.test(values.balance) || Number(values.balance) <= 0)
    throw new BacktestUsageError('--balance must be a positive amount of the quote asset, such as 10000');
  let from: number;
  let to: number;
  if (values.from === undefined && values.to === undefined && typeof data !== 'string' && 'synthetic' in data) {
    // Synthetic data has no calendar of its own: its days end at the start of today (UTC).
    const today = new Date();
    to = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    from = to - data.synthetic.days * 86_400_000;
  } else {
    if (values.from === undefined || values.to === undefined) throw new BacktestUsageError('--from and --to are both needed');
    from = parseWhen('--from', values.from, false);
    to = parseWhen('--to', values.to, true);
  }
  if (to <= from) throw new BacktestUsageError('--to must be after --from');
  if (values.cuts !== undefined && !values['lookahead-check']) throw new BacktestUsageError('--cuts goes with --lookahead-check');
  if (values.runs !== undefined && !values['monte-carlo']) throw new BacktestUsageError('--runs goes with --monte-carlo');
  if (values['noise-bps'] !== undefined && values['noise-runs'] === undefined) throw new BacktestUsageError('--noise-bps goes with --noise-runs');
  const bps = values['noise-bps'] ?? '5';
  if (!/^\d+(\.\d+)?$/.test(bps) || Number(bps) > 1000) throw new BacktestUsageError(`--noise-bps must be a number of basis points from 0 to 1000, got "${bps}"`);
  const checks: BacktestChecks = {
    lookahead: values['lookahead-check'] ? { cuts: count('--cuts', values.cuts, 8, 1, 200) } : null,
    warmup: values['warmup-check'],
    monteCarlo: values['monte-carlo'] ? { runs: count('--runs', values.runs, 1000, 1, 1_000_000) } : null,
    noise: values['noise-runs'] !== undefined ? { runs: count('--noise-runs', values['noise-runs'], 0, 1, 10_000), sigmaBps: Number(bps) } : null,
    significance: values.significance !== undefined ? { runs: count('--significance', values.significance, 0, 1, 10_000) } : null,
    seed: count('--check-seed', values['check-seed'], seed, 0, 2 ** 31 - 1),
  };
  return {
    strategy: values.strategy,
    params: parseParams(values.params),
    symbols,
    from,
    to,
    balance: values.balance,
    seed,
    data,
    configFile: values.config ?? null,
    outDir: values.out ?? `${dataDir}/backtests`,
    checks,
  };
}
