import { fileURLToPath } from 'node:url';
import { resolve, dirname } from 'node:path';

/** apps/dashboard/dist, relative to this file so it works from any working directory. */
export function defaultDashboardDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../dashboard/dist');
}
