import { verdictOf, type ChaosIo, type ChaosOutcome, type ChaosScenario } from './scenario';

/** One row of the chaos table: one scenario over one seed. */
export interface ChaosRow extends ChaosOutcome {
  scenario: string;
  seed: number;
  verdict: 'PASS' | 'FAIL';
  durationMs: number;
}

export interface Selection {
  full?: boolean;
  only?: string;
  seed?: number;
}

/** The (scenario, seed) pairs a selection runs; an unknown --only name is an error, not an empty run. */
export function select(
  scenarios: readonly ChaosScenario[],
  sel: Selection,
): { scenario: ChaosScenario; seed: number }[] {
  const chosen = sel.only === undefined ? scenarios : scenarios.filter((s) => s.name === sel.only);
  if (chosen.length === 0)
    throw new Error(
      `no chaos scenario is named ${sel.only}; known: ${scenarios.map((s) => s.name).join(', ')}`,
    );
  return chosen.flatMap((scenario) => {
    const seeds = sel.seed !== undefined ? [sel.seed] : sel.full ? scenario.seeds.full : scenario.seeds.fast;
    return seeds.map((seed) => ({ scenario, seed }));
  });
}

/** Runs one pair; a scenario that throws is a FAIL row with the error, never a crashed table. */
export async function runRow(scenario: ChaosScenario, seed: number, io: ChaosIo): Promise<ChaosRow> {
  const started = Date.now();
  let outcome: ChaosOutcome;
  try {
    outcome = await scenario.run(seed, io);
  } catch (e) {
    outcome = {
      faults: [],
      orders: 0,
      fills: 0,
      duplicates: 0,
      lostFills: 0,
      stuckPositions: 0,
      drift: 0,
      failures: [`the scenario crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`],
    };
  }
  return {
    scenario: scenario.name,
    seed,
    ...outcome,
    verdict: verdictOf(outcome),
    durationMs: Date.now() - started,
  };
}

export const replayCommand = (row: Pick<ChaosRow, 'scenario' | 'seed'>) =>
  `npm run chaos -- --only ${row.scenario} --seed ${row.seed}`;

const HEADERS = [
  'scenario',
  'seed',
  'faults injected',
  'orders',
  'fills',
  'duplicates',
  'lost fills',
  'stuck positions',
  'final drift',
  'verdict',
  'notes',
];

/** The one table: fixed-width columns, then every failing row's reasons and replay command. */
export function formatTable(rows: readonly ChaosRow[]): string {
  const cells = rows.map((r) => [
    r.scenario,
    String(r.seed),
    r.faults.join('; ') || '-',
    String(r.orders),
    String(r.fills),
    String(r.duplicates),
    String(r.lostFills),
    String(r.stuckPositions),
    String(r.drift),
    r.verdict,
    [r.notes, `${(r.durationMs / 1000).toFixed(1)} s`].filter(Boolean).join(', '),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  const out = [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)];
  const failed = rows.filter((r) => r.verdict === 'FAIL');
  out.push('', `${rows.length - failed.length} of ${rows.length} rows passed`);
  for (const r of failed) {
    out.push('', `FAIL ${r.scenario} seed ${r.seed}: replay with  ${replayCommand(r)}`);
    for (const f of r.failures) out.push(`  - ${f}`);
  }
  return out.join('\n');
}
