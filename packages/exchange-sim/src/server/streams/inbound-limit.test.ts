import { describe, expect, it } from 'vitest';
import { InboundMessageLimit } from './inbound-limit';

describe('inbound message limit', () => {
  it('admits 5 messages in a second and refuses the sixth', () => {
    let t = 1000;
    const limit = new InboundMessageLimit(() => t);
    for (let i = 0; i < 5; i++) {
      expect(limit.admit()).toBe(true);
      t += 100;
    }
    expect(limit.admit()).toBe(false);
  });

  it('admits again once the oldest of the last five is a second old', () => {
    let t = 0;
    const limit = new InboundMessageLimit(() => t);
    for (let i = 0; i < 5; i++) limit.admit();
    t = 999;
    expect(limit.admit()).toBe(false);
    t = 1000;
    expect(limit.admit()).toBe(true);
  });
});
