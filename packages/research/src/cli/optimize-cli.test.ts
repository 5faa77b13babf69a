import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LearningTestSampler } from '../optimizer/test-sampler.fixture';
import { ResearchStore } from '../store/research-store';
import { optimizeCli, type CliIo, type ResearchMath } from './optimize-cli';
import { researchCli } from './research';

const FIXTURE = fileURLToPath(new URL('../pool/fixtures/quadratic-evaluator.fixture.ts', import.meta.url));
const DAY = 86_400_000;

/** Stand-ins for research-math's space, samplers and planner: the CLI's own wiring is under test. */
const math: ResearchMath = {
  searchSpace: (strategy) => ({ strategy, x: [-5, 5], y: [-5, 5] }),
  sampler: (_kind, _space, seed) => new LearningTestSampler(seed),
  planWalkForward: (from, to) => [
    { index: 0, inFrom: from, inTo: from + 20 * DAY, outFrom: from + 20 * DAY, outTo: from + 25 * DAY },
    { index: 1, inFrom: from + 5 * DAY, inTo: from + 25 * DAY, outFrom: from + 25 * DAY, outTo: to },
  ],
};

describe('npm run optimize / npm run research', () => {
  let dir: string;
  let out: string[];
  const io = (): CliIo => ({
    print: (s) => out.push(s),
    progress: { isTTY: false, write: (s) => out.push(s) },
    onInterrupt: () => () => {},
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aurora-optimize-cli-'));
    out = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const base = [
    '--strategy',
    'fixture',
    '--symbols',
    'BTCUSDT',
    '--data',
    'synthetic:days=30,seed=2',
    '--data-dir',
    '',
    '--evaluator',
    FIXTURE,
    '--parallel',
    '2',
  ];
  const args = (...extra: string[]) => base.map((a) => (a === '' ? dir : a)).concat(extra);

  it('runs, stores, prints the best trials; a resume of the finished run evaluates nothing; list and show read it back', async () => {
    expect(await optimizeCli(args('--trials', '6', '--seed', '3'), math, io())).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(
      /run fixture-\d{8}-\d{6}-[0-9a-f]{4}: fixture tpe, 6 trials on 2 worker thread\(s\)/,
    );
    expect(text).toContain('6/6  best sharpe');
    expect(text).toContain('Best 6 by sharpe:');
    const store = ResearchStore.inDataDir(dir);
    const [run] = store.listRuns();
    expect(run).toMatchObject({
      status: 'done',
      done: 6,
      seed: 3,
      batch: 2,
      from: Date.UTC(2024, 0, 1),
      to: Date.UTC(2024, 0, 31),
    });
    const before = store.trials(run!.id);
    store.close();

    out = [];
    expect(
      await optimizeCli(
        ['--resume', run!.id, '--data-dir', dir, '--evaluator', FIXTURE, '--parallel', '1'],
        math,
        io(),
      ),
    ).toBe(0);
    expect(out.join('\n')).toContain('6/6, 6 from the store');
    const after = ResearchStore.inDataDir(dir);
    expect(after.trials(run!.id)).toEqual(before);
    after.close();

    out = [];
    expect(researchCli(['list', '--data-dir', dir], (s) => out.push(s))).toBe(0);
    expect(out.join('\n')).toContain(`${run!.id}  optimize`);
    out = [];
    expect(researchCli(['show', run!.id, '--top', '3', '--data-dir', dir], (s) => out.push(s))).toBe(0);
    expect(out.join('\n')).toContain('Best 3 by sharpe:');
    expect(() => researchCli(['show', 'nope', '--data-dir', dir], () => {})).toThrow(
      /no research run with id nope/,
    );

    expect(await optimizeCli(args('--trials', '4', '--seed', '4', '--objective', 'calmar'), math, io())).toBe(
      0,
    );
    const ids = (() => {
      const s = ResearchStore.inDataDir(dir);
      const list = s.listRuns().map((r) => r.id);
      s.close();
      return list;
    })();
    out = [];
    expect(researchCli(['compare', ...ids, '--data-dir', dir], (s) => out.push(s))).toBe(0);
    const compared = out.join('\n');
    for (const id of ids) expect(compared).toContain(`${id} (fixture, tpe,`);
    expect(compared).toContain('calmar, done');
  });

  it('walk-forward: one in-sample run per window and the in/out table', async () => {
    expect(await optimizeCli(args('--trials', '4', '--walk-forward', 'in=20d,out=5d'), math, io())).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('4 trials per window, 2 walk-forward windows');
    expect(text).toMatch(/window\s+in sample\s+out of sample\s+in sharpe\s+out sharpe\s+out\/in/);
    expect(text).toContain('walk-forward efficiency');
    const store = ResearchStore.inDataDir(dir);
    const [wf] = store.listRuns();
    expect(wf).toMatchObject({ kind: 'walk-forward', status: 'done' });
    expect(store.windows(wf!.id).map((w) => w.outStatus)).toEqual(['done', 'done']);
    expect(store.listRuns(wf!.id)).toHaveLength(2);
    store.close();
    out = [];
    expect(researchCli(['show', wf!.id, '--data-dir', dir], (s) => out.push(s))).toBe(0);
    expect(out.join('\n')).toContain('out of sample');
  });

  it('Ctrl-C stops the run resumably; --resume finishes it', async () => {
    let interrupt: (() => void) | null = null;
    const cut: CliIo = {
      print: (s) => out.push(s),
      progress: {
        isTTY: false,
        write: (s) => {
          out.push(s);
          interrupt?.();
          interrupt = null;
        },
      },
      onInterrupt: (h) => {
        interrupt = h;
        return () => {};
      },
    };
    expect(await optimizeCli(args('--trials', '40'), math, cut)).toBe(1);
    const text = out.join('\n');
    const id = /continue with: npm run optimize -- --resume (\S+)/.exec(text)?.[1];
    expect(id).toBeDefined();
    expect(text).toContain('stopping: no new trials');
    const store = ResearchStore.inDataDir(dir);
    expect(store.requireRun(id!).status).toBe('interrupted');
    const finished = store.trials(id!).filter((t) => t.status === 'done').length;
    expect(finished).toBeLessThan(40);
    store.close();
    out = [];
    expect(await optimizeCli(['--resume', id!, '--data-dir', dir, '--evaluator', FIXTURE], math, io())).toBe(
      0,
    );
    expect(out.join('\n')).toContain(`40/40, ${finished} from the store`);
  });

  it('bad usage exits 2 with the message and the usage', async () => {
    expect(await optimizeCli(['--strategy', 'x'], math, io())).toBe(2);
    expect(out.join('\n')).toContain('--symbols is required');
    out = [];
    expect(await optimizeCli(args('--evaluator', '/nope.ts'), math, io())).toBe(2);
    expect(out.join('\n')).toContain('--evaluator /nope.ts: no such file');
  });
});
