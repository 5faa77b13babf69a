import { readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { RuntimeConfig, defaultRuntimeConfig } from '@aurora/contracts';
import { RUNTIME_CONFIG_FILE, loadRuntimeConfig } from '../config/runtime-config-file';
import { DATABASE_FILE } from '../store/database';
import { MIGRATIONS } from '../store/migrations';
import { startTestBot } from '../testing/bot-harness';
import { freshDataDir, removeDir } from './data-dir';
import { getState } from './exchange-truth';

/*
 * Issue 11 item 2, start-up half: corrupt, truncated and wrong-version runtime_config.json and
 * database files. A corrupt config is moved aside with its bytes intact (docs/ARCHITECTURE.md)
 * and the bot says so; a database it cannot trust stops the start with an error naming the
 * file, and the file is left exactly as it was. Replay with FUZZ_SEED=<seed>.
 */

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const dirs: string[] = [];
const dir = () => {
  const d = freshDataDir();
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach(removeDir));

const validConfig = JSON.stringify(RuntimeConfig.parse({}), null, 2);

/** Config files a crash, a hand edit or another version could leave behind. */
const brokenConfig: fc.Arbitrary<Buffer> = fc.oneof(
  fc.nat({ max: validConfig.length - 1 }).map((n) => Buffer.from(validConfig.slice(0, n))),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((a) => Buffer.from(a)),
  fc
    .constantFrom('null', '[]', '"x"', '42', '{"risk": null}', '{"symbols": "BTCUSDT"}')
    .map((s) => Buffer.from(s)),
  fc
    .tuple(
      fc.constantFrom('risk', 'execution', 'symbols', 'trading_mode', 'account_mode'),
      fc.jsonValue({ maxDepth: 1 }),
    )
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => Buffer.from(JSON.stringify({ ...JSON.parse(validConfig), [k]: v }))),
);

describe('runtime_config.json at start-up', () => {
  it('moves any unreadable or invalid file aside byte for byte and falls back to the defaults', () => {
    fc.assert(
      fc.property(brokenConfig, (bytes) => {
        const d = dir();
        writeFileSync(join(d, RUNTIME_CONFIG_FILE), bytes);
        const out = loadRuntimeConfig(d, 77);
        // A truncation can leave valid JSON that still parses (e.g. a cut after the last brace).
        if (out.kind === 'loaded') return;
        expect(out.kind).toBe('corrupt');
        if (out.kind !== 'corrupt') return;
        expect(readFileSync(out.movedTo).equals(bytes)).toBe(true);
        expect(out.problem.length).toBeGreaterThan(0);
        expect(out.config).toEqual(defaultRuntimeConfig());
      }),
      { numRuns: 60, seed: SEED },
    );
  });

  it('keeps a file from a newer version (fields this bot does not know) aside before rewriting it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', 'risk', 'execution'),
        fc.stringMatching(/^[a-z_]{3,12}$/),
        fc.jsonValue({ maxDepth: 1 }),
        (section, key, value) => {
          const d = dir();
          const doc = JSON.parse(validConfig) as Record<string, Record<string, unknown>>;
          const newKey = `future_${key}`;
          if (section === '') (doc as Record<string, unknown>)[newKey] = value;
          else (doc[section] as Record<string, unknown>)[newKey] = value;
          const bytes = Buffer.from(JSON.stringify(doc, null, 2));
          writeFileSync(join(d, RUNTIME_CONFIG_FILE), bytes);
          const out = loadRuntimeConfig(d, 88);
          expect(out.kind).toBe('loaded');
          const kept = readdirSync(d).filter((f) => f !== RUNTIME_CONFIG_FILE);
          expect(kept).toEqual([`${RUNTIME_CONFIG_FILE}.newer-88`]);
          expect(readFileSync(join(d, kept[0] as string)).equals(bytes)).toBe(true);
        },
      ),
      { numRuns: 20, seed: SEED },
    );
  });

  it('starts a bot on a truncated file, says so in its errors, and keeps the original', async () => {
    const d = dir();
    const bytes = Buffer.from(validConfig.slice(0, 40));
    writeFileSync(join(d, RUNTIME_CONFIG_FILE), bytes);
    const bot = await startTestBot({}, d);
    try {
      const state = await getState(bot.api);
      expect(state.recent_errors.map((e) => e.code)).toContain('CONFIG_CORRUPT');
      const aside = readdirSync(d).find((f) => f.startsWith(`${RUNTIME_CONFIG_FILE}.corrupt-`));
      expect(aside).toBeDefined();
      expect(readFileSync(join(d, aside as string)).equals(bytes)).toBe(true);
    } finally {
      await bot.close();
    }
  });
});

/** A real database written by a bot that ran and stopped. */
async function usedDatabase(): Promise<string> {
  const d = dir();
  const bot = await startTestBot({}, d);
  await bot.close();
  return d;
}

async function startFailure(d: string): Promise<Error | null> {
  try {
    const bot = await startTestBot({}, d);
    await bot.close();
    return null;
  } catch (err) {
    return err as Error;
  }
}

describe('database file at start-up', () => {
  it('refuses a file that is not a database, naming it, and leaves it untouched', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .uint8Array({ minLength: 1, maxLength: 4096 })
          .filter((a) => !Buffer.from(a).subarray(0, 6).equals(Buffer.from('SQLite'))),
        async (raw) => {
          const d = dir();
          const bytes = Buffer.from(raw);
          writeFileSync(join(d, DATABASE_FILE), bytes);
          const err = await startFailure(d);
          expect(err?.message).toMatch(new RegExp(DATABASE_FILE.replace('.', '\\.')));
          expect(readFileSync(join(d, DATABASE_FILE)).equals(bytes)).toBe(true);
        },
      ),
      { numRuns: 5, seed: SEED },
    );
  });

  it('refuses a truncated database, naming it, and leaves it untouched', async () => {
    const source = await usedDatabase();
    const full = readFileSync(join(source, DATABASE_FILE));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: full.length - 1 }), async (cut) => {
        const d = dir();
        writeFileSync(join(d, DATABASE_FILE), full);
        truncateSync(join(d, DATABASE_FILE), cut);
        const bytes = readFileSync(join(d, DATABASE_FILE));
        const err = await startFailure(d);
        expect(err?.message, `cut at ${cut} of ${full.length}`).toMatch(/aurora\.sqlite/);
        expect(readFileSync(join(d, DATABASE_FILE)).equals(bytes)).toBe(true);
      }),
      { numRuns: 5, seed: SEED },
    );
  }, 60_000);

  it('refuses a database from a newer version instead of running on a schema it does not know', async () => {
    const d = await usedDatabase();
    const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    const db = new Database(join(d, DATABASE_FILE));
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    const bytes = readFileSync(join(d, DATABASE_FILE));
    const err = await startFailure(d);
    expect(err?.message).toMatch(/aurora\.sqlite.*newer/);
    expect(readFileSync(join(d, DATABASE_FILE)).equals(bytes)).toBe(true);
  });
});
