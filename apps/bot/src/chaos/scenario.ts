/**
 * One chaos scenario: a fault (or a sequence of faults) played against the simulator's realistic
 * profile with one seed. `npm run chaos` runs every scenario over its seeds and prints one row per
 * (scenario, seed); the fast seeds also run inside `npm test`. A scenario never decides its own
 * verdict from a log: it reports what the venue's own records and the books auditor say.
 */
export interface ChaosScenario {
  /** Short, stable, kebab-case: the table's first column and the `--only` filter. */
  readonly name: string;
  /** One line: what goes wrong, in the operator's words. */
  readonly description: string;
  /** Seeds for the fast subset (inside npm test) and for `--full`. */
  readonly seeds: { readonly fast: readonly number[]; readonly full: readonly number[] };
  run(seed: number, io: ChaosIo): Promise<ChaosOutcome>;
}

export interface ChaosIo {
  /** Progress lines (stderr in the CLI, swallowed in tests unless the run fails). */
  log(line: string): void;
}

/** What one run found. Every count that must be zero is checked against the venue's records. */
export interface ChaosOutcome {
  /** The faults actually injected, in order (e.g. "user-stream drop at fill", "SIGKILL after intent"). */
  readonly faults: readonly string[];
  /** Orders the venue holds for the bot's account (its own records, not the bot's). */
  readonly orders: number;
  /** Fills (trades) the venue holds for the bot's account. */
  readonly fills: number;
  /** Venue orders beyond one per intent (same intent placed twice): must be 0. */
  readonly duplicates: number;
  /** Venue fills the bot's books do not hold (or hold twice): must be 0. */
  readonly lostFills: number;
  /** Positions left open without protection or stuck in a non-terminal state after recovery: must be 0. */
  readonly stuckPositions: number;
  /** Drift items of the final reconcile plus books-auditor violations: must be 0. */
  readonly drift: number;
  /** Scenario-specific checks that failed (breaker/pause semantics, refused requests…); empty when all held. */
  readonly failures: readonly string[];
  /** Extra figures for the table's last column (memory, handles, market hours…). */
  readonly notes?: string;
}

/** A row passes when every must-be-zero count is zero and no scenario check failed. */
export function verdictOf(o: ChaosOutcome): 'PASS' | 'FAIL' {
  return o.duplicates === 0 && o.lostFills === 0 && o.stuckPositions === 0 && o.drift === 0 && o.failures.length === 0
    ? 'PASS'
    : 'FAIL';
}
