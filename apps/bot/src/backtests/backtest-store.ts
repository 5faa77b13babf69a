import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BacktestReport, BacktestRunSummary } from '@aurora/contracts';
import { writeFileAtomic } from '../config/atomic-file';

/** A run id: safe as a file name, never a path. */
export const BACKTEST_ID = /^bt-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/;
/** The list shows the newest runs; older files stay on disk, untouched. */
export const MAX_LISTED_RUNS = 100;

const StoredRun = z.object({ run: BacktestRunSummary, report: BacktestReport.nullable() });
export type StoredRun = z.infer<typeof StoredRun>;

/** Finished runs under <data dir>/backtests: <id>.json (summary and report) and <id>.html. */
export class BacktestStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'backtests');
  }

  save(stored: StoredRun, html: string | null): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // The page first: a run listed as done always has its report.
    if (html !== null) writeFileAtomic(join(this.dir, `${stored.run.id}.html`), html);
    writeFileAtomic(join(this.dir, `${stored.run.id}.json`), JSON.stringify(stored));
  }

  get(id: string): StoredRun | null {
    if (!BACKTEST_ID.test(id)) return null;
    const path = join(this.dir, `${id}.json`);
    if (!existsSync(path)) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      return null; // torn or hand-edited: not a run
    }
    const parsed = StoredRun.safeParse(raw);
    return parsed.success ? parsed.data : null;
  }

  html(id: string): string | null {
    if (!BACKTEST_ID.test(id)) return null;
    const path = join(this.dir, `${id}.html`);
    return existsSync(path) ? readFileSync(path, 'utf8') : null;
  }

  /** Newest first. A file that is not a run (hand-edited, torn by a crash) is left out, and counted. */
  list(): { runs: BacktestRunSummary[]; unreadable: number } {
    if (!existsSync(this.dir)) return { runs: [], unreadable: 0 };
    // Ids start with the start time, so the names sort by age.
    const ids = readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .filter((id) => BACKTEST_ID.test(id))
      .sort()
      .reverse()
      .slice(0, MAX_LISTED_RUNS);
    const runs: BacktestRunSummary[] = [];
    let unreadable = 0;
    for (const id of ids) {
      const r = this.get(id);
      if (r) runs.push(r.run);
      else unreadable++;
    }
    return { runs, unreadable };
  }
}
