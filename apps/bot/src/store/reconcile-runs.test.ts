import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReconcileResult } from '@aurora/contracts';
import { openDatabase } from './database';
import { createTradingRepo } from './trading-repo';

describe('reconcile runs in the store', () => {
  // A reconcile asked for while a pass runs joins that pass (Reconciler.run): both callers hold
  // the same result, with one id, and each records it. The second record is the same run, not a
  // store failure (found by the chaos scenario venue-restart-reset, seed 2: RECONCILE_PERSIST_FAILED).
  it('records a joined pass once, without an error for its second caller', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aurora-reconcile-runs-'));
    const db = openDatabase(dir);
    try {
      const repo = createTradingRepo(db);
      const run: ReconcileResult = {
        id: 'run-1',
        trigger: 'INTERVAL',
        ok: true,
        started_at: 1_000,
        finished_at: 1_050,
        duration_ms: 50,
        drift: [],
        error: null,
      };
      repo.insertReconcile(run);
      expect(() => repo.insertReconcile(run)).not.toThrow();
      expect(repo.lastReconcile()).toEqual(run);
      expect(db.prepare('SELECT COUNT(*) AS n FROM reconcile_runs').get()).toEqual({ n: 1 });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
