import type { ErrorEntry } from '@aurora/contracts';

/** The same source and code again within this window is one row, counted, not a new one. */
export const ERROR_FOLD_WINDOW_MS = 60_000;

export interface ErrorRows {
  find(pred: (e: ErrorEntry) => boolean): ErrorEntry | undefined;
  push(e: ErrorEntry): void;
}

/**
 * Record one error into `rows`: folded into a recent row of the same source and code (count +1,
 * newest message and time), else a new row. The one rule for the app's AppState and the engine's
 * memory host, so a backtest's errors read as the bot's do.
 */
export function foldError(
  rows: ErrorRows,
  e: { source: string; code: string; message: string; now: number },
  newId: () => string,
): { entry: ErrorEntry; added: boolean } {
  const recent = rows.find((r) => r.source === e.source && r.code === e.code && e.now - r.at < ERROR_FOLD_WINDOW_MS);
  if (recent) {
    recent.count += 1;
    recent.at = e.now;
    recent.message = e.message;
    return { entry: recent, added: false };
  }
  const entry: ErrorEntry = { id: newId(), at: e.now, source: e.source, code: e.code, message: e.message.slice(0, 1000), count: 1 };
  rows.push(entry);
  return { entry, added: true };
}
