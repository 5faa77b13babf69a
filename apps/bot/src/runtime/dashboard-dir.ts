import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve, dirname } from 'node:path';

/**
 * apps/dashboard/dist, relative to this file so it works from any working directory. This file
 * runs from two places: its source (apps/bot/src/runtime, under tsx) and the compiled bundle
 * (apps/bot/dist/main.js, `npm run build`), which sit at different depths.
 */
export function defaultDashboardDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSource = resolve(here, '../../../dashboard/dist');
  const fromBundle = resolve(here, '../../dashboard/dist');
  return !existsSync(fromSource) && existsSync(fromBundle) ? fromBundle : fromSource;
}
