import type { VenueBehaviour } from '../behaviour';
import type { SimExchange } from '../engine/exchange';
import type { UserEventEnvelope } from '../engine/events';

export type UserEventSink = (event: UserEventEnvelope['event']) => void;
type UserEvent = UserEventEnvelope['event'];

interface Queued {
  at: number;
  event: UserEvent;
}

/** A runaway producer cannot grow a delayed queue without bound: past this it flushes at once. */
const MAX_QUEUED_PER_ACCOUNT = 10_000;

/**
 * Fans the engine's user-data events out to every subscription of the account.
 *
 * Polite (default): synchronously, so every event is on the wire before the operation's answer.
 * With races enabled (VenueBehaviour) the events of one operation are held and delivered after
 * a seeded delay — the engine stays synchronous and deterministic for in-process users; only
 * this delivery layer lags, as Binance's stream does behind its REST and WS API answers. Per
 * account the order of events is kept (each batch is due no earlier than the one before),
 * unless reordering is enabled, and then only within one operation's events.
 */
export class UserHub {
  private readonly sinks = new Map<number, Set<UserEventSink>>();
  private readonly queues = new Map<number, Queued[]>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /** Events of the current synchronous operation, per account, scheduled in a microtask. */
  private batch: UserEventEnvelope[] = [];
  private readonly detach: () => void;
  private closed = false;

  constructor(
    exchange: SimExchange,
    private readonly behaviour: VenueBehaviour,
    /** While true the stream is stalled: events are lost, the sockets stay open (a fault). */
    private readonly stalled: () => boolean = () => false,
  ) {
    this.detach = exchange.onUserEvent((e) => this.accept(e));
  }

  subscribe(uid: number, sink: UserEventSink): () => void {
    let set = this.sinks.get(uid);
    if (!set) {
      set = new Set();
      this.sinks.set(uid, set);
    }
    set.add(sink);
    return () => {
      set.delete(sink);
      if (set.size === 0) this.sinks.delete(uid);
    };
  }

  /** Events handed to subscribers so far (one per event, however many subscriptions heard it). */
  delivered = 0;

  /** Events accepted but not yet handed to any subscriber (held by the race delays). */
  pending(): number {
    let n = this.batch.length;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  close(): void {
    this.closed = true;
    this.detach();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.queues.clear();
    this.batch = [];
    this.sinks.clear();
  }

  private accept(e: UserEventEnvelope): void {
    const delayed = this.behaviour.racesUserData;
    // Events still waiting from an earlier, delayed operation keep their place in line.
    if (!delayed && !this.queues.has(e.uid) && this.batch.length === 0) return this.fanOut(e.uid, e.event);
    if (this.batch.length === 0) queueMicrotask(() => this.scheduleBatch());
    this.batch.push(e);
  }

  /** One operation's events: reorder and duplicate as drawn, then queue them behind a delay. */
  private scheduleBatch(): void {
    const batch = this.batch;
    this.batch = [];
    if (this.closed) return;
    const byUid = new Map<number, UserEvent[]>();
    for (const e of batch) {
      const list = byUid.get(e.uid) ?? [];
      list.push(e.event);
      byUid.set(e.uid, list);
    }
    const now = Date.now();
    for (const [uid, events] of byUid) {
      if (this.behaviour.drawReorder()) moveNewAfterItsTrade(events);
      const withCopies: UserEvent[] = [];
      for (const ev of events) {
        withCopies.push(ev);
        if (this.behaviour.drawDuplicate()) withCopies.push(ev);
      }
      const queue = this.queues.get(uid) ?? [];
      const last = queue.length > 0 ? queue[queue.length - 1]!.at : 0;
      const at = Math.max(now + this.behaviour.drawUserDataDelay(), last);
      for (const event of withCopies) queue.push({ at, event });
      this.queues.set(uid, queue);
      if (queue.length > MAX_QUEUED_PER_ACCOUNT) this.drain(uid, Number.POSITIVE_INFINITY);
      else this.arm(uid);
    }
  }

  private arm(uid: number): void {
    const queue = this.queues.get(uid);
    if (!queue || queue.length === 0 || this.timers.has(uid)) return;
    const wait = Math.max(0, queue[0]!.at - Date.now());
    this.timers.set(
      uid,
      setTimeout(() => {
        this.timers.delete(uid);
        this.drain(uid, Date.now());
      }, wait),
    );
  }

  /** Delivers every queued event of `uid` due by `until`, in order, and re-arms for the rest. */
  private drain(uid: number, until: number): void {
    const queue = this.queues.get(uid);
    if (!queue) return;
    let n = 0;
    while (n < queue.length && queue[n]!.at <= until) n++;
    const due = queue.splice(0, n);
    if (queue.length === 0) this.queues.delete(uid);
    for (const q of due) this.fanOut(uid, q.event);
    if (until === Number.POSITIVE_INFINITY) {
      const t = this.timers.get(uid);
      if (t) clearTimeout(t);
      this.timers.delete(uid);
    }
    this.arm(uid);
  }

  private fanOut(uid: number, event: UserEvent): void {
    if (this.stalled()) return;
    const set = this.sinks.get(uid);
    if (!set || set.size === 0) return;
    this.delivered++;
    for (const sink of set) sink(event);
  }
}

/** The reorder Binance shows now and then: an order's NEW arrives after its first TRADE. */
function moveNewAfterItsTrade(events: UserEvent[]): void {
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.e !== 'executionReport' || e.x !== 'NEW') continue;
    const j = events.findIndex(
      (t, k) => k > i && t.e === 'executionReport' && t.x === 'TRADE' && t.s === e.s && t.i === e.i,
    );
    if (j < 0) continue;
    events.splice(i, 1);
    events.splice(j, 0, e);
    return;
  }
}
