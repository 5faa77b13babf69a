import { Bot, GrammyError, HttpError } from 'grammy';
import { Counter, type Registry } from 'prom-client';
import type { NotifyConfig, NotificationsResponse } from '@aurora/contracts';
import type { Logger } from '../../logging/logger';
import type { BotContext } from '../../runtime/bot-context';
import type { Notification } from '../notification';
import type { NotifyChannel } from '../notifier';
import type { SecretScrubber } from '../secret-scrubber';
import { TELEGRAM_COMMANDS, registerTelegramCommands } from './telegram-commands';

/** Messages waiting to go out; beyond it new ones are dropped and counted (Telegram allows ~30/s). */
const MAX_QUEUED = 200;
/** After the polling loop stops on an error (bad token, network at start-up), try again after this. */
const RESTART_AFTER_MS = 30_000;
/** Telegram's limit for one message. */
const MAX_TEXT = 4_000;
/** Longest wait for the send queue and grammY's stop at shutdown. */
const STOP_WAIT_MS = 3_000;
/** Longest 429 wait we honour before sending once more. */
const MAX_RETRY_AFTER_S = 30;

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export interface TelegramOptions {
  token: string;
  chatIds: readonly string[];
  apiRoot?: string;
  ctx: Pick<BotContext, 'snapshot' | 'trading' | 'control'>;
  config: () => NotifyConfig;
  clock: { now(): number };
  scrubber: SecretScrubber;
  log: Logger;
  registry: Registry;
}

/**
 * The Telegram channel: notifications to every configured chat, and the operator's commands
 * from those chats only (an update from any other chat is ignored and counted, never answered).
 * grammY's errors can carry the request URL, which holds the bot token: every error text goes
 * through the scrubber before it is logged or kept.
 */
export class TelegramChannel implements NotifyChannel {
  readonly name = 'telegram';
  readonly bot: Bot;
  private readonly chats: Set<string>;
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private stopped = false;
  private polling = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly stats = { sent: 0, sendFailures: 0, ignored: 0, dropped: 0 };
  private lastError: string | null = null;
  private readonly ignoredCounter: Counter;
  private readonly sentCounter: Counter;

  constructor(private readonly o: TelegramOptions) {
    this.chats = new Set(o.chatIds);
    this.bot = new Bot(o.token, o.apiRoot ? { client: { apiRoot: o.apiRoot } } : {});
    this.ignoredCounter = new Counter({ name: 'aurora_telegram_ignored_updates_total', help: 'Telegram updates from chats that are not configured (ignored)', registers: [o.registry] });
    this.sentCounter = new Counter({ name: 'aurora_telegram_messages_total', help: 'Telegram messages sent, by outcome', labelNames: ['outcome'], registers: [o.registry] });

    // First: only configured chats get past this point.
    this.bot.use(async (c, next) => {
      const chat = c.chat?.id ?? c.callbackQuery?.message?.chat.id;
      if (chat === undefined || !this.chats.has(String(chat))) {
        this.stats.ignored += 1;
        this.ignoredCounter.inc();
        this.o.log.warn({ chat: chat ?? null, update: c.update.update_id }, 'telegram update from an unconfigured chat ignored');
        return;
      }
      try {
        await next();
      } catch (err) {
        const text = this.describe(err);
        this.o.log.error({ err: text }, 'telegram command failed');
        await c.reply(`Failed: ${text}`).catch(() => undefined);
      }
    });
    registerTelegramCommands(this.bot, o.ctx, o.clock, (err) => this.describe(err));
    this.bot.catch((err) => {
      this.lastError = this.describe(err.error);
      this.o.log.error({ err: this.lastError }, 'telegram update handling failed');
    });
  }

  /** Start long polling in the background; a failure is logged (scrubbed) and retried later. */
  start(): void {
    if (this.stopped || this.polling) return;
    this.polling = true;
    this.bot
      .start({
        allowed_updates: ['message', 'callback_query'],
        onStart: () => {
          this.o.log.info({ chats: this.chats.size }, 'telegram bot polling');
          this.bot.api.setMyCommands([...TELEGRAM_COMMANDS]).catch((err: unknown) => this.noteError('setMyCommands', err));
        },
      })
      .catch((err: unknown) => this.noteError('polling', err))
      .finally(() => {
        this.polling = false;
        if (this.stopped) return;
        this.restartTimer = setTimeout(() => this.start(), RESTART_AFTER_MS);
        this.restartTimer.unref();
      });
  }

  deliver(n: Notification): void {
    if (this.stopped || !this.o.config().telegram_events.includes(n.kind)) return;
    if (this.queued >= MAX_QUEUED) {
      this.stats.dropped += 1;
      this.sentCounter.inc({ outcome: 'dropped' });
      return;
    }
    const text = (n.text ? `${n.title}\n${n.text}` : n.title).slice(0, MAX_TEXT);
    this.queued += 1;
    // One message at a time, in order: a trip must not arrive before the entry that caused it.
    this.queue = this.queue.then(async () => {
      for (const chat of this.chats) await this.send(chat, text);
      this.queued -= 1;
    });
  }

  /** Resolves when every queued message has been tried. */
  flushed(): Promise<void> {
    return this.queue;
  }

  status(): NotificationsResponse['telegram'] {
    return {
      enabled: true,
      polling: this.polling && this.bot.isRunning(),
      chats: this.chats.size,
      sent: this.stats.sent,
      send_failures: this.stats.sendFailures,
      ignored_updates: this.stats.ignored,
      last_error: this.lastError,
    };
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await Promise.race([this.queue, sleep(STOP_WAIT_MS)]);
    // stop() confirms the update offset with one more request; an unreachable API must not hold the shutdown.
    if (this.bot.isRunning()) await Promise.race([this.bot.stop().catch((err: unknown) => this.noteError('stop', err)), sleep(STOP_WAIT_MS)]);
  }

  private async send(chat: string, text: string, retried = false): Promise<void> {
    try {
      await this.bot.api.sendMessage(chat, text);
      this.stats.sent += 1;
      this.sentCounter.inc({ outcome: 'sent' });
    } catch (err) {
      const retryAfter = err instanceof GrammyError ? err.parameters.retry_after : undefined;
      if (!retried && retryAfter !== undefined && retryAfter <= MAX_RETRY_AFTER_S) {
        await sleep(retryAfter * 1000);
        return this.send(chat, text, true);
      }
      this.stats.sendFailures += 1;
      this.sentCounter.inc({ outcome: 'failed' });
      this.noteError('sendMessage', err);
    }
  }

  private noteError(what: string, err: unknown): void {
    this.lastError = `${what}: ${this.describe(err)}`;
    this.o.log.error({ err: this.lastError }, 'telegram request failed');
  }

  /** An error as text with the token taken out (HttpError wraps the fetch error, whose text has the URL). */
  private describe(err: unknown): string {
    let text: string;
    if (err instanceof HttpError) text = `${err.message} (${err.error instanceof Error ? err.error.message : String(err.error)})`;
    else if (err instanceof GrammyError) text = `${err.method}: ${err.error_code} ${err.description}`;
    else text = err instanceof Error ? err.message : String(err);
    return this.o.scrubber.scrub(text);
  }
}
