/**
 * The research store's schema. PRAGMA user_version holds the version: a file above
 * SCHEMA_VERSION is refused (ResearchStoreTooNew), one below is migrated step by step.
 */
export const SCHEMA_VERSION = 1;

export const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE TABLE runs (
      id            TEXT PRIMARY KEY,
      parent_id     TEXT REFERENCES runs(id),
      kind          TEXT NOT NULL,          -- 'optimize' | 'walk-forward' | 'in-sample'
      created_at    INTEGER NOT NULL,
      strategy      TEXT NOT NULL,
      symbols       TEXT NOT NULL,          -- JSON string[]
      window_from   INTEGER NOT NULL,
      window_to     INTEGER NOT NULL,
      data          TEXT NOT NULL,
      objectives    TEXT NOT NULL,          -- JSON string[]
      sampler       TEXT NOT NULL,
      seed          INTEGER NOT NULL,
      space         TEXT NOT NULL,          -- JSON
      trials        INTEGER NOT NULL,       -- planned
      batch         INTEGER NOT NULL,       -- trials asked before the oldest is told
      status        TEXT NOT NULL,          -- 'running' | 'done' | 'interrupted' | 'failed'
      walk_forward  TEXT,                   -- JSON plan, walk-forward runs only
      summary       TEXT                    -- JSON, written when the run ends
    );
    CREATE INDEX runs_parent ON runs(parent_id);
    CREATE TABLE trials (
      run_id       TEXT NOT NULL REFERENCES runs(id),
      n            INTEGER NOT NULL,
      params       TEXT NOT NULL,           -- JSON ParamSet
      metrics      TEXT,                    -- JSON TrialMetrics, done trials only
      trade_hash   TEXT,
      status       TEXT NOT NULL,           -- 'running' | 'done' | 'failed'
      error        TEXT,
      started_at   INTEGER NOT NULL,
      finished_at  INTEGER,
      worker       TEXT,
      PRIMARY KEY (run_id, n)
    );
    CREATE TABLE walk_forward_windows (
      run_id        TEXT NOT NULL REFERENCES runs(id),
      idx           INTEGER NOT NULL,
      in_from       INTEGER NOT NULL,
      in_to         INTEGER NOT NULL,
      out_from      INTEGER NOT NULL,
      out_to        INTEGER NOT NULL,
      in_run_id     TEXT NOT NULL,          -- the in-sample child run (created after this row)
      best_params   TEXT,                   -- JSON ParamSet
      in_metrics    TEXT,                   -- JSON TrialMetrics of the best in-sample trial
      out_metrics   TEXT,                   -- JSON TrialMetrics out of sample
      out_status    TEXT NOT NULL,          -- 'pending' | 'done' | 'failed'
      out_error     TEXT,
      PRIMARY KEY (run_id, idx)
    );
  `,
};
