import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationsResponse } from '@aurora/contracts';
import { freshDataDir, presetQuietConfig, removeDir } from '../../integration/data-dir';
import { getState, waitReady } from '../../integration/exchange-truth';
import { startSimVenue, type SimVenue } from '../../integration/sim-venue';
import { waitFor } from '../../integration/wait-for';
import { startTestBot, type TestBot } from '../../testing/bot-harness';
import { webhookReceiver } from '../../testing/webhook-receiver';

/*
 * Issue 14 item 4 through the whole bot: webhooks from the runtime config hear the no-go
 * changes, and a delivery that keeps failing is visible at GET /api/v1/notifications.
 */

let venue: SimVenue;
let bot: TestBot;
let dir: string;
let good: Awaited<ReturnType<typeof webhookReceiver>>;
let broken: Awaited<ReturnType<typeof webhookReceiver>>;

beforeAll(async () => {
  venue = await startSimVenue();
  good = await webhookReceiver([{ status: 200 }]);
  broken = await webhookReceiver([{ status: 500 }]);
  dir = freshDataDir();
  presetQuietConfig(dir, {
    notify: {
      webhook_max_attempts: 2,
      webhook_backoff_base_ms: 20,
      webhooks: [
        { id: 'slack-ops', url: `${good.base}/services/T0/B0/slack-secret-part`, format: 'slack', events: ['CONTROL'] },
        { id: 'broken', url: `${broken.base}/hook`, format: 'json', events: ['CONTROL'] },
      ],
    },
  });
  bot = await startTestBot(venue.env, dir);
  await waitReady(bot.api);
});

afterAll(async () => {
  await bot?.close();
  await good?.close();
  await broken?.close();
  await venue?.close();
  if (dir) removeDir(dir);
});

const notifications = async () => NotificationsResponse.parse(await (await bot.api('/api/v1/notifications')).json());

describe('webhooks in the running bot', () => {
  it('a pause reaches the Slack webhook; the always-failing one lands in the failed list of GET /notifications', async () => {
    await bot.api('/api/v1/control/pause', { method: 'POST', json: { reason: 'webhook test' } });
    const got = await waitFor(() => good.received.find((r) => /Trading paused/.test(JSON.stringify(r.body))), { what: 'the Slack delivery' });
    expect(got.body).toMatchObject({ text: '*Trading paused*\nPaused: webhook test' });
    const n = await waitFor(async () => {
      const x = await notifications();
      return x.failed_deliveries.length > 0 && x;
    }, { what: 'a failed delivery' });
    expect(broken.received).toHaveLength(2);
    expect(n.failed_deliveries[0]).toMatchObject({ webhook_id: 'broken', host: new URL(broken.base).host, kind: 'CONTROL', title: 'Trading paused', attempts: 2, last_error: 'HTTP 500' });
    expect(n.webhooks).toMatchObject({ configured: 2, failed: 1 });
    expect(n.telegram.enabled).toBe(false);
    expect(JSON.stringify(n)).not.toContain('slack-secret-part');
  });

  it('a webhook added by PATCH /config takes effect at once, and the control log does not show its URL', async () => {
    const res = await bot.api('/api/v1/config', {
      method: 'PATCH',
      json: { notify: { webhooks: [{ id: 'discord', url: `${good.base}/api/webhooks/1/discord-secret-part`, format: 'discord', events: ['CONTROL'] }] } },
    });
    expect(res.status).toBe(200);
    await bot.api('/api/v1/control/resume', { method: 'POST', json: {} });
    const got = await waitFor(() => good.received.find((r) => r.path.includes('discord-secret-part')), { what: 'the Discord delivery' });
    expect(got.body).toMatchObject({ embeds: [{ title: 'Trading resumed' }] });
    const state = await getState(bot.api);
    const patch = state.control_actions.find((a) => a.action === 'config.patch');
    expect(patch?.detail).toContain('[redacted]');
    expect(JSON.stringify(state)).not.toContain('discord-secret-part');
  });
});
