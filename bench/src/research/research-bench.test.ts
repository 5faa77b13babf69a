import { describe, expect, it } from 'vitest';
import { evaluate } from './cpu-evaluator';
import { benchParams, ListSampler, timeRun } from './research-bench';

describe('research bench workload', () => {
  it('asks the planned parameters in order and every trial of a timed run succeeds on the pool', async () => {
    const params = benchParams(4, 10);
    const s = new ListSampler(params);
    expect([s.ask(), s.ask(), s.ask(), s.ask()]).toEqual(params);
    expect(await timeRun(2, 4, 1_000)).toBeGreaterThan(0);
  });

  it('the evaluator is a deterministic function of its parameters', async () => {
    const spec = {
      strategy: 'b',
      params: { x: 2, work: 5_000 },
      symbols: [],
      from: 0,
      to: 1,
      data: 'b',
      seed: 1,
    };
    expect(await evaluate(spec)).toEqual(await evaluate(spec));
    expect((await evaluate(spec)).tradeHash).not.toBe(
      (await evaluate({ ...spec, params: { x: 3, work: 5_000 } })).tradeHash,
    );
  });
});
