import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const ROUTES = ['overview', 'positions', 'risk', 'history', 'decisions', 'settings'] as const;
export type DashboardRoute = (typeof ROUTES)[number];

export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

/** Opens the dashboard with the token in the fragment (the app stores it and strips it at once). */
export async function openWithToken(
  page: Page,
  baseUrl: string,
  token: string,
  route: DashboardRoute = 'overview',
) {
  await page.goto(`${baseUrl}/#/${route}&token=${encodeURIComponent(token)}`);
  await page.getByTestId('truth-state-version').waitFor();
  if (page.url().includes(token)) throw new Error('the token was left in the address bar');
}

export async function gotoRoute(page: Page, route: DashboardRoute) {
  await page.getByTestId(`nav-${route}`).click();
  await page.getByTestId(`page-${route}`).waitFor();
}

/** The raw API value a figure was rendered from (its data-num attribute). */
export async function figure(page: Page, testId: string): Promise<string | null> {
  return page.getByTestId(testId).first().getAttribute('data-num');
}

export async function stateVersionShown(page: Page): Promise<number> {
  return Number(await figure(page, 'truth-state-version'));
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Let charts finish their first layout before the capture.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
