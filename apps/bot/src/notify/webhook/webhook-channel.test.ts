import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { NotifyConfig, type WebhookTarget } from '@aurora/contracts';
import { createLogger } from '../../logging/logger';
import type { Notification } from '../notification';
import { SecretScrubber } from '../secret-scrubber';
import { WebhookChannel } from './webhook-channel';
import { webhookReceiver as receiver } from '../../testing/webhook-receiver';

const SECRET_PATH = '/api/webhooks/123/sEcReT-webhook-token-XYZ';
const note = (over: Partial<Notification> = {}): Notification => ({
  kind: 'EXIT',
  title: 'Exit',
  text: 'BTCUSDT closed, realized PnL 12.5 USDT',
  at: Date.UTC(2026, 11, 1, 12, 0, 0),
  data: { symbol: 'BTCUSDT', realized_pnl: '12.5' },
  ...over,
});

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function channel(webhooks: WebhookTarget[], over: Partial<NotifyConfig> = {}) {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  // A generous timeout: a loaded test machine must not turn a slow 200 into a retry.
  const cfg = NotifyConfig.parse({ webhooks, webhook_backoff_base_ms: 50, webhook_timeout_ms: 5_000, ...over });
  const ch = new WebhookChannel(() => cfg, { now: () => Date.now() }, new SecretScrubber(() => webhooks.map((w) => w.url)), createLogger('debug', { destination: sink }));
  cleanups.push(() => ch.close());
  return { ch, logs };
}

const target = (base: string, over: Partial<WebhookTarget> = {}): WebhookTarget => ({
  id: 'ops',
  url: `${base}${SECRET_PATH}`,
  format: 'json',
  events: ['ENTRY', 'EXIT'],
  ...over,
});

