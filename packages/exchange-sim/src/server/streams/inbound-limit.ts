/**
 * Binance's inbound limit on a market-stream connection: at most 5 messages per second, where
 * ping frames, pong frames and JSON control messages all count. A connection that goes past it
 * is disconnected (close 1008 "Too many requests", as Binance's own connector reports).
 */
export const INBOUND_MESSAGES_PER_SECOND = 5;
export const TOO_MANY_REQUESTS = { code: 1008, reason: 'Too many requests' } as const;

export class InboundMessageLimit {
  /** Arrival times of the most recent messages, oldest first, at most `limit` of them. */
  private readonly recent: number[] = [];

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly limit = INBOUND_MESSAGES_PER_SECOND,
    private readonly windowMs = 1000,
  ) {}

  /** Records one inbound message; false when it is one too many for the last second. */
  admit(): boolean {
    const t = this.now();
    if (this.recent.length === this.limit) {
      if (t - this.recent[0]! < this.windowMs) return false;
      this.recent.shift();
    }
    this.recent.push(t);
    return true;
  }
}
