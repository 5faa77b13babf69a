import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const loopbackOrAny = z.string().min(1).max(255);

/**
 * The process environment, parsed once at start-up. Anything not listed here is ignored; a bad
 * value stops the process with exit code 2 and a message naming every bad variable.
 */
export const EnvSchema = z.object({
  AURORA_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  AURORA_HOST: loopbackOrAny.default('127.0.0.1'),
  AURORA_DATA_DIR: z.string().min(1).default('./data'),
  /** User strategies: every .ts/.mjs/.js file here is loaded at start-up (docs/STRATEGIES.md). */
  AURORA_STRATEGIES_DIR: z.string().min(1).default('./strategies'),
  AURORA_API_TOKEN: z.string().min(16, 'must be at least 16 characters').max(512).optional(),
  /** Comma-separated origins allowed by CORS; empty = same origin only. */
  AURORA_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ message: 'each origin must be a URL such as http://localhost:5173' }))),
  AURORA_LIVE_ENABLED: bool.default(false),
  AURORA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * The fraction of Binance's declared REQUEST_WEIGHT limit (exchangeInfo.rateLimits) this bot
   * may use. Weight is counted per IP: give each bot on one IP a share so they stay under it.
   */
  AURORA_REQUEST_WEIGHT_SHARE: z.coerce.number().gt(0, 'must be above 0').max(1, 'must be at most 1').default(1),
  /** `auto`: pretty on a terminal (pino-pretty), JSON lines when stdout is a file or a pipe. */
  AURORA_LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  /** Path of the built dashboard served at /. */
  AURORA_DASHBOARD_DIR: z.string().optional(),
  /**
   * Embedded simulator: seed and feed tick. The default seed's synthetic market opens with
   * up-trends, so a first `npm start` (long-only strategy) shows trades within minutes; any other
   * seed is simply another market (some open in a down-trend and the bot rightly stays flat).
   */
  AURORA_SIM_SEED: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(5),
  AURORA_SIM_TICK_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** An external simulator (npm run sim) instead of the embedded one: its REST URL and keys. */
  AURORA_SIM_URL: z.url().optional(),
  AURORA_SIM_API_KEY: z.string().min(1).max(256).optional(),
  AURORA_SIM_API_SECRET: z.string().min(1).max(256).optional(),
  /**
   * Which venue Demo mode trades on. Unset: Demo Mode keys win, then testnet keys, then the
   * simulator (external with AURORA_SIM_URL, else embedded). Set, it must have what it needs.
   */
  AURORA_DEMO_VENUE: z.enum(['sim', 'testnet', 'demo']).optional(),
  /**
   * The embedded simulator's market: 'synthetic' (seeded model) or 'mirror' (follows Binance's
   * public market streams at AURORA_SIM_MIRROR_URL; no keys). When the upstream cannot be
   * reached the market halts unless AURORA_SIM_MIRROR_FALLBACK=synthetic asks for the model.
   */
  AURORA_SIM_FEED: z.enum(['synthetic', 'mirror']).default('synthetic'),
  AURORA_SIM_MIRROR_URL: z
    .url()
    .refine((u) => /^wss?:\/\//.test(u), 'must be a ws:// or wss:// URL')
    .default('wss://data-stream.binance.vision:443'),
  AURORA_SIM_MIRROR_FALLBACK: z.enum(['none', 'synthetic']).default('none'),
  /** Binance Demo Mode keys (made on demo.binance.com): Demo mode trades on Demo Mode when both are set. */
  BINANCE_DEMO_API_KEY: z.string().min(1).max(256).optional(),
  BINANCE_DEMO_API_SECRET: z.string().min(1).max(256).optional(),
  /** Binance Spot Testnet keys: Demo mode trades on the testnet when both are set (and no Demo Mode keys). */
  BINANCE_TESTNET_API_KEY: z.string().min(1).max(256).optional(),
  BINANCE_TESTNET_API_SECRET: z.string().min(1).max(256).optional(),
  /** Live keys: used only when AURORA_LIVE_ENABLED=true and the operator confirms Live. */
  BINANCE_API_KEY: z.string().min(1).max(256).optional(),
  BINANCE_API_SECRET: z.string().min(1).max(256).optional(),
  /** Telegram bot token from @BotFather; never logged (the message names the variable, not the value). */
  AURORA_TELEGRAM_BOT_TOKEN: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must look like 123456:ABC… (the token @BotFather gave)').optional(),
  /** Comma-separated chat ids the bot notifies and answers; every other chat is ignored. */
  AURORA_TELEGRAM_CHAT_IDS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^-?\d{1,20}$/, 'each chat id must be an integer such as 123456789 or -1001234567890'))),
  /** Telegram Bot API root (tests point it at a local server); Telegram's own when unset. */
  AURORA_TELEGRAM_API_ROOT: z.url().optional(),
});
export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid environment configuration:\n' +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'EnvError';
  }
}

/** Parse the environment; empty strings count as unset, as shells often export them so. */
export function loadEnv(source: Record<string, string | undefined>): Env {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const result = EnvSchema.safeParse(picked);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(env)'), message: i.message })),
    );
  }
  const env = result.data;
  const problems: { variable: string; message: string }[] = [];
  if (Boolean(env.AURORA_SIM_API_KEY) !== Boolean(env.AURORA_SIM_API_SECRET))
    problems.push({ variable: 'AURORA_SIM_API_SECRET', message: 'AURORA_SIM_API_KEY and _SECRET go together' });
  if (env.AURORA_SIM_URL && !env.AURORA_SIM_API_KEY)
    problems.push({ variable: 'AURORA_SIM_API_KEY', message: 'required with AURORA_SIM_URL' });
  if (Boolean(env.BINANCE_TESTNET_API_KEY) !== Boolean(env.BINANCE_TESTNET_API_SECRET))
    problems.push({ variable: 'BINANCE_TESTNET_API_SECRET', message: 'testnet key and secret go together' });
  if (Boolean(env.BINANCE_DEMO_API_KEY) !== Boolean(env.BINANCE_DEMO_API_SECRET))
    problems.push({ variable: 'BINANCE_DEMO_API_SECRET', message: 'Demo Mode key and secret go together' });
  if (env.AURORA_DEMO_VENUE === 'demo' && !env.BINANCE_DEMO_API_KEY)
    problems.push({ variable: 'AURORA_DEMO_VENUE', message: "'demo' needs BINANCE_DEMO_API_KEY and _SECRET" });
  if (env.AURORA_DEMO_VENUE === 'testnet' && !env.BINANCE_TESTNET_API_KEY)
    problems.push({ variable: 'AURORA_DEMO_VENUE', message: "'testnet' needs BINANCE_TESTNET_API_KEY and _SECRET" });
  if (Boolean(env.BINANCE_API_KEY) !== Boolean(env.BINANCE_API_SECRET))
    problems.push({ variable: 'BINANCE_API_SECRET', message: 'live key and secret go together' });
  if (Boolean(env.AURORA_TELEGRAM_BOT_TOKEN) !== (env.AURORA_TELEGRAM_CHAT_IDS.length > 0))
    problems.push({ variable: 'AURORA_TELEGRAM_CHAT_IDS', message: 'AURORA_TELEGRAM_BOT_TOKEN and AURORA_TELEGRAM_CHAT_IDS go together' });
  if (problems.length > 0) throw new EnvError(problems);
  return env;
}
