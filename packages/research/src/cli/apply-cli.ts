import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiErrorBody, ResearchApplyResponse } from '@aurora/contracts';
import { dataDirOf, UsageError } from './data-dir';

export const APPLY_USAGE = `usage:
  npm run research -- apply <run-id> <trial> --confirm <strategy> [--symbols BTCUSDT,…] [--url http://127.0.0.1:8080]

Sends the trial's parameters to the running bot (POST /research/runs/<id>/trials/<n>/apply): the bot
checks them with the strategy's schema, refuses in Live, and applies them to the Demo configuration
as PATCH /config would (recorded as a control action). --confirm is the strategy's name, typed.
The API token is AURORA_API_TOKEN, else <data dir>/api_token.`;

/** The bot's API token: the environment's, else the one the bot generated into its data dir. */
function tokenOf(dataDir: string): string {
  const fromEnv = process.env.AURORA_API_TOKEN;
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'api_token');
  if (!existsSync(file)) throw new UsageError(`no API token: set AURORA_API_TOKEN or start the bot once (it writes ${file})`);
  return readFileSync(file, 'utf8').trim();
}

/**
 * `npm run research -- apply …`: "use these parameters in Demo" from the terminal, through the
 * same validated endpoint as the dashboard's Research page — never by writing the config file.
 * Exit codes: 0 applied, 1 the bot refused or could not be reached, 2 bad usage.
 */
export async function applyCli(argv: string[], print: (s: string) => void = console.log, fetchImpl: typeof fetch = fetch): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      confirm: { type: 'string' },
      symbols: { type: 'string' },
      url: { type: 'string', default: process.env.AURORA_BOT_URL ?? 'http://127.0.0.1:8080' },
      'data-dir': { type: 'string' },
    },
  });
  const [runId, trialText] = positionals;
  if (!runId || trialText === undefined) throw new UsageError('apply needs a run id and a trial number');
  const trial = Number(trialText);
  if (!Number.isInteger(trial) || trial < 0) throw new UsageError(`trial must be a whole number ≥ 0, got ${trialText}`);
  if (!values.confirm) throw new UsageError('--confirm <strategy name> is required: the change goes to the Demo configuration');
  const symbols = values.symbols?.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const token = tokenOf(dataDirOf(values['data-dir']));
  const url = `${values.url.replace(/\/$/, '')}/api/v1/research/runs/${encodeURIComponent(runId)}/trials/${trial}/apply`;
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ confirm: values.confirm, ...(symbols ? { symbols } : {}) }),
    });
  } catch (err) {
    print(`the bot at ${values.url} could not be reached: ${(err as Error).message}`);
    return 1;
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ApiErrorBody.safeParse(body);
    print(parsed.success ? `refused (${res.status} ${parsed.data.error.code}): ${parsed.data.error.message}` : `refused: HTTP ${res.status}`);
    return 1;
  }
  const ok = ResearchApplyResponse.parse(body);
  const params = Object.entries(ok.applied.params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  print(`applied trial #${ok.applied.trial} of ${ok.applied.run_id}: ${ok.applied.strategy} on ${ok.applied.symbols.join(', ')} (${params})`);
  print(`state version ${ok.truth.state_version}; the change is in the bot's control log as research.apply`);
  return 0;
}
