import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeConfig, defaultRuntimeConfig } from '@aurora/contracts';
import { writeFileAtomic } from './atomic-file';

export const RUNTIME_CONFIG_FILE = 'runtime_config.json';

export type ConfigLoadOutcome =
  | { kind: 'loaded'; config: RuntimeConfig; filledDefaults: boolean; newerKeptAt?: string }
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
      // Fields this version does not know come from a newer one: the rewrite below drops them,
      // so the original is kept byte for byte first (a downgrade must not lose the settings).
      let newerKeptAt: string | undefined;
      if (filledDefaults && hasUnknownKeys(json, parsed.data)) {
        newerKeptAt = `${path}.newer-${now}`;
        copyFileSync(path, newerKeptAt);
      }
      if (filledDefaults) saveRuntimeConfig(dataDir, parsed.data);
      return { kind: 'loaded', config: parsed.data, filledDefaults, ...(newerKeptAt ? { newerKeptAt } : {}) };
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

/** True when `raw` holds an object key, at any depth, that the parsed config does not. */
function hasUnknownKeys(raw: unknown, parsed: unknown): boolean {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return false;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  const p = parsed as Record<string, unknown>;
  return Object.entries(raw as Record<string, unknown>).some(
    ([k, v]) => !Object.prototype.hasOwnProperty.call(p, k) || hasUnknownKeys(v, p[k]),
  );
}

export function saveRuntimeConfig(dataDir: string, config: RuntimeConfig): void {
  writeFileAtomic(join(dataDir, RUNTIME_CONFIG_FILE), JSON.stringify(config, null, 2) + '\n');
}
