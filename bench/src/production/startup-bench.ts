import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withBaseline, type BenchResult } from '../bench-result';
import { medianOf } from '../latency-summary';
import { REPO_ROOT, startServerProcess, TSX_ARGS, type ServerProcess } from '../api-load/server-process';

const STARTS = 3;
const BANNER = /Dashboard:\s+(http:\/\/\S+?)\/?$/;
const BUNDLE = join(REPO_ROOT, 'apps/bot/dist/main.js');
/** How the two are started: `npm start` (built) and `npm run start:dev` (tsx), minus the npm wrapper. */
const BUILT_ARGS = ['--enable-source-maps', BUNDLE];
const TSX_MAIN = [...TSX_ARGS, join(REPO_ROOT, 'apps/bot/src/main.ts')];

function startBot(args: string[], dir: string, name: string): Promise<ServerProcess> {
  return startServerProcess(
    args,
    {
      AURORA_PORT: '0',
      AURORA_DATA_DIR: join(dir, name),
      AURORA_API_TOKEN: 'bench-token-0123456789abcdef',
      AURORA_LOG_LEVEL: 'warn',
    },
    BANNER,
  );
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Issue 14 item 6: the compiled production start against tsx, in the same run. Start-up is
 * spawn → the banner (API listening, start-up reconcile done), median of 3 cold starts each.
 * Resident memory is read from /proc after both bots have run side by side for `soakSeconds`
 * (an hour is the target: `npm run bench -- --soak-seconds=3600`).
 */
export async function runStartupBench(soakSeconds: number): Promise<BenchResult[]> {
  const built = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build-bot.mjs')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'aurora-startup-bench-'));
  try {
    const builtMs: number[] = [];
    const tsxMs: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      // Alternate, so a burst of load from elsewhere does not fall on one side only.
      for (const [args, into, name] of [
        [BUILT_ARGS, builtMs, `built-${i}`],
        [TSX_MAIN, tsxMs, `tsx-${i}`],
      ] as const) {
        const bot = await startBot([...args], dir, name);
        into.push(bot.startupMs);
        await bot.stop();
      }
    }
    const builtBot = await startBot(BUILT_ARGS, dir, 'soak-built');
    const tsxBot = await startBot(TSX_MAIN, dir, 'soak-tsx');
    let rss: { built: number | null; tsx: number | null; builtAtStart: number | null };
    try {
      const builtAtStart = builtBot.rssMb();
      await new Promise((r) => setTimeout(r, soakSeconds * 1000));
      rss = { built: builtBot.rssMb(), tsx: tsxBot.rssMb(), builtAtStart };
    } finally {
      await Promise.all([builtBot.stop(), tsxBot.stop()]);
    }
    const results: BenchResult[] = [
      withBaseline(
        {
          name: 'production.startup',
          value: round1(medianOf(builtMs)),
          unit: 'ms',
          note: `node on apps/bot/dist/main.js, spawn → banner, median of ${STARTS}: ${builtMs.map(round1).join(', ')} ms (tsx: ${tsxMs.map(round1).join(', ')})`,
        },
        'the same bot under tsx (npm run start:dev)',
        round1(medianOf(tsxMs)),
      ),
    ];
    if (rss.built !== null && rss.tsx !== null) {
      results.push(
        withBaseline(
          {
            name: 'production.rss_after_soak',
            value: rss.built,
            unit: 'MB',
            note: `VmRSS after ${soakSeconds} s running (embedded simulator, default market); the built bot had ${rss.builtAtStart} MB right after start-up. The target duration is an hour: --soak-seconds=3600`,
          },
          `the same bot under tsx, same ${soakSeconds} s`,
          rss.tsx,
        ),
      );
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
