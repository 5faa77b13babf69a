import { describe, expect, it } from 'vitest';
import { FAULT_SCENARIOS } from './registry';
import { formatTable, replayCommand, runRow, select } from './table';

/*
 * The fast chaos subset inside `npm test`: every scenario over its fast seeds, one test per row.
 * A FAIL row fails its test with the row, its reasons, the run's log and the replay command;
 * the full set runs on demand with `npm run chaos -- --full`.
 */

describe('chaos (fast seeds)', () => {
  for (const { scenario, seed } of select(FAULT_SCENARIOS, {})) {
    it(`${scenario.name} seed ${seed}`, { timeout: 120_000 }, async () => {
      const log: string[] = [];
      const row = await runRow(scenario, seed, { log: (line) => log.push(line) });
      const report = [formatTable([row]), '', 'run log:', ...log.map((l) => `  ${l}`)].join('\n');
      expect(row.verdict, `${replayCommand(row)}\n${report}`).toBe('PASS');
    });
  }
});
