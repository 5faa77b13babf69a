import { describe, expect, it } from 'vitest';
import { ExitRetryBook } from './exit-retry';

describe('ExitRetryBook', () => {
  it('spaces attempts after refusals with a doubling delay, up to the cap', () => {
    const book = new ExitRetryBook({ baseDelayMs: 1_000, maxDelayMs: 4_000, circuitAfter: 10 });
    expect(book.mayAttempt('p', 0)).toBe(true);
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 4; i++) {
      const v = book.onFailure('p', now, 'refused');
      waits.push(v.state.nextAttemptAt - now);
      expect(book.mayAttempt('p', v.state.nextAttemptAt - 1)).toBe(false);
      now = v.state.nextAttemptAt;
      expect(book.mayAttempt('p', now)).toBe(true);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 4_000]);
  });

  it('opens the circuit after N refusals, reports it once, and a success closes it', () => {
    const book = new ExitRetryBook({ baseDelayMs: 10, maxDelayMs: 10, circuitAfter: 3 });
    const verdicts = [0, 100, 200, 300].map((t) => book.onFailure('p', t, `no ${t}`));
    expect(verdicts.map((v) => [v.first, v.circuitOpened])).toEqual([
      [true, false],
      [false, false],
      [false, true],
      [false, false],
    ]);
    expect(book.isCircuitOpen('p')).toBe(true);
    expect(book.mayAttempt('p', 10_000)).toBe(false);
    book.onSuccess('p');
    expect([book.isCircuitOpen('p'), book.mayAttempt('p', 10_000), book.size()]).toEqual([false, true, 0]);
  });

  it('keeps positions apart: one refused exit does not delay another position', () => {
    const book = new ExitRetryBook();
    book.onFailure('a', 0, 'refused');
    expect([book.mayAttempt('a', 1), book.mayAttempt('b', 1)]).toEqual([false, true]);
  });
});
