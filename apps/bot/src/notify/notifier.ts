import type { Logger } from '../logging/logger';
import type { Notification } from './notification';
import type { SecretScrubber } from './secret-scrubber';

/** Anything that can be told a notification; the runtime only ever sees this. */
export interface Notifier {
  notify(n: Notification): void;
}

/** One way out (Telegram, webhooks). A channel picks the kinds it wants and never throws into the caller. */
export interface NotifyChannel {
  readonly name: string;
  deliver(n: Notification): void;
  close(): Promise<void>;
}

/**
 * The one notifier: scrubs secrets out of every notification once, then hands it to each
 * channel. A channel that throws is logged and the others still get the news.
 */
export class NotificationBus implements Notifier {
  constructor(
    private readonly channels: readonly NotifyChannel[],
    private readonly scrubber: SecretScrubber,
    private readonly log: Logger,
  ) {}

  notify(n: Notification): void {
    const clean: Notification = {
      kind: n.kind,
      at: n.at,
      title: this.scrubber.scrub(n.title),
      text: this.scrubber.scrub(n.text),
      data: Object.fromEntries(Object.entries(n.data).map(([k, v]) => [k, this.scrubber.scrub(v)])),
    };
    for (const ch of this.channels) {
      try {
        ch.deliver(clean);
      } catch (err) {
        this.log.error({ channel: ch.name, err: this.scrubber.scrub((err as Error).message) }, 'notification channel failed');
      }
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.channels.map((c) => c.close()));
  }
}
