import type { SimExchange } from '../engine/exchange';
import type { UserEventEnvelope } from '../engine/events';

export type UserEventSink = (event: UserEventEnvelope['event']) => void;

/** Fans the engine's user-data events out to every subscription of the account. */
export class UserHub {
  private readonly sinks = new Map<number, Set<UserEventSink>>();
  private readonly detach: () => void;

  constructor(exchange: SimExchange) {
    this.detach = exchange.onUserEvent((e) => {
      const set = this.sinks.get(e.uid);
      if (set) for (const sink of set) sink(e.event);
    });
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

  close(): void {
    this.detach();
    this.sinks.clear();
  }
}
