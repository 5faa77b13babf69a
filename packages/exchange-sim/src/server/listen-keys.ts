import { randomBytes } from 'node:crypto';
import { ApiErrors } from '../errors';

const LIFETIME_MS = 60 * 60_000;
const MAX_KEYS = 10_000;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[bytes[i]! % 62];
  return out;
}

/**
 * listenKeys for the deprecated (still served) user data stream on the market-stream host:
 * one key per account, valid 60 minutes after creation or the last keepalive.
 */
export class ListenKeyRegistry {
  private readonly keys = new Map<string, { uid: number; expiresAt: number }>();
  private readonly closedHandlers = new Set<(key: string, reason: 'closed' | 'expired') => void>();

  constructor(private readonly now: () => number) {}

  create(uid: number): string {
    for (const [key, k] of this.keys) {
      if (k.uid === uid && k.expiresAt > this.now()) {
        k.expiresAt = this.now() + LIFETIME_MS;
        return key;
      }
    }
    if (this.keys.size >= MAX_KEYS) this.sweep();
    const key = randomBase62(60);
    this.keys.set(key, { uid, expiresAt: this.now() + LIFETIME_MS });
    return key;
  }

  keepAlive(key: string | undefined, uid: number): void {
    const k = this.owned(key, uid);
    k.expiresAt = this.now() + LIFETIME_MS;
  }

  close(key: string | undefined, uid: number): void {
    this.owned(key, uid);
    this.keys.delete(key!);
    for (const h of this.closedHandlers) h(key!, 'closed');
  }

  /** The account of a live key, or undefined. */
  lookup(key: string): number | undefined {
    const k = this.keys.get(key);
    if (!k) return undefined;
    if (k.expiresAt <= this.now()) return undefined;
    return k.uid;
  }

  onClosed(handler: (key: string, reason: 'closed' | 'expired') => void): void {
    this.closedHandlers.add(handler);
  }

  /** Ends every key at once (listenKeys retired): their sockets get eventStreamTerminated. */
  closeAll(): void {
    for (const key of [...this.keys.keys()]) {
      this.keys.delete(key);
      for (const h of this.closedHandlers) h(key, 'closed');
    }
  }

  /** Drops expired keys and tells their sockets (called from the server's housekeeping timer). */
  sweep(): void {
    const now = this.now();
    for (const [key, k] of this.keys) {
      if (k.expiresAt > now) continue;
      this.keys.delete(key);
      for (const h of this.closedHandlers) h(key, 'expired');
    }
  }

  private owned(key: string | undefined, uid: number): { uid: number; expiresAt: number } {
    if (key === undefined || key === '') throw ApiErrors.mandatory('listenKey');
    const k = this.keys.get(key);
    if (!k || k.uid !== uid || k.expiresAt <= this.now()) throw ApiErrors.invalidListenKey();
    return k;
  }
}
