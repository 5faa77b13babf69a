import { DEFAULT_API_LOAD, type ApiLoadOptions } from './api-load/api-load-bench';

/** `npm run bench -- [--only=<text>] [--soak-seconds=N] [--api-rate=N] [--api-seconds=N] [--ws-clients=N]`. */
export interface BenchFlags {
  /** Run only the suites whose name contains this text. */
  only: string | null;
  /** How long the built bot runs before its resident memory is read (an hour is the target). */
  soakSeconds: number;
  api: ApiLoadOptions;
}

export const DEFAULT_SOAK_SECONDS = 20;

export class BenchFlagError extends Error {}

const positive = (name: string, raw: string): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new BenchFlagError(`--${name} must be a positive number, got "${raw}"`);
  return n;
};

/** Parse the bench's own flags; an unknown flag is an error, not silently ignored. */
export function parseBenchFlags(argv: readonly string[]): BenchFlags {
  const flags: BenchFlags = { only: null, soakSeconds: DEFAULT_SOAK_SECONDS, api: { ...DEFAULT_API_LOAD } };
  for (const arg of argv) {
    const m = /^--([a-z-]+)=(.+)$/.exec(arg);
    if (!m) throw new BenchFlagError(`unknown argument "${arg}" (flags look like --soak-seconds=3600)`);
    const [, name, value] = m as unknown as [string, string, string];
    switch (name) {
      case 'only':
        flags.only = value;
        break;
      case 'soak-seconds':
        flags.soakSeconds = positive(name, value);
        break;
      case 'api-rate':
        flags.api.rate = positive(name, value);
        break;
      case 'api-seconds':
        flags.api.seconds = positive(name, value);
        break;
      case 'ws-clients':
        flags.api.wsClients = Math.round(positive(name, value));
        break;
      default:
        throw new BenchFlagError(`unknown flag --${name}`);
    }
  }
  return flags;
}
