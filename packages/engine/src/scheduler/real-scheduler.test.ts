import { describe, expect, it } from 'vitest';
import { RealScheduler } from './real-scheduler';

describe('RealScheduler', () => {
  it('runs after, defer and sleep, and a cancelled timer never', async () => {
    const s = new RealScheduler();
    const log: string[] = [];
    s.after(5, () => log.push('after'));
    const cancel = s.after(5, () => log.push('cancelled'));
    cancel();
    s.defer(() => log.push('defer'));
    await s.sleep(30);
    expect(log).toEqual(['defer', 'after']);
  });

  it('repeats every until cancelled', async () => {
    const s = new RealScheduler();
    let n = 0;
    const cancel = s.every(5, () => (n += 1));
    await s.sleep(40);
    cancel();
    const seen = n;
    await s.sleep(20);
    expect(seen).toBeGreaterThanOrEqual(2);
    expect(n).toBe(seen);
  });
});
