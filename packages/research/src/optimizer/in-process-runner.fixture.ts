import type { TrialOutcome, TrialRunner } from '../pool/trial-runner';
import type { TrialEvaluator, TrialSpec } from '../trial';

/**
 * A test runner that calls an evaluator in this thread after a pseudo-random delay, so trials
 * finish out of order. The worker pool has its own tests; this one isolates the optimizer loop.
 */
export class InProcessTestRunner implements TrialRunner {
  readonly calls: string[] = [];
  private tick = 0;
  constructor(
    readonly size: number,
    private readonly evaluate: TrialEvaluator,
    private readonly onCall?: (jobId: string) => void,
  ) {}

  async run(spec: TrialSpec, jobId: string): Promise<TrialOutcome> {
    this.calls.push(jobId);
    this.onCall?.(jobId);
    const delay = (this.tick++ * 7) % 5;
    await new Promise((r) => setTimeout(r, delay));
    try {
      return { ok: true, metrics: await this.evaluate(spec), worker: 'in-process' };
    } catch (err) {
      return { ok: false, error: (err as Error).message, worker: 'in-process' };
    }
  }

  async close(): Promise<void> {}
}
