import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeConfig } from '@aurora/contracts';
import { saveRuntimeConfig } from '../config/runtime-config-file';

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'aurora-int-'));
}

/**
 * A runtime_config.json for a bot the test drives by hand: the strategy never reaches its entry
 * score (only our proposals trade) and no trailing stop moves under our feet.
 */
export function presetQuietConfig(dataDir: string, extra: Record<string, unknown> = {}): void {
  const base = { strategy: { min_score: 1, trailing_atr_mult: 0 } };
  saveRuntimeConfig(dataDir, RuntimeConfig.parse({ ...base, ...extra }));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
