import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppStatePersistence } from '../state/app-state';
import type { TestBot } from '../testing/bot-harness';
import type { TradingRepo } from '../store/trading-repo';

const TRADING_WRITES = [
  'beginUnit',
  'commitUnit',
  'insertIntent',
  'upsertIntent',
  'upsertPosition',
  'insertFill',
  'insertDecision',
  'insertReconcile',
  'idempotencyPut',
  'idempotencyPurge',
  'setMeta',
  'transaction',
] as const satisfies readonly (keyof TradingRepo)[];

const STATE_WRITES = [
  'saveHighWaterMark',
  'insertControlAction',
  'upsertError',
] as const satisfies readonly (keyof AppStatePersistence)[];

/**
 * From now on every database write of this bot fails as SQLite fails on a read-only or full
 * disk, and so does every runtime_config.json write. Why not chmod: the tests run as root,
 * which ignores file modes, and an open handle keeps writing anyway; a second connection holding
 * the write lock would stall every write for busy_timeout (5 s) instead of failing it.
 */
export function refuseDatabaseWrites(bot: TestBot): void {
  const fail = (what: string) => () => {
    throw Object.assign(new Error(`attempt to write a readonly database (${what})`), {
      code: 'SQLITE_READONLY',
    });
  };
  const repo = bot.runtime.d.repo as unknown as Record<string, unknown>;
  for (const m of TRADING_WRITES) repo[m] = fail(m);
  // AppState keeps its persistence private; the object is the one the bot built at start-up.
  const persistence = (bot.ctx.state as unknown as { persistence: Record<string, unknown> }).persistence;
  for (const m of STATE_WRITES) persistence[m] = fail(m);
  // The atomic config write opens `<file>.tmp-<pid>` first: a directory in its place makes it fail.
  mkdirSync(join(bot.dataDir, `runtime_config.json.tmp-${process.pid}`));
}
