import { readFileSync, existsSync } from 'node:fs';
import { extname, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type E2eBrowser } from './browser';
import { ROUTES, gotoRoute, screenshot } from './dashboard-page';
import { renderedSources, unsourcedFigures } from './page-probes';
import { EMPTY_REST, EMPTY_STATE, fixtureValues } from './fixtures/empty-api';

/*
 * (7) Every page against an EMPTY state: the API and the WebSocket are intercepted in the
 * browser and answer with a schema-valid snapshot of a bot that has seen nothing. No bot runs;
 * the built dashboard is served from apps/dashboard/dist by the route handler.
 */

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'dashboard', 'dist');
// Nothing listens here: every request is answered by page.route before it could leave.
const ORIGIN = 'http://127.0.0.1:9';
const TOKEN = 'empty-state-token-0123456789';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

async function serveEmptyBot(page: Page) {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith('/api/v1/')) {
      const body = EMPTY_REST[url.pathname.slice('/api/v1'.length)];
      if (body === undefined)
        return route.fulfill({ status: 404, json: { error: { code: 'NOT_FOUND', message: url.pathname } } });
      return route.fulfill({ status: 200, json: body });
    }
    const file = join(DIST, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!file.startsWith(DIST) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({
      status: 200,
      contentType: TYPES[extname(file)] ?? 'application/octet-stream',
      body: readFileSync(file),
    });
  });
  await page.routeWebSocket(/\/api\/v1\/ws$/, (ws) => {
    ws.send(JSON.stringify({ type: 'snapshot', seq: EMPTY_STATE.truth.ws_sequence, state: EMPTY_STATE }));
    // No pong: the latency figure stays "—", so every figure on screen is the fixture's.
  });
}

describe('dashboard on an empty state', () => {
  let browser: E2eBrowser;
  let page: Page;

  beforeAll(async () => {
    expect(existsSync(join(DIST, 'index.html')), 'build the dashboard first (npm run build:dashboard)').toBe(
      true,
    );
    browser = await launchBrowser();
    page = await browser.newPage(1280);
    await serveEmptyBot(page);
    await page.goto(`${ORIGIN}/#token=${TOKEN}`);
    await page.getByTestId('truth-state-version').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each(ROUTES)('%s shows no figure that is not from the data', async (route) => {
    await gotoRoute(page, route);
    // Wait for REST-backed parts to settle: no skeleton left on the page.
    await expect.poll(() => page.getByTestId('state-loading').count(), { timeout: 5_000 }).toBe(0);
    expect(await page.getByTestId('state-error').count()).toBe(0);

    expect(await unsourcedFigures(page)).toEqual([]);
    const allowed = fixtureValues();
    const sources = await renderedSources(page);
    expect(sources.filter((s) => !allowed.has(s))).toEqual([]);
    await screenshot(page, `empty-${route}-1280`);
  });

  it('says what will fill each empty component', async () => {
    await gotoRoute(page, 'overview');
    const empties = page.getByTestId('state-empty');
    expect(await empties.count()).toBeGreaterThanOrEqual(7);
    for (const text of await empties.allInnerTexts()) expect(text).toMatch(/^No data yet\. \S+/);
  });
});
