import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export const DATABASE_FILE = 'aurora.sqlite';

/** The database file cannot be trusted: the bot refuses to start rather than trade on it. */
export class DatabaseUnusable extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}; the bot will not start on it (the file is left as it is)`);
    this.name = 'DatabaseUnusable';
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * SQLite opens a short or zeroed file as an empty database and then writes a fresh one over it:
 * a truncated aurora.sqlite would come back with no intents and no positions. Only a missing or
 * empty file may become a new database.
 */
function assertSqliteHeader(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) throw new DatabaseUnusable(path, 'not an SQLite database (bad header)');
}

/**
 * quick_check reads only the pages the b-trees reach, so a file cut inside a trailing page it
 * does not visit passes. SQLite writes the main file in whole pages, and without a WAL every
 * page it counts is in that file: anything shorter lost its tail.
 */
function assertWholePages(db: Db, path: string): void {
  const size = statSync(path).size;
  if (size === 0) return;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const wal = `${path}-wal`;
  const walEmpty = !existsSync(wal) || statSync(wal).size === 0;
  if (size % pageSize !== 0 || (walEmpty && size < pages * pageSize))
    throw new DatabaseUnusable(path, `truncated: ${size} bytes, ${pages} pages of ${pageSize} expected`);
}

/**
 * Open the bot's SQLite database in WAL mode and bring its schema up to date. synchronous=FULL:
 * an intent row must be on disk before its order leaves the process, so a commit that returns
 * is a commit that survives a power cut. Everything that could refuse the file runs before the
 * first write, so a refused file keeps its bytes.
 */
export function openDatabase(dataDir: string, file = DATABASE_FILE): Db {
  const path = join(dataDir, file);
  assertSqliteHeader(path);
  const db = new Database(path);
  try {
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw new DatabaseUnusable(path, `integrity check failed: ${check}`);
    assertWholePages(db, path);
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (version > latest)
      throw new DatabaseUnusable(path, `schema version ${version} is newer than this bot's ${latest}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (err) {
    db.close();
    if (err instanceof DatabaseUnusable) throw err;
    throw new DatabaseUnusable(path, (err as Error).message);
  }
  return db;
}

export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

export function isDatabaseHealthy(db: Db): boolean {
  try {
    return db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}
