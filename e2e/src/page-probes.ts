import type { Page } from 'playwright-core';

/*
 * Functions that run inside the page (page.evaluate). The e2e project is type-checked with
 * Node's libs only, so the few DOM shapes used here are declared locally, for this file alone.
 */

interface ProbeElement {
  getAttribute(name: string): string | null;
  closest(selector: string): ProbeElement | null;
  scrollWidth: number;
  clientWidth: number;
}
interface ProbeNode {
  textContent: string | null;
  parentElement: ProbeElement | null;
}
declare const document: {
  body: unknown;
  documentElement: ProbeElement;
  querySelector(selector: string): ProbeElement | null;
  querySelectorAll(selector: string): Iterable<ProbeElement>;
  createTreeWalker(root: unknown, whatToShow: number): { nextNode(): ProbeNode | null };
};
declare const window: { innerWidth: number };
const SHOW_TEXT = 4;

/**
 * Figures on screen that did not come from data: every text node with a digit must sit inside
 * an element rendered from a data value ([data-num]), a value this dashboard measured itself
 * ([data-measured]) or a fixed label ([data-static-label]). Returns the offending texts.
 */
export function unsourcedFigures(page: Page): Promise<string[]> {
  return page.evaluate((showText) => {
    const offenders: string[] = [];
    const walker = document.createTreeWalker(document.body, showText);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (!/\d/.test(text)) continue;
      const parent = node.parentElement;
      if (!parent || parent.closest('[data-num],[data-measured],[data-static-label],script,style')) continue;
      offenders.push(text.trim());
    }
    return offenders;
  }, SHOW_TEXT);
}

/** Every data-num value on the page. */
export function renderedSources(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-num]'), (el) => el.getAttribute('data-num') ?? ''),
  );
}

/** Several figures' source values and the shown state_version, read in one frame. */
export function readFrame(page: Page, testIds: string[]) {
  return page.evaluate((ids) => {
    const num = (id: string) =>
      document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-num') ?? null;
    return {
      version: num('truth-state-version'),
      values: Object.fromEntries(ids.map((id) => [id, num(id)])),
    };
  }, testIds);
}

/** What is cut off: the page wider than the window, or a scroll box whose content overflows it. */
export function cutOffParts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cut: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth) cut.push('page');
    for (const el of document.querySelectorAll('.overflow-x-auto')) {
      if (el.scrollWidth > el.clientWidth + 1)
        cut.push(el.closest('[data-testid]')?.getAttribute('data-testid') ?? '?');
    }
    return cut;
  });
}
