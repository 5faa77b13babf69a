import { parseArgs } from 'node:util';
import { parseObjectives } from '../optimizer/objectives';
import { ResearchStoreError, RunNotFound } from '../store/errors';
import { ResearchStore } from '../store/research-store';
import { dataDirOf, UsageError } from './data-dir';
import { formatRun, formatRunList, formatTrials, formatWindows, topTrials } from './tables';

const USAGE = `usage:
  npm run research -- list                      every run, newest first
  npm run research -- show <run-id> [--top N]   one run: its best trials (or Pareto front), failures, walk-forward windows
  npm run research -- compare <run-id> <run-id>…  the best trial of each run side by side
  npm run research -- apply <run-id> <trial> --confirm <strategy> [--symbols …] [--url …]
                                                use a trial's parameters in Demo (through the running bot)

Runs live in <AURORA_DATA_DIR>/research.db (default ./data; --data-dir overrides).`;

/** Exit codes: 0 done, 1 a run or the store could not be read, 2 bad usage. */
export function researchCli(argv: string[], print: (s: string) => void = console.log): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      top: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, ...ids] = positionals;
  if (values.help || !command) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  const store = ResearchStore.inDataDir(dataDirOf(values['data-dir']));
  try {
    if (command === 'list') {
      print(formatRunList(store.listRuns()));
      return 0;
    }
    if (command === 'show') {
      const id = ids[0];
      if (!id) throw new UsageError('show needs a run id (npm run research -- list shows them)');
      const top = values.top === undefined ? 10 : Number(values.top);
      if (!Number.isInteger(top) || top < 1) throw new UsageError('--top must be a whole number ≥ 1');
      const run = store.requireRun(id);
      if (run.kind === 'walk-forward') {
        const [objective] = parseObjectives(run.objectives);
        print(formatRun(run, [], null));
        print('');
        print(formatWindows(store.windows(id), objective!));
        print(`\nEach window's in-sample run: npm run research -- show ${id}.w<window>`);
        return 0;
      }
      const summary = run.summary as { front?: number[] } | null;
      print(formatRun(run, store.trials(id), summary?.front ?? null, top));
      return 0;
    }
    if (command === 'compare') {
      if (ids.length < 2) throw new UsageError('compare needs two run ids or more');
      for (const id of ids) {
        const run = store.requireRun(id);
        print(`${id} (${run.strategy}, ${run.sampler}, ${run.objectives.join(',')}, ${run.status}):`);
        const best = topTrials(run, store.trials(id), 1);
        print(best.length === 0 ? '  no trial succeeded' : formatTrials(best));
        print('');
      }
      return 0;
    }
    throw new UsageError(`unknown command ${command}`);
  } finally {
    store.close();
  }
}

export function runResearchCli(argv: string[]): number {
  try {
    return researchCli(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof RunNotFound || err instanceof ResearchStoreError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}
