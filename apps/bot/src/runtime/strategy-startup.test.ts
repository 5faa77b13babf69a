import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigResponse, StateSnapshot } from '@aurora/contracts';
import { startTestBot, type TestBot } from '../testing/bot-harness';

const GOOD = `export default {
  name: 'always-flat',
  description: 'never trades',
  params: { safeParse: () => ({ success: true, data: {} }) },
  warmupCandles: () => 1,
  create: () => ({ onCandle: () => null }),
};`;

let dir = '';
let bot: TestBot;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-user-strategies-'));
  writeFileSync(join(dir, 'good.mjs'), GOOD);
  writeFileSync(join(dir, 'broken.mjs'), 'export default 42;');
  bot = await startTestBot({ AURORA_STRATEGIES_DIR: dir });
});
afterAll(async () => {
  await bot.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('user strategies at start-up', () => {
  it('a broken file is refused in recent errors and the log, naming the file; the bot and the good one run', async () => {
    const state = StateSnapshot.parse(await (await bot.api('/api/v1/state')).json());
    const refused = state.recent_errors.find((e) => e.code === 'STRATEGY_REFUSED');
    expect(refused?.message).toContain(join(dir, 'broken.mjs'));
    expect(refused?.message).toContain('not an object');
    expect(bot.logs.some((l) => l.includes('strategy file refused') && l.includes('broken.mjs'))).toBe(true);
    // The good one is known: the config may pick it.
    const res = await bot.api('/api/v1/config', { method: 'PATCH', json: { strategy: { per_symbol: { BTCUSDT: { name: 'always-flat' } } } } });
    expect(res.status).toBe(200);
    expect(ConfigResponse.parse(await res.json()).config.strategy.per_symbol.BTCUSDT?.name).toBe('always-flat');
  });
});
