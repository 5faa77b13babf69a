import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../scenario';
import { KILL_SCENARIOS } from './index';

/*
 * The kill group's fast seeds inside `npm test`. AURORA_CHAOS_ONLY / AURORA_CHAOS_SEED narrow a
 * local run to one scenario and seed (the chaos CLI is the way to replay the full set).
 */
const only = process.env.AURORA_CHAOS_ONLY;
const seedOverride = process.env.AURORA_CHAOS_SEED;

describe('chaos: kill group, fast seeds', () => {
  for (const scenario of KILL_SCENARIOS.filter((s) => !only || s.name === only)) {
    const seeds = seedOverride ? [Number(seedOverride)] : scenario.seeds.fast;
    for (const seed of seeds) {
      it(`${scenario.name} seed ${seed}`, { timeout: 120_000 }, async () => {
        const lines: string[] = [];
        const outcome = await scenario.run(seed, { log: (l) => lines.push(l) });
        const verdict = verdictOf(outcome);
        if (verdict !== 'PASS' || process.env.AURORA_CHAOS_VERBOSE)
          process.stderr.write(
            `${lines.join('\n')}\n${JSON.stringify(outcome)}\nreplay: npm run chaos -- --only ${scenario.name} --seed ${seed}\n`,
          );
        expect(verdict, `${scenario.name} seed ${seed}: ${outcome.failures.join('; ')}`).toBe('PASS');
      });
    }
  }
});
