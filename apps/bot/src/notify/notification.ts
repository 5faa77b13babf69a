import type { ErrorEntry, NoGoReason, NotifyEventKind, WsEventMessage } from '@aurora/contracts';

/** One thing worth telling the operator, in the same shape for every channel. */
export interface Notification {
  kind: NotifyEventKind;
  title: string;
  text: string;
  at: number;
  /** Machine-readable figures (decimal strings, ids) for the generic JSON webhook. */
  data: Record<string, string>;
}

type RuntimeEvent = WsEventMessage['event'];

/**
 * Runtime events the operator is told about. Fills (TRADE_EXECUTED) and risk blocks are left
 * out on purpose: one entry may be many fills, and blocks happen every candle; the position
 * opened/closed events carry the news. Breaker trips come from the no-go reason (below), which
 * also covers KILL and a breaker restored open at start-up; errors come from AppState's error
 * rows (below), which every error passes through, so the ERROR event is not told twice.
 */
const EVENT_KINDS: Partial<Record<RuntimeEvent['kind'], { kind: NotifyEventKind; title: string }>> = {
  POSITION_OPENED: { kind: 'ENTRY', title: 'Entry' },
  POSITION_CLOSED: { kind: 'EXIT', title: 'Exit' },
  RECONCILE_DRIFT: { kind: 'DRIFT', title: 'Reconciliation drift' },
  ANOMALY: { kind: 'ANOMALY', title: 'Anomaly (statistics)' },
};

export function notificationFromEvent(e: RuntimeEvent): Notification | null {
  const m = EVENT_KINDS[e.kind];
  if (!m) return null;
  return { kind: m.kind, title: m.title, text: e.message, at: e.at, data: { event: e.kind, ...(e.data ?? {}) } };
}

/**
 * No-go reasons the operator is told about, raised and cleared. Keyed by string, not by the
 * contracts' enum, so a reason added elsewhere (the books audit's AUDIT) maps without a cast.
 */
const NO_GO_KINDS: Record<string, { kind: NotifyEventKind; raised: string; cleared: string }> = {
  CIRCUIT_BREAKER: { kind: 'BREAKER', raised: 'Circuit breaker tripped: entries blocked, exits still run', cleared: 'Circuit breaker closed: entries allowed again' },
  DEAD_MAN_SWITCH: { kind: 'DEAD_MAN', raised: 'Dead-man switch fired: entries blocked', cleared: 'Dead-man switch cleared' },
  VENUE_DOWN: { kind: 'VENUE', raised: 'Venue unreachable', cleared: 'Venue reachable again' },
  AUDIT: { kind: 'AUDIT', raised: 'Books audit violation: entries blocked', cleared: 'Books audit clean again' },
  KILLED: { kind: 'CONTROL', raised: 'Trading KILLED', cleared: 'Kill lifted' },
  PAUSED: { kind: 'CONTROL', raised: 'Trading paused', cleared: 'Trading resumed' },
};

export function notificationFromNoGo(code: string, reason: NoGoReason | null, at: number): Notification | null {
  const m = NO_GO_KINDS[code];
  if (!m) return null;
  return {
    kind: m.kind,
    title: reason ? m.raised : m.cleared,
    text: reason?.message ?? '',
    at,
    data: { no_go: code, state: reason ? 'raised' : 'cleared' },
  };
}

/** Error sources that mean the venue is in trouble (connect, account, streams, market data). */
const VENUE_SOURCES = new Set(['venue', 'user-stream', 'market']);

/**
 * A new error row. Repeats within AppState's fold window (60 s) are folded there and not told
 * again, so a flapping stream sends at most one message a minute per source and code.
 */
export function notificationFromError(e: ErrorEntry): Notification {
  const venue = VENUE_SOURCES.has(e.source);
  return {
    kind: venue ? 'VENUE' : 'ERROR',
    title: venue ? `Venue trouble: ${e.source} ${e.code}` : `Error: ${e.source} ${e.code}`,
    text: e.message,
    at: e.at,
    data: { source: e.source, code: e.code },
  };
}
