import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrialSpec } from '../trial';
import { EvaluatorLoadError } from './evaluator-module';
import { evaluate } from './fixtures/quadratic-evaluator.fixture';
import { WorkerPool } from './worker-pool';

const FIXTURE = fileURLToPath(new URL('./fixtures/quadratic-evaluator.fixture.ts', import.meta.url));
const BROKEN = fileURLToPath(new URL('./fixtures/broken-evaluator.fixture.ts', import.meta.url));

const spec = (params: TrialSpec['params']): TrialSpec => ({
  strategy: 'fixture',
  params,
  symbols: ['BTCUSDT'],
  from: 0,
  to: 30 * 86_400_000,
  data: 'synthetic:days=30,seed=1',
  seed: 1,
});

describe('WorkerPool', () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('evaluates trials on two workers with the TypeScript evaluator, equal to calling it in-process', async () => {
    pool = await WorkerPool.start({ evaluator: FIXTURE, size: 2 });
    const specs = Array.from({ length: 8 }, (_, i) => spec({ x: i - 2, y: i % 3 }));
    const outcomes = await Promise.all(specs.map((s, i) => pool!.run(s, `t${i}`)));
    const expected = await Promise.all(specs.map((s) => evaluate(s)));
    expect(outcomes.map((o) => (o.ok ? o.metrics : o.error))).toEqual(expected);
    expect(new Set(outcomes.map((o) => o.worker)).size).toBe(2);
  });

  it('a worker that dies fails only its own trial; the next trials run on a fresh worker', async () => {
    pool = await WorkerPool.start({ evaluator: FIXTURE, size: 2 });
    const outcomes = await Promise.all([
      pool.run(spec({ x: 1, y: 0 }), 'a'),
      pool.run(spec({ x: 2, crash: true }), 'b'),
      pool.run(spec({ x: 3, explode: true }), 'c'),
      pool.run(spec({ x: 4, y: 1 }), 'd'),
      pool.run(spec({ x: 5, crash: true }), 'e'),
      pool.run(spec({ x: 6, y: 2 }), 'f'),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, true, false, true]);
    expect(outcomes[1]).toMatchObject({ ok: false, error: 'worker crashed (exit code 3)' });
    expect(outcomes[2]).toMatchObject({ ok: false, error: 'Error: explode at x=3' });
    expect(outcomes[5]).toMatchObject({ ok: true, metrics: await evaluate(spec({ x: 6, y: 2 })) });
  });

  it('a trial over its time limit fails and its worker is replaced', async () => {
    pool = await WorkerPool.start({ evaluator: FIXTURE, size: 1, trialTimeoutMs: 300 });
    const slow = await pool.run(spec({ x: 1, work: 5_000_000_000 }), 'slow');
    expect(slow).toMatchObject({
      ok: false,
      error: 'worker crashed (Error: trial still running after 300 ms)',
    });
    expect(await pool.run(spec({ x: 2, y: 1 }), 'next')).toMatchObject({
      ok: true,
      metrics: await evaluate(spec({ x: 2, y: 1 })),
    });
  });

  it('refuses an evaluator module without evaluate() with a typed error', async () => {
    await expect(WorkerPool.start({ evaluator: BROKEN, size: 1 })).rejects.toBeInstanceOf(EvaluatorLoadError);
    await expect(WorkerPool.start({ evaluator: '/nonexistent/evaluator.ts', size: 1 })).rejects.toThrow(
      /evaluator \/nonexistent\/evaluator.ts/,
    );
  });
});
