import type { NotificationsResponse, RuntimeConfig } from '@aurora/contracts';
import type { WsHub } from '../api/routes/ws';
import type { Env } from '../config/env';
import type { Logger } from '../logging/logger';
import type { BotContext } from '../runtime/bot-context';
import { DailySummarySchedule } from './daily-summary';
import { NotificationBus, type NotifyChannel } from './notifier';
import { notifyStateChanges, teeRuntimeEvents } from './runtime-tap';
import { SecretScrubber } from './secret-scrubber';
import { TelegramChannel } from './telegram/telegram-channel';
import { WebhookChannel } from './webhook/webhook-channel';

export interface NotifierHandle {
  /** The runtime's event hub with the notifier teed in (attach this one to the runtime). */
  tee(hub: WsHub): WsHub;
  status(): Omit<NotificationsResponse, 'truth'>;
  readonly telegram: TelegramChannel | null;
  readonly webhooks: WebhookChannel;
  readonly bus: NotificationBus;
  close(): Promise<void>;
}

export interface NotifierDeps {
  env: Env;
  log: Logger;
  clock: { now(): number };
  ctx: Pick<BotContext, 'snapshot' | 'trading' | 'control' | 'state' | 'metrics' | 'token'>;
  config: () => RuntimeConfig;
}

/** Every secret this process knows; none of them may leave in a notification or an error line. */
function secretsOf(env: Env, apiToken: string, config: () => RuntimeConfig): () => (string | undefined)[] {
  const fixed = [
    apiToken,
    env.AURORA_TELEGRAM_BOT_TOKEN,
    env.AURORA_SIM_API_KEY,
    env.AURORA_SIM_API_SECRET,
    env.BINANCE_TESTNET_API_KEY,
    env.BINANCE_TESTNET_API_SECRET,
    env.BINANCE_API_KEY,
    env.BINANCE_API_SECRET,
  ];
  return () => [...fixed, ...config().notify.webhooks.map((w) => w.url)];
}

/**
 * The notifier, wired once: runtime events and no-go changes → one bus → Telegram (when a token
 * and chats are configured) and the webhooks of the runtime config; plus the daily summary.
 */
export function startNotifier(d: NotifierDeps): NotifierHandle {
  const log = d.log.child({ component: 'notify' });
  const scrubber = new SecretScrubber(secretsOf(d.env, d.ctx.token, d.config));
  const notifyConfig = () => d.config().notify;
  const webhooks = new WebhookChannel(notifyConfig, d.clock, scrubber, log);
  const telegram =
    d.env.AURORA_TELEGRAM_BOT_TOKEN && d.env.AURORA_TELEGRAM_CHAT_IDS.length > 0
      ? new TelegramChannel({
          token: d.env.AURORA_TELEGRAM_BOT_TOKEN,
          chatIds: d.env.AURORA_TELEGRAM_CHAT_IDS,
          apiRoot: d.env.AURORA_TELEGRAM_API_ROOT,
          ctx: d.ctx,
          config: notifyConfig,
          clock: d.clock,
          scrubber,
          log,
          registry: d.ctx.metrics.registry,
        })
      : null;
  const channels: NotifyChannel[] = telegram ? [telegram, webhooks] : [webhooks];
  const bus = new NotificationBus(channels, scrubber, log);
  const unwatch = notifyStateChanges(d.ctx.state, bus);
  const summary = new DailySummarySchedule(d.ctx, d.config, d.clock, bus);
  summary.start();
  telegram?.start();

  return {
    tee: (hub) => teeRuntimeEvents(hub, bus),
    status: () => ({
      telegram: telegram?.status() ?? { enabled: false, polling: false, chats: 0, sent: 0, send_failures: 0, ignored_updates: 0, last_error: null },
      webhooks: { configured: notifyConfig().webhooks.length, ...webhooks.stats() },
      failed_deliveries: webhooks.failed(),
    }),
    telegram,
    webhooks,
    bus,
    async close() {
      unwatch();
      summary.stop();
      await bus.close();
    },
  };
}
