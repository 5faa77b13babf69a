import { describe, expect, it } from 'vitest';
import { RuntimeConfig, RuntimeConfigPatch, defaultRuntimeConfig } from '@aurora/contracts';
import { EnvError, loadEnv } from '../config/env';

const TOKEN = '123456789:AAH-test-token-abcdefghijklmnopqrstu';

describe('notification settings', () => {
  it('an older runtime config without a notify section loads with Telegram on every kind and no webhooks', () => {
    const cfg = RuntimeConfig.parse({ symbols: ['ETHUSDT'] });
    expect(cfg.notify).toEqual(defaultRuntimeConfig().notify);
    expect(cfg.notify.webhooks).toEqual([]);
    expect(cfg.notify.telegram_events).toContain('DAILY_SUMMARY');
    expect(cfg.notify).toMatchObject({ webhook_timeout_ms: 5_000, webhook_max_attempts: 5, webhook_backoff_base_ms: 2_000, webhook_queue_size: 500, daily_summary: true });
  });

  it('a webhook gets the json format and every kind by default; a non-http URL or an unknown kind is refused', () => {
    const cfg = RuntimeConfig.parse({ notify: { webhooks: [{ id: 'ops', url: 'https://hooks.example/x' }] } });
    expect(cfg.notify.webhooks[0]).toMatchObject({ format: 'json', events: expect.arrayContaining(['ENTRY', 'EXIT', 'BREAKER', 'AUDIT']) });
    expect(RuntimeConfig.safeParse({ notify: { webhooks: [{ id: 'ops', url: 'ftp://hooks.example/x' }] } }).success).toBe(false);
    expect(RuntimeConfig.safeParse({ notify: { webhooks: [{ id: 'ops', url: 'https://h.example', events: ['FILLS'] }] } }).success).toBe(false);
    expect(RuntimeConfigPatch.safeParse({ notify: { webhooks: [], bogus: 1 } }).success).toBe(false);
  });

  it('Telegram token and chat ids go together, and a bad token is refused without echoing it', () => {
    expect(loadEnv({ AURORA_TELEGRAM_BOT_TOKEN: TOKEN, AURORA_TELEGRAM_CHAT_IDS: '123, -1001234567890' }).AURORA_TELEGRAM_CHAT_IDS).toEqual(['123', '-1001234567890']);
    expect(() => loadEnv({ AURORA_TELEGRAM_BOT_TOKEN: TOKEN })).toThrow(/AURORA_TELEGRAM_CHAT_IDS/);
    expect(() => loadEnv({ AURORA_TELEGRAM_CHAT_IDS: '123' })).toThrow(/go together/);
    expect(() => loadEnv({ AURORA_TELEGRAM_BOT_TOKEN: TOKEN, AURORA_TELEGRAM_CHAT_IDS: '@me' })).toThrow(/chat id must be an integer/);
    let caught: unknown;
    try {
      loadEnv({ AURORA_TELEGRAM_BOT_TOKEN: 'not-a-token-but-a-secret-anyway', AURORA_TELEGRAM_CHAT_IDS: '1' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvError);
    expect((caught as EnvError).message).toContain('AURORA_TELEGRAM_BOT_TOKEN');
    expect((caught as EnvError).message).not.toContain('not-a-token-but-a-secret-anyway');
  });
});
