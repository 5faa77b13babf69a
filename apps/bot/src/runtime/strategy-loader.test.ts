import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { barsToKlinesForTest } from './strategy-loader.fixture';
import { StrategyRunner } from '@aurora/core';
import { loadStrategies } from './strategy-loader';

const GOOD = `
import { z } from 'zod';
import type { Strategy } from '@aurora/core';
const s: Strategy<{ n: number }> = {
  name: 'always-buy',
  description: 'test',
  params: z.object({ n: z.number().int().min(1).default(2) }),
  warmupCandles: (p) => p.n,
  create: () => ({ onCandle: (ctx) => ctx.propose({ side: 'BUY', stopDistance: 1, targetDistance: 2, confidence: 0.7 }) }),
};
export default s;
`;

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('loadStrategies', () => {
  it('loads a good TypeScript strategy and refuses the broken ones, each named with its problem', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aurora-strategies-'));
    writeFileSync(join(dir, 'good.ts'), GOOD);
    writeFileSync(join(dir, 'syntax.ts'), 'export default { name: ;');
    writeFileSync(join(dir, 'shape.mjs'), "export default { name: 'Bad Name', description: '', params: {}, warmupCandles: () => 1, create: () => ({}) };");
    writeFileSync(
      join(dir, 'clash.mjs'),
      "export default { name: 'ema-cross', description: '', params: { safeParse: () => ({ success: true, data: {} }) }, warmupCandles: () => 1, create: () => ({}) };",
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a strategy');
    const r = await loadStrategies(dir);
    expect(r.loaded.map((l) => l.name)).toEqual(['always-buy']);
    const refused = Object.fromEntries(r.refused.map((x) => [x.file.slice(dir.length + 1), x.problem]));
    expect(Object.keys(refused).sort()).toEqual(['clash.mjs', 'shape.mjs', 'syntax.ts']);
    expect(refused['shape.mjs']).toMatch(/name must be lower-case/);
    expect(refused['clash.mjs']).toMatch(/"ema-cross" is already loaded/);
    expect(refused['syntax.ts']).toBeTruthy();
    // The loaded one runs, next to the built-ins.
    expect(r.registry.names()).toEqual(['ensemble', 'ema-cross', 'rsi-reversion', 'donchian-breakout', 'always-buy']);
    const runner = new StrategyRunner('BTCUSDT', r.registry.get('always-buy')!, { n: 2 }, { atrPeriod: 2 });
    const out = barsToKlinesForTest(3).map((k) => runner.onKline(k));
    expect(out.map((c) => c?.strategy ?? null)).toEqual([null, 'always-buy', 'always-buy']);
  });

  it('a missing folder is only the built-ins', async () => {
    const r = await loadStrategies(join(tmpdir(), 'aurora-no-such-strategies-dir'));
    expect(r.refused).toEqual([]);
    expect(r.registry.names()).toHaveLength(4);
  });

  it('the example in ./strategies loads', async () => {
    const r = await loadStrategies(resolve(__dirname, '../../../../strategies'));
    expect(r.refused).toEqual([]);
    expect(r.loaded.map((l) => l.name)).toContain('example-momentum');
  });
});
