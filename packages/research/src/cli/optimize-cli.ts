import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { ResearchInputError } from '../errors';
import { parseObjectives, type ObjectiveName } from '../optimizer/objectives';
import { optimize } from '../optimizer/optimize';
import type { Sampler } from '../search';
import { walkForward } from '../optimizer/walk-forward';
import type { WalkForwardWindow } from '../walk-forward';
import { EvaluatorLoadError } from '../pool/evaluator-module';
import type { TrialRunner } from '../pool/trial-runner';
import { WorkerPool } from '../pool/worker-pool';
import { QueueRunner } from '../queue/queue-runner';
import { BadQueueUrl, QueueUnreachable } from '../queue/redis-url';
import { ResearchStoreError, RunMismatch, RunNotFound } from '../store/errors';
import { ResearchStore, type RunRecord } from '../store/research-store';
import { dataDirOf, UsageError } from './data-dir';
import { evaluatorPath } from './evaluator-path';
import { parseOptimizeArgs, type OptimizeCommand, type SamplerKind } from './optimize-args';
import { endProgress, optimizeProgressRenderer, type ProgressOutput } from './progress';
import { formatRun, formatWindows } from './tables';

export const OPTIMIZE_USAGE = `usage:
  npm run optimize -- --strategy <name> --symbols BTCUSDT[,…] --from YYYY-MM-DD --to YYYY-MM-DD
      [--trials 100] [--objective sharpe|sortino|calmar|profit|expectancy] [--objectives return,drawdown]
      [--sampler tpe|random|grid] [--space <file>] [--walk-forward in=90d,out=30d]
      [--data <catalog dir>|synthetic:days=N,seed=S] [--seed 1] [--parallel N] [--batch N]
      [--queue redis://host:6379] [--evaluator <module>] [--data-dir <dir>]
  npm run optimize -- --resume <run-id> [--queue …] [--parallel N]

Every trial is stored in <data-dir>/research.db as it ends; Ctrl-C stops asking (the trials in
flight finish), a second Ctrl-C stops at once; --resume continues where the run stopped.`;

/**
 * What the CLI needs from the research maths (search space, samplers, walk-forward planning):
 * injected, so the command line, the store and the runners are tested on their own.
 */
export interface ResearchMath {
  /** The strategy's search space from its parameter schema, narrowed by the space file; JSON. */
  searchSpace(strategy: string, spaceFile: string | null): unknown;
  sampler(kind: SamplerKind, space: unknown, seed: number, objectives: ObjectiveName[]): Sampler;
  /** The most trials the sampler can give (a grid's size), or null for no limit. */
  maxTrials?(kind: SamplerKind, space: unknown): number | null;
  /** Absent: this build cannot plan walk-forward windows and --walk-forward is refused. */
  planWalkForward?(from: number, to: number, spec: string): WalkForwardWindow[];
}

export interface CliIo {
  print(s: string): void;
  progress: ProgressOutput;
  /** Registers the Ctrl-C handler; returns its removal. */
  onInterrupt(handler: () => void): () => void;
}

