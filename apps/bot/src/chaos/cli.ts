import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHAOS_SCENARIOS } from './registry';
import { formatTable, runRow, select, type ChaosRow, type Selection } from './table';

/*
 * npm run chaos [-- --full] [--only <name>] [--seed <n>] [--json <file>]
 * Every scenario over its fast seeds (or --full seeds), one table on stdout, progress on stderr;
 * exit code 1 when any row fails, each failing row with the command that replays it.
 */

const USAGE = 'usage: npm run chaos -- [--full] [--only <scenario>] [--seed <n>] [--json <file>] [--list]';

interface Args extends Selection {
  json?: string;
  list?: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--full') args.full = true;
    else if (a === '--list') args.list = true;
    else if (a === '--only') args.only = value();
    else if (a === '--json') args.json = value();
    else if (a === '--seed') {
      const raw = value();
      const n = Number(raw);
      if (!Number.isSafeInteger(n) || n < 0)
        throw new Error(`--seed must be a non-negative integer, got ${raw}`);
      args.seed = n;
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    for (const s of CHAOS_SCENARIOS)
      process.stdout.write(
        `${s.name}  fast ${s.seeds.fast.join(',')}  full ${s.seeds.full.join(',')}  — ${s.description}\n`,
      );
    return 0;
  }
  // The row's seed is the venue's seed: an override left in the environment would mislabel rows.
  delete process.env.AURORA_TEST_SIM_SEED;
  delete process.env.AURORA_TEST_SIM_PROFILE;
  const pairs = select(CHAOS_SCENARIOS, args);
  const rows: ChaosRow[] = [];
  for (const [n, { scenario, seed }] of pairs.entries()) {
    const tag = `[${n + 1}/${pairs.length} ${scenario.name} seed ${seed}]`;
    process.stderr.write(`${tag} ${scenario.description}\n`);
    const t0 = Date.now();
    const at = () => `+${((Date.now() - t0) / 1000).toFixed(1)}s`;
    const row = await runRow(scenario, seed, {
      log: (line) => process.stderr.write(`${tag} ${at()} ${line}\n`),
    });
    process.stderr.write(`${tag} ${row.verdict} in ${(row.durationMs / 1000).toFixed(1)} s\n`);
    rows.push(row);
  }
  process.stdout.write(`${formatTable(rows)}\n`);
  if (args.json) {
    const file = resolve(args.json);
    writeFileSync(
      file,
      `${JSON.stringify({ at: new Date().toISOString(), full: args.full === true, rows }, null, 2)}\n`,
    );
    process.stderr.write(`table written to ${file}\n`);
  }
  return rows.every((r) => r.verdict === 'PASS') ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
