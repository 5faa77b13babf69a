import type { ControlAction, ErrorEntry } from '@aurora/contracts';
import type { AppStatePersistence } from '../state/app-state';
import type { Db } from './database';

const HWM_KEY = 'state_version_hwm';

export function createAppStateRepo(db: Db): AppStatePersistence & {
  pageControlActions(limit: number, offset: number): { items: ControlAction[]; total: number };
  pageErrors(limit: number, offset: number): { items: ErrorEntry[]; total: number };
} {
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const setMeta = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const insertAction = db.prepare(
    'INSERT INTO control_actions(id, at, action, source, before, after, detail) VALUES (@id, @at, @action, @source, @before, @after, @detail)',
  );
  const listActions = db.prepare<[number, number], ControlAction>(
    'SELECT id, at, action, source, before, after, detail FROM control_actions ORDER BY at DESC, rowid DESC LIMIT ? OFFSET ?',
  );
  const countActions = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM control_actions');
  const upsertErr = db.prepare(
    `INSERT INTO errors(id, at, source, code, message, count) VALUES (@id, @at, @source, @code, @message, @count)
     ON CONFLICT(id) DO UPDATE SET at = excluded.at, message = excluded.message, count = excluded.count`,
  );
  const listErrors = db.prepare<[number, number], ErrorEntry>(
    'SELECT id, at, source, code, message, count FROM errors ORDER BY at DESC, rowid DESC LIMIT ? OFFSET ?',
  );
  const countErrors = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM errors');

  return {
    loadHighWaterMark: () => Number(getMeta.get(HWM_KEY)?.value ?? 0),
    saveHighWaterMark: (mark) => void setMeta.run(HWM_KEY, String(mark)),
    insertControlAction: (a) => void insertAction.run(a),
    recentControlActions: (limit) => listActions.all(limit, 0),
    upsertError: (e) => void upsertErr.run(e),
    recentErrors: (limit) => listErrors.all(limit, 0),
    pageControlActions: (limit, offset) => ({ items: listActions.all(limit, offset), total: countActions.get()?.n ?? 0 }),
    pageErrors: (limit, offset) => ({ items: listErrors.all(limit, offset), total: countErrors.get()?.n ?? 0 }),
  };
}