describe('webhook deliveries', () => {
  it('retries a 500 after the backoff and delivers on the second attempt', async () => {
    const r = await receiver([{ status: 500 }, { status: 204 }]);
    cleanups.push(r.close);
    const { ch } = channel([target(r.base)]);
    ch.deliver(note());
    await ch.idle();
    expect(r.received).toHaveLength(2);
    expect(r.received[1]!.at - r.received[0]!.at).toBeGreaterThanOrEqual(45);
    expect(ch.stats()).toEqual({ pending: 0, delivered: 1, failed: 0, dropped: 0 });
    expect(ch.failed()).toEqual([]);
  });

  it('backs off exponentially: waits of base, 2×base, 4×base between attempts', async () => {
    const r = await receiver([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 200 }]);
    cleanups.push(r.close);
    const { ch } = channel([target(r.base)], { webhook_backoff_base_ms: 60 });
    ch.deliver(note());
    await ch.idle();
    const gaps = r.received.slice(1).map((x, i) => x.at - r.received[i]!.at);
    expect(gaps).toHaveLength(3);
    expect(gaps[0]).toBeGreaterThanOrEqual(55);
    expect(gaps[1]).toBeGreaterThanOrEqual(115);
    expect(gaps[2]).toBeGreaterThanOrEqual(235);
  });

  it('treats a receiver that does not answer within the timeout as a retryable failure', async () => {
    const r = await receiver(['hang', { status: 200 }]);
    cleanups.push(r.close);
    const { ch, logs } = channel([target(r.base)], { webhook_timeout_ms: 200 });
    ch.deliver(note());
    await ch.idle();
    expect(r.received).toHaveLength(2);
    expect(ch.stats().delivered).toBe(1);
    expect(logs.join('')).toContain('timeout after 200 ms');
  });

  it('lands a delivery that fails every attempt in the failed list, naming the host but never the URL', async () => {
    const r = await receiver([{ status: 500 }]);
    cleanups.push(r.close);
    const { ch, logs } = channel([target(r.base)], { webhook_max_attempts: 3 });
    ch.deliver(note());
    await ch.idle();
    expect(r.received).toHaveLength(3);
    const failed = ch.failed();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ webhook_id: 'ops', host: new URL(r.base).host, format: 'json', kind: 'EXIT', title: 'Exit', attempts: 3, last_error: 'HTTP 500' });
    expect(ch.stats()).toEqual({ pending: 0, delivered: 0, failed: 1, dropped: 0 });
    expect(JSON.stringify(failed) + logs.join('')).not.toContain('sEcReT-webhook-token');
  });

  it('does not retry a 404 (the webhook is gone): failed after one attempt', async () => {
    const r = await receiver([{ status: 404 }]);
    cleanups.push(r.close);
    const { ch } = channel([target(r.base)]);
    ch.deliver(note());
    await ch.idle();
    expect(r.received).toHaveLength(1);
    expect(ch.failed()[0]).toMatchObject({ attempts: 1, last_error: 'HTTP 404' });
  });

  it('waits at least as long as a 429 Retry-After asks', async () => {
    const r = await receiver([{ status: 429, headers: { 'retry-after': '1' } }, { status: 200 }]);
    cleanups.push(r.close);
    const { ch } = channel([target(r.base)]);
    ch.deliver(note());
    await ch.idle();
    expect(r.received[1]!.at - r.received[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('sends each webhook only the event kinds it asked for', async () => {
    const r = await receiver([{ status: 200 }]);
    cleanups.push(r.close);
    const { ch } = channel([target(r.base, { id: 'exits', events: ['EXIT'] }), target(r.base, { id: 'all', url: `${r.base}/all`, events: ['ENTRY', 'EXIT', 'BREAKER'] })]);
    ch.deliver(note({ kind: 'ENTRY', title: 'Entry' }));
    ch.deliver(note({ kind: 'EXIT' }));
    ch.deliver(note({ kind: 'DAILY_SUMMARY', title: 'Daily' }));
    await ch.idle();
    const got = r.received.map((x) => `${x.path}:${(x.body as { kind: string }).kind}`).sort();
    expect(got).toEqual(['/all:ENTRY', '/all:EXIT', `${SECRET_PATH}:EXIT`]);
  });

  it('keeps the queue bounded: the oldest waiting delivery is dropped into the failed list', async () => {
    const r = await receiver(['hang']);
    cleanups.push(r.close);
    // Four are sent at once and hang; the queue holds five, so the sixth pushes out the fifth (oldest waiting).
    const { ch } = channel([target(r.base)], { webhook_queue_size: 5, webhook_timeout_ms: 5_000 });
    for (let i = 1; i <= 6; i++) ch.deliver(note({ title: `Exit ${i}` }));
    expect(ch.stats()).toMatchObject({ pending: 5, dropped: 1 });
    expect(ch.failed()).toEqual([expect.objectContaining({ title: 'Exit 5', attempts: 0, last_error: 'dropped: delivery queue full' })]);
  });

  it('posts the generic JSON, Discord and Slack shapes', async () => {
    const r = await receiver([{ status: 200 }]);
    cleanups.push(r.close);
    const { ch } = channel([
      target(r.base, { id: 'j', url: `${r.base}/json`, format: 'json' }),
      target(r.base, { id: 'd', url: `${r.base}/discord`, format: 'discord' }),
      target(r.base, { id: 's', url: `${r.base}/slack`, format: 'slack' }),
    ]);
    ch.deliver(note());
    await ch.idle();
    const by = (p: string) => r.received.find((x) => x.path === p)!.body;
    expect(by('/json')).toEqual({
      source: 'aurora-spot-nexus',
      kind: 'EXIT',
      title: 'Exit',
      text: 'BTCUSDT closed, realized PnL 12.5 USDT',
      at: Date.UTC(2026, 11, 1, 12, 0, 0),
      at_iso: '2026-12-01T12:00:00.000Z',
      data: { symbol: 'BTCUSDT', realized_pnl: '12.5' },
    });
    expect(by('/discord')).toEqual({
      username: 'Aurora Spot Nexus',
      embeds: [{ title: 'Exit', description: 'BTCUSDT closed, realized PnL 12.5 USDT', timestamp: '2026-12-01T12:00:00.000Z', color: 0x1565c0, footer: { text: 'EXIT' } }],
    });
    expect(by('/slack')).toEqual({
      text: '*Exit*\nBTCUSDT closed, realized PnL 12.5 USDT',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*Exit*\nBTCUSDT closed, realized PnL 12.5 USDT' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'EXIT · 2026-12-01T12:00:00.000Z' }] },
      ],
    });
  });
});