const processIo: CliIo = {
  print: (s) => console.log(s),
  progress: process.stderr,
  onInterrupt(handler) {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
};

export const newRunId = (strategy: string, now: number): string =>
  `${strategy}-${new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${randomBytes(2).toString('hex')}`;

interface WalkForwardSettings {
  plan: string;
  windows: WalkForwardWindow[];
}

async function openRunner(
  queue: string | null,
  parallel: number | null,
  evaluator: string | undefined,
): Promise<TrialRunner> {
  if (queue !== null) return QueueRunner.connect({ url: queue, size: parallel ?? 4 });
  return WorkerPool.start({ evaluator: evaluatorPath(evaluator), size: parallel ?? availableParallelism() });
}

/** Exit codes: 0 done, 1 failed or interrupted (resumable), 2 bad usage. */
export async function optimizeCli(
  argv: string[],
  math: ResearchMath,
  io: CliIo = processIo,
): Promise<number> {
  try {
    const parsed = parseOptimizeArgs(argv);
    if (parsed.kind === 'help') {
      io.print(OPTIMIZE_USAGE);
      return 0;
    }
    const store = ResearchStore.inDataDir(
      dataDirOf(parsed.kind === 'new' ? parsed.command.dataDir : parsed.dataDir),
    );
    try {
      let run: RunRecord | null = null;
      let cmd: OptimizeCommand;
      let runId: string;
      let space: unknown;
      let wf: WalkForwardSettings | null;
      if (parsed.kind === 'resume') {
        run = store.requireRun(parsed.runId);
        if (run.kind === 'in-sample')
          throw new UsageError(
            `${run.id} is one window of walk-forward run ${run.parentId ?? '?'}: resume that one`,
          );
        runId = run.id;
        space = run.space;
        wf = run.kind === 'walk-forward' ? (run.walkForward as WalkForwardSettings) : null;
        cmd = {
          strategy: run.strategy,
          symbols: run.symbols,
          from: run.from,
          to: run.to,
          trials: run.trials,
          objectives: parseObjectives(run.objectives),
          sampler: run.sampler as SamplerKind,
          spaceFile: null,
          walkForward: wf?.plan ?? null,
          queue: parsed.queue,
          data: run.data,
          seed: run.seed,
          parallel: parsed.parallel,
          batch: run.batch,
          evaluator: parsed.evaluator,
          dataDir: parsed.dataDir,
        };
      } else {
        cmd = parsed.command;
        runId = newRunId(cmd.strategy, Date.now());
        space = math.searchSpace(cmd.strategy, cmd.spaceFile);
        if (cmd.walkForward !== null && !math.planWalkForward)
          throw new UsageError('--walk-forward: the window planner is not in this build');
        wf =
          cmd.walkForward === null || !math.planWalkForward
            ? null
            : { plan: cmd.walkForward, windows: math.planWalkForward(cmd.from, cmd.to, cmd.walkForward) };
        const cap = math.maxTrials?.(cmd.sampler, space) ?? null;
        if (cap !== null && cmd.trials > cap) {
          io.print(`the ${cmd.sampler} has ${cap} points: ${cap} trials instead of ${cmd.trials}`);
          cmd = { ...cmd, trials: cap };
        }
      }
      const runner = await openRunner(cmd.queue, cmd.parallel, cmd.evaluator);
      const stop = new AbortController();
      let interrupts = 0;
      const offInterrupt = io.onInterrupt(() => {
        interrupts++;
        if (interrupts === 1) {
          endProgress(io.progress);
          io.print(
            'stopping: no new trials; the ones in flight finish and are stored (Ctrl-C again to stop now)',
          );
          stop.abort();
        } else void runner.close();
      });
      const [objective] = cmd.objectives as [ObjectiveName];
      const where = cmd.queue ? `queue ${cmd.queue}` : `${runner.size} worker thread(s)`;
      io.print(
        `${run ? 'resuming' : 'run'} ${runId}: ${cmd.strategy} ${cmd.sampler}, ${cmd.trials} trials${wf ? ` per window, ${wf.windows.length} walk-forward windows` : ''} on ${where}`,
      );
      try {
        const common = {
          runId,
          strategy: cmd.strategy,
          symbols: cmd.symbols,
          data: cmd.data,
          seed: cmd.seed,
          space,
          samplerName: cmd.sampler,
          objectives: cmd.objectives,
          trials: cmd.trials,
          runner,
          store,
          signal: stop.signal,
          ...(cmd.batch !== null ? { batch: cmd.batch } : {}),
        };
        let status: 'done' | 'interrupted';
        if (wf) {
          const renderers = new Map<number, ReturnType<typeof optimizeProgressRenderer>>();
          const result = await walkForward({
            ...common,
            windows: wf.windows,
            plan: wf.plan,
            samplerFor: (i) => math.sampler(cmd.sampler, space, cmd.seed + i, cmd.objectives),
            onProgress: (i, p) => {
              if (!renderers.has(i))
                renderers.set(i, optimizeProgressRenderer(io.progress, objective, `window ${i} `));
              renderers.get(i)?.(p);
            },
          });
          endProgress(io.progress);
          status = result.status;
          io.print('');
          io.print(formatWindows(result.windows, objective));
        } else {
          const result = await optimize({
            ...common,
            from: cmd.from,
            to: cmd.to,
            sampler: math.sampler(cmd.sampler, space, cmd.seed, cmd.objectives),
            onProgress: optimizeProgressRenderer(io.progress, objective),
          });
          endProgress(io.progress);
          status = result.status;
          io.print('');
          io.print(
            formatRun(
              store.requireRun(runId),
              result.trials,
              result.front.map((t) => t.n),
            ),
          );
        }
        if (status === 'interrupted') {
          io.print(`\ninterrupted; continue with: npm run optimize -- --resume ${runId}`);
          return 1;
        }
        io.print(`\nstored in ${store.path}; npm run research -- show ${runId}`);
        return 0;
      } finally {
        offInterrupt();
        await runner.close();
      }
    } finally {
      store.close();
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof BadQueueUrl) {
      io.print(`${err.message}\n\n${OPTIMIZE_USAGE}`);
      return 2;
    }
    if (err instanceof ResearchInputError) {
      io.print(err.message);
      return 2;
    }
    if (
      err instanceof RunNotFound ||
      err instanceof RunMismatch ||
      err instanceof ResearchStoreError ||
      err instanceof EvaluatorLoadError ||
      err instanceof QueueUnreachable
    ) {
      io.print(err.message);
      return 1;
    }
    throw err;
  }
}
