import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optimizeCli, type CliIo } from '../cli/optimize-cli';
import { researchMath } from '../cli/research-math-wiring';
import { LearningTestSampler } from '../optimizer/test-sampler.fixture';
import { optimize, type OptimizeOptions } from '../optimizer/optimize';
import { WorkerPool } from '../pool/worker-pool';
import type { TrialRunner } from '../pool/trial-runner';
import { ResearchStore, type TrialRecord } from '../store/research-store';
import { QueueRunner } from './queue-runner';
import { startQueueWorker, type QueueWorker } from './queue-worker';
import { redisAvailability, startRedis, type RedisProcess } from './redis-server.fixture';
import { BadQueueUrl, parseRedisUrl, QueueUnreachable } from './redis-url';

const FIXTURE = fileURLToPath(new URL('../pool/fixtures/quadratic-evaluator.fixture.ts', import.meta.url));
const DAY = 86_400_000;

const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

describe('parseRedisUrl', () => {
  it('reads host, port, db and credentials, and refuses what is not redis://', () => {
    expect(parseRedisUrl('redis://10.0.0.5:6380/2')).toEqual({
      host: '10.0.0.5',
      port: 6380,
      db: 2,
      maxRetriesPerRequest: null,
    });
    expect(parseRedisUrl('redis://u:p%40ss@h')).toMatchObject({
      host: 'h',
      port: 6379,
      username: 'u',
      password: 'p@ss',
    });
    expect(() => parseRedisUrl('http://h:1')).toThrow(BadQueueUrl);
    expect(() => parseRedisUrl('redis://h/x')).toThrow(BadQueueUrl);
  });

  it('an unreachable Redis fails the optimizer and the worker at start-up instead of hanging', async () => {
    const url = 'redis://127.0.0.1:1';
    await expect(QueueRunner.connect({ url, size: 1 })).rejects.toBeInstanceOf(QueueUnreachable);
    await expect(startQueueWorker({ url, evaluator: FIXTURE })).rejects.toThrow(
      /Redis did not answer \(connect ECONNREFUSED/,
    );
  });
});

describe.skipIf(redisAvailability() === 'skip')('trials through BullMQ on a local redis-server', () => {
  let redis: RedisProcess;
  let socketsBefore: number;
  beforeAll(async () => {
    socketsBefore = sockets();
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const run = async (runId: string, runner: TrialRunner, store: ResearchStore): Promise<TrialRecord[]> => {
    const o: OptimizeOptions = {
      runId,
      strategy: 'fixture',
      symbols: ['BTCUSDT'],
      from: 0,
      to: 60 * DAY,
      data: 'synthetic:days=60,seed=3',
      seed: 11,
      space: { x: [-5, 5], y: [-5, 5] },
      sampler: new LearningTestSampler(11),
      samplerName: 'test',
      objectives: ['sharpe'],
      trials: 16,
      batch: 2,
      runner,
      store,
    };
    return (await optimize(o)).trials;
  };

  it('two queue workers give the same trials, metrics and trade hashes as the local pool, and shut down clean', async () => {
    const store = ResearchStore.open(':memory:');
    const pool = await WorkerPool.start({ evaluator: FIXTURE, size: 2 });
    const local = await run('local-run', pool, store);
    await pool.close();

    const jobs: string[] = [];
    const workers: QueueWorker[] = await Promise.all([
      startQueueWorker({ url: redis.url, evaluator: FIXTURE, onJob: (e) => jobs.push(`A ${e.jobId}`) }),
      startQueueWorker({ url: redis.url, evaluator: FIXTURE, onJob: (e) => jobs.push(`B ${e.jobId}`) }),
    ]);
    const queue = await QueueRunner.connect({ url: redis.url, size: 2 });
    const distributed = await run('queue-run', queue, store);

    const view = (ts: TrialRecord[]) => ts.map((t) => [t.n, t.params, t.status, t.metrics, t.tradeHash]);
    expect(distributed.every((t) => t.status === 'done')).toBe(true);
    expect(view(distributed)).toEqual(view(local));
    expect(jobs.some((j) => j.startsWith('A '))).toBe(true);
    expect(jobs.some((j) => j.startsWith('B '))).toBe(true);

    // The same trial asked again (a retry, a resume) is the same job: answered, not re-run.
    const again = await queue.run(
      {
        strategy: 'fixture',
        params: distributed[3]!.params,
        symbols: ['BTCUSDT'],
        from: 0,
        to: 60 * DAY,
        data: 'synthetic:days=60,seed=3',
        seed: 11,
      },
      'queue-run.t3',
    );
    expect(again).toMatchObject({ ok: true, metrics: distributed[3]!.metrics });
    expect(jobs.filter((j) => j.endsWith(' queue-run.t3'))).toHaveLength(1);
    expect(jobs).toHaveLength(16);

    await queue.close();
    await Promise.all(workers.map((w) => w.close()));
    store.close();
    expect(sockets()).toBe(socketsBefore);
  });

  it('npm run optimize -- --queue gives the same run as without it, for the same seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aurora-queue-cli-'));
    const io: CliIo = { print: () => {}, progress: { write: () => {} }, onInterrupt: () => () => {} };
    const worker = await startQueueWorker({ url: redis.url, evaluator: FIXTURE, concurrency: 2 });
    try {
      const args = [
        '--strategy',
        'ema-cross',
        '--symbols',
        'BTCUSDT',
        '--data',
        'synthetic:days=30,seed=4',
        '--trials',
        '12',
        '--seed',
        '21',
        '--parallel',
        '2',
        '--evaluator',
        FIXTURE,
        '--data-dir',
        dir,
      ];
      expect(await optimizeCli(args, researchMath, io)).toBe(0);
      expect(await optimizeCli([...args, '--queue', redis.url], researchMath, io)).toBe(0);
      const store = ResearchStore.inDataDir(dir);
      const runs = store.listRuns();
      expect(runs).toHaveLength(2);
      const [a, b] = runs.map((r) =>
        store.trials(r.id).map((t) => [t.n, t.params, t.status, t.metrics, t.tradeHash]),
      );
      expect(a).toHaveLength(12);
      expect(b).toEqual(a);
      store.close();
    } finally {
      await worker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a trial whose evaluator throws fails as a job and comes back as a failed trial', async () => {
    const worker = await startQueueWorker({ url: redis.url, evaluator: FIXTURE });
    const queue = await QueueRunner.connect({ url: redis.url, size: 1 });
    const outcome = await queue.run(
      {
        strategy: 'fixture',
        params: { x: 1, explode: true },
        symbols: [],
        from: 0,
        to: DAY,
        data: 'x',
        seed: 1,
      },
      'explode-run.t0',
    );
    expect(outcome).toMatchObject({ ok: false, error: 'Error: explode at x=1' });
    await queue.close();
    await worker.close();
  });
});
