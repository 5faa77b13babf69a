import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, AuditResponse, ProposalResponse } from '@aurora/contracts';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { auditRunningBot, expectBooksClean } from './books-audit';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { getPositions, getState, waitReady } from './exchange-truth';
import { startSimVenue, type SimVenue } from './sim-venue';
import { waitFor } from './wait-for';

/*
 * The books audit end to end: a real disagreement between the books and the venue (open
 * positions holding more ETH than the account has once the user's own ETH is set aside) is a
 * violation with its evidence, an error, a metric and the AUDIT no-go reason; new entries wait,
 * exits do not; a clean audit lifts it.
 */

let venue: SimVenue;
let bot: TestBot;
let dir: string;

beforeAll(async () => {
  venue = await startSimVenue();
  dir = freshDataDir();
  // Judge everything at once: the test waits for its fills itself.
  presetQuietConfig(dir, { reconcile: { audit_settle_ms: 0 } });
  bot = await startTestBot(venue.env, dir);
  await waitReady(bot.api);
});

afterAll(async () => {
  await bot?.close();
  await venue?.close();
  removeDir(dir);
});

const post = (path: string, json: unknown, method = 'POST') => bot.api(path, { method, json });
const audit = async () => AuditResponse.parse(await (await post('/api/v1/audit', {})).json()).result;

describe('books audit', () => {
  it('follows every reconcile: the start-up one, and POST /reconcile', async () => {
    const startup = (await getState(bot.api)).last_audit;
    expect(startup).toMatchObject({ trigger: 'RECONCILE', ok: true, error: null });
    expect((await post('/api/v1/reconcile', {})).status).toBe(200);
    const after = (await getState(bot.api)).last_audit;
    expect(after?.trigger).toBe('RECONCILE');
    expect(after?.at).toBeGreaterThan(startup?.at ?? Infinity);
    await expectBooksClean(bot.api, { sim: venue });
  });

  it('blocks new entries (never exits) while the books hold more than the venue, and clears when clean', async () => {
    const res = await post('/api/v1/proposals', { symbol: 'ETHUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.1' });
    const { decision } = ProposalResponse.parse(await res.json());
    expect(decision.final_decision).toBe('ALLOW');
    const open = await waitFor(async () => (await getPositions(bot.api)).find((p) => p.status === 'Open'), {
      what: 'the ETH position',
    });
    await expectBooksClean(bot.api, { sim: venue });

    // The user holds all but 0.05 ETH of the account outside the bot: the position's units are not there.
    const baseline = (Number(venue.balance('ETH')) - 0.05).toFixed(8);
    // audit_settle_ms again: a PATCH of one field of a section resets the section's other fields
    // to their defaults (zod's partial() keeps defaults), a defect reported separately.
    const patch = { reconcile: { audit_baseline: { ETH: baseline }, audit_settle_ms: 0 } };
    expect((await post('/api/v1/config', patch, 'PATCH')).status).toBe(200);
    const found = await audit();
    expect(found).toMatchObject({ ok: false, error: null });
    expect(found.violations).toEqual([
      {
        check: 'A2',
        symbol: null,
        ref: 'ETH',
        detail: expect.stringContaining(`positions hold ${open.open_qty} ETH (${open.id} ${open.open_qty})`) as string,
      },
    ]);
    // The outside auditor agrees with the bot's own.
    expect((await auditRunningBot(bot.api, { sim: venue })).violations.map((v) => v.check)).toEqual(['A2']);

    const s = await getState(bot.api);
    expect(s.no_go_reason?.code).toBe('AUDIT');
    expect(s.last_audit?.violations.map((v) => v.ref)).toEqual(['ETH']);
    expect(s.recent_errors.find((e) => e.source === 'audit')?.code).toBe('A2');
    const metrics = await (await bot.api('/metrics')).text();
    expect(metrics).toMatch(/aurora_audit_violations\{check="A2"\} 1/);

    const refused = await post('/api/v1/proposals', { symbol: 'BTCUSDT', side: 'BUY', order_type: 'MARKET', quantity: '0.001' });
    expect(refused.status).toBe(409);
    expect(ApiErrorBody.parse(await refused.json()).error.code).toBe('AUDIT');

    // The exit is never blocked.
    expect((await post(`/api/v1/positions/${open.id}/close`, { reason: 'audit test' })).status).toBe(200);
    await waitFor(async () => (await getPositions(bot.api)).find((p) => p.id === open.id && p.status === 'Closed'), {
      what: 'the exit',
    });
    const clean = await audit();
    expect(clean).toMatchObject({ ok: true, violations: [] });
    expect((await getState(bot.api)).no_go_reason).toBeNull();
    await expectBooksClean(bot.api, { sim: venue });
  });
});
