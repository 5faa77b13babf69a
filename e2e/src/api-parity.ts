import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { StateResponse, type StateSnapshot } from '@aurora/contracts';
import type { Stack } from './harness';
import { readFrame } from './page-probes';

/**
 * Asserts the page shows exactly the API's values: fetches GET /state and, when the page shows
 * the same state_version, compares every figure. Retries while versions differ (state moves);
 * a same-version mismatch is retried too but reported, since it means the state changed
 * without its version moving.
 */
export async function expectFiguresMatchState(
  page: Page,
  stack: Stack,
  expected: (state: StateSnapshot) => Record<string, string | null>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await stack.api.get('/state', StateResponse);
    const want = expected(state);
    const frame = await readFrame(page, Object.keys(want));
    const sameVersion = frame.version === String(state.truth.state_version);
    const differing = Object.keys(want).filter((k) => frame.values[k] !== want[k]);
    if (sameVersion && differing.length === 0) return;
    if (sameVersion)
      console.warn(`state v${frame.version}: page and API differ at the same version on`, differing);
    if (Date.now() > deadline) {
      if (!sameVersion)
        throw new Error(
          `the page never showed the API's state_version (page v${frame.version}, API v${state.truth.state_version})`,
        );
      expect(frame.values).toEqual(want);
    }
    await page.waitForTimeout(50);
  }
}

/** Config values as the settings form shows them in its inputs. */
export function inputValueOf(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Every leaf of a config object as [dotted path, value]. */
export function configLeaves(config: object, prefix = ''): [string, unknown][] {
  return Object.entries(config).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? configLeaves(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}
