import { describe, expect, it } from 'vitest';
import { KILL_CONFIRM_TTL_MS, KillConfirmations } from './kill-confirmation';

describe('kill confirmation', () => {
  it('confirms once within 60 s, with the right nonce, for the chat that asked', () => {
    let now = 1_000;
    const k = new KillConfirmations({ now: () => now });
    const nonce = k.arm('42');
    expect(k.take('43', nonce)).toBe(false);
    expect(k.take('42', 'ffffffffffff')).toBe(false);
    now += KILL_CONFIRM_TTL_MS;
    expect(k.take('42', nonce)).toBe(true);
    expect(k.take('42', nonce)).toBe(false);
  });

  it('refuses a confirmation that comes after 60 s', () => {
    let now = 1_000;
    const k = new KillConfirmations({ now: () => now });
    k.arm('42');
    now += KILL_CONFIRM_TTL_MS + 1;
    expect(k.take('42')).toBe(false);
  });

  it('a second /kill replaces the first button', () => {
    const k = new KillConfirmations({ now: () => 0 });
    const first = k.arm('42');
    k.arm('42');
    expect(k.take('42', first)).toBe(false);
  });
});
