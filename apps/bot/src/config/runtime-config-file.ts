import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeConfig, defaultRuntimeConfig } from '@aurora/contracts';
import { writeFileAtomic } from './atomic-file';

export const RUNTIME_CONFIG_FILE = 'runtime_config.json';

export type ConfigLoadOutcome =
  | { kind: 'loaded'; config: RuntimeConfig; filledDefaults: boolean }
  | { kind: 'created'; config: RuntimeConfig }
  | { kind: 'corrupt'; config: RuntimeConfig; movedTo: string; problem: string };

/**
 * Load runtime_config.json. Missing fields take their defaults (an older file still loads). A
 * file that is not JSON or breaks the schema is moved aside under a timestamped name — never
 * overwritten — and the caller logs that loudly and records it as an error.
 */
export function loadRuntimeConfig(dataDir: string, now: number): ConfigLoadOutcome {
  const path = join(dataDir, RUNTIME_CONFIG_FILE);
  if (!existsSync(path)) {
    const config = defaultRuntimeConfig();
    saveRuntimeConfig(dataDir, config);
    return { kind: 'created', config };
  }
  const raw = readFileSync(path, 'utf8');
  let problem: string;
  try {
    const json: unknown = JSON.parse(raw);
    const parsed = RuntimeConfig.safeParse(json);
    if (parsed.success) {
      const filledDefaults = JSON.stringify(parsed.data) !== JSON.stringify(json);
      if (filledDefaults) saveRuntimeConfig(dataDir, parsed.data);
      return { kind: 'loaded', config: parsed.data, filledDefaults };
    }
    problem = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  } catch (err) {
    problem = `not valid JSON: ${(err as Error).message}`;
  }
  const movedTo = `${path}.corrupt-${now}`;
  renameSync(path, movedTo);
  const config = defaultRuntimeConfig();
  saveRuntimeConfig(dataDir, config);
  return { kind: 'corrupt', config, movedTo, problem };
}

export function saveRuntimeConfig(dataDir: string, config: RuntimeConfig): void {
  writeFileAtomic(join(dataDir, RUNTIME_CONFIG_FILE), JSON.stringify(config, null, 2) + '\n');
}
