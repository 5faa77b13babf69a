import { describe, expect, it } from 'vitest';
import type { ChaosOutcome, ChaosScenario } from './scenario';
import { formatTable, runRow, select } from './table';

const clean: ChaosOutcome = {
  faults: ['f'],
  orders: 2,
  fills: 2,
  duplicates: 0,
  lostFills: 0,
  stuckPositions: 0,
  drift: 0,
  failures: [],
};
const scenario = (name: string, run: ChaosScenario['run']): ChaosScenario => ({
  name,
  description: name,
  seeds: { fast: [1, 2], full: [1, 2, 3] },
  run,
});

describe('chaos table', () => {
  it('selects fast seeds, full seeds, one scenario, one seed; an unknown name is an error', () => {
    const all = [scenario('a', async () => clean), scenario('b', async () => clean)];
    expect(select(all, {}).map((p) => `${p.scenario.name}:${p.seed}`)).toEqual(['a:1', 'a:2', 'b:1', 'b:2']);
    expect(select(all, { full: true })).toHaveLength(6);
    expect(select(all, { only: 'b', seed: 9 }).map((p) => `${p.scenario.name}:${p.seed}`)).toEqual(['b:9']);
    expect(() => select(all, { only: 'nope' })).toThrow(/no chaos scenario is named nope/);
  });

  it('a duplicate, a lost fill, a stuck position, drift or a failed check each make the row FAIL', async () => {
    for (const bad of [
      { duplicates: 1 },
      { lostFills: 1 },
      { stuckPositions: 1 },
      { drift: 1 },
      { failures: ['x'] },
    ]) {
      const row = await runRow(
        scenario('s', async () => ({ ...clean, ...bad })),
        3,
        { log: () => undefined },
      );
      expect(row.verdict).toBe('FAIL');
    }
    expect(
      (
        await runRow(
          scenario('s', async () => clean),
          3,
          { log: () => undefined },
        )
      ).verdict,
    ).toBe('PASS');
  });

  it('a scenario that throws is a FAIL row, and every failing row prints its replay command', async () => {
    const crashed = await runRow(
      scenario('boom', async () => {
        throw new Error('venue gone');
      }),
      7,
      { log: () => undefined },
    );
    expect(crashed).toMatchObject({ verdict: 'FAIL', scenario: 'boom', seed: 7 });
    const passed = await runRow(
      scenario('fine', async () => clean),
      1,
      { log: () => undefined },
    );
    const text = formatTable([passed, crashed]);
    expect(text).toMatch(/^scenario +\| seed \| faults injected/);
    expect(text).toContain('1 of 2 rows passed');
    expect(text).toContain('npm run chaos -- --only boom --seed 7');
    expect(text).toContain('venue gone');
    expect(text).not.toContain('--only fine');
  });
});
