import { randomBytes } from 'node:crypto';

/** How long a /kill waits for its confirmation. */
export const KILL_CONFIRM_TTL_MS = 60_000;
const MAX_PENDING = 100;

/**
 * KILL from a phone takes two steps: /kill arms a confirmation for that chat, and only a tap on
 * its button (or "/kill confirm") within 60 s kills. A stale or foreign button does nothing.
 */
export class KillConfirmations {
  private pending = new Map<string, { nonce: string; until: number }>();

  constructor(private readonly clock: { now(): number }) {}

  arm(chatId: string): string {
    const nonce = randomBytes(6).toString('hex');
    this.pending.delete(chatId);
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    this.pending.set(chatId, { nonce, until: this.clock.now() + KILL_CONFIRM_TTL_MS });
    return nonce;
  }

  /** True once for an armed, unexpired confirmation of this chat (nonce omitted: "/kill confirm"). */
  take(chatId: string, nonce?: string): boolean {
    const p = this.pending.get(chatId);
    if (!p) return false;
    if (nonce !== undefined && nonce !== p.nonce) return false;
    this.pending.delete(chatId);
    return this.clock.now() <= p.until;
  }

  cancel(chatId: string): boolean {
    return this.pending.delete(chatId);
  }
}
