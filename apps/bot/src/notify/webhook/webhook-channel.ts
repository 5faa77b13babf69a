import { randomUUID } from 'node:crypto';
import type { FailedDelivery, NotifyConfig, WebhookTarget } from '@aurora/contracts';
import type { Logger } from '../../logging/logger';
import { BoundedLog } from '../../state/bounded-log';
import type { Notification } from '../notification';
import type { NotifyChannel } from '../notifier';
import type { SecretScrubber } from '../secret-scrubber';
import { webhookBody } from './webhook-payload';

/** Deliveries sent at the same time, all webhooks together. */
const MAX_IN_FLIGHT = 4;
const FAILED_KEPT = 100;

interface Delivery {
  id: string;
  target: WebhookTarget;
  kind: Notification['kind'];
  title: string;
  body: string;
  attempts: number;
  firstAttemptAt: number | null;
  lastError: string | null;
  /** False while it waits for its backoff to pass or while it is being sent. */
  ready: boolean;
  timer: NodeJS.Timeout | null;
}

/** Why an attempt failed, and whether trying again can help. */
interface AttemptFailure {
  error: string;
  retry: boolean;
  /** A delay the receiver asked for (Retry-After), in ms. */
  retryAfterMs?: number;
}

export interface WebhookCounts {
  pending: number;
  delivered: number;
  failed: number;
  dropped: number;
}

/**
 * Webhook deliveries: one POST per notification and webhook that asked for its kind, retried
 * with exponential backoff (base × 2^(n−1), or the receiver's Retry-After if longer) on network
 * errors, timeouts, 408, 429 and 5xx; other 4xx are permanent. A delivery that runs out of
 * attempts, is refused for good, or is pushed out of the full queue lands in the failed list.
 * URLs are never logged or listed: only the webhook id and host.
 */
export class WebhookChannel implements NotifyChannel {
  readonly name = 'webhook';
  private queue: Delivery[] = [];
  private inFlight = 0;
  private closed = false;
  private readonly failedLog = new BoundedLog<FailedDelivery>(FAILED_KEPT);
  private readonly counts = { delivered: 0, failed: 0, dropped: 0 };
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly config: () => NotifyConfig,
    private readonly clock: { now(): number },
    private readonly scrubber: SecretScrubber,
    private readonly log: Logger,
  ) {}

  deliver(n: Notification): void {
    if (this.closed) return;
    const cfg = this.config();
    for (const target of cfg.webhooks) {
      if (!target.events.includes(n.kind)) continue;
      this.enqueue(cfg, {
        id: randomUUID(),
        target,
        kind: n.kind,
        title: n.title,
        body: JSON.stringify(webhookBody(target.format, n)),
        attempts: 0,
        firstAttemptAt: null,
        lastError: null,
        ready: true,
        timer: null,
      });
    }
    this.pump();
  }

  failed(limit = FAILED_KEPT): FailedDelivery[] {
    return this.failedLog.list(limit);
  }

  stats(): WebhookCounts {
    return { pending: this.queue.length, ...this.counts };
  }

  /** Resolves when nothing is queued or in flight (tests; a graceful stop). */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const d of this.queue) if (d.timer) clearTimeout(d.timer);
    this.queue = [];
    this.settleIdle();
  }

  private enqueue(cfg: NotifyConfig, d: Delivery): void {
    if (this.queue.length >= cfg.webhook_queue_size) {
      // Bounded: the oldest delivery not being sent right now makes room, and is listed as failed.
      const victimAt = this.queue.findIndex((x) => x.ready || x.timer !== null);
      const victim = victimAt >= 0 ? this.queue.splice(victimAt, 1)[0] : undefined;
      if (victim) {
        if (victim.timer) clearTimeout(victim.timer);
        this.counts.dropped += 1;
        this.recordFailed(victim, 'dropped: delivery queue full');
      }
    }
    this.queue.push(d);
  }

  private pump(): void {
    while (!this.closed && this.inFlight < MAX_IN_FLIGHT) {
      const d = this.queue.find((x) => x.ready);
      if (!d) break;
      d.ready = false;
      this.inFlight += 1;
      void this.attempt(d).finally(() => {
        this.inFlight -= 1;
        this.pump();
        this.settleIdle();
      });
    }
  }

  private async attempt(d: Delivery): Promise<void> {
    const cfg = this.config();
    d.attempts += 1;
    d.firstAttemptAt ??= this.clock.now();
    const failure = await this.post(d, cfg.webhook_timeout_ms);
    if (this.closed) return;
    if (!failure) {
      this.remove(d);
      this.counts.delivered += 1;
      return;
    }
    d.lastError = this.scrubber.scrub(failure.error);
    const host = hostOf(d.target.url);
    if (!failure.retry || d.attempts >= cfg.webhook_max_attempts) {
      this.remove(d);
      this.counts.failed += 1;
      this.recordFailed(d, d.lastError);
      this.log.warn({ webhook: d.target.id, host, kind: d.kind, attempts: d.attempts, error: d.lastError }, 'webhook delivery failed for good');
      return;
    }
    const backoff = cfg.webhook_backoff_base_ms * 2 ** (d.attempts - 1);
    const delay = Math.max(backoff, failure.retryAfterMs ?? 0);
    this.log.info({ webhook: d.target.id, host, attempt: d.attempts, retryInMs: delay, error: d.lastError }, 'webhook delivery failed; will retry');
    d.timer = setTimeout(() => {
      d.timer = null;
      d.ready = true;
      this.pump();
    }, delay);
    d.timer.unref();
  }

  private async post(d: Delivery, timeoutMs: number): Promise<AttemptFailure | null> {
    try {
      const res = await fetch(d.target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'aurora-spot-nexus' },
        body: d.body,
        // A redirect could carry the body to a host nobody configured.
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return null;
      const retryAfter = Number(res.headers.get('retry-after'));
      const retry = res.status === 408 || res.status === 429 || res.status >= 500;
      return { error: `HTTP ${res.status}`, retry, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: Math.min(retryAfter, 3_600) * 1000 } : {}) };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError') return { error: `timeout after ${timeoutMs} ms`, retry: true };
      return { error: `network error${e.cause?.code ? ` ${e.cause.code}` : ''}: ${e.message}`, retry: true };
    }
  }

  private remove(d: Delivery): void {
    const i = this.queue.indexOf(d);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private recordFailed(d: Delivery, error: string): void {
    this.failedLog.push({
      id: d.id,
      webhook_id: d.target.id,
      host: hostOf(d.target.url),
      format: d.target.format,
      kind: d.kind,
      title: d.title,
      attempts: d.attempts,
      first_attempt_at: d.firstAttemptAt,
      failed_at: this.clock.now(),
      last_error: error,
    });
  }

  private settleIdle(): void {
    if (this.queue.length > 0 || this.inFlight > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** The host only: Discord and Slack webhook URLs carry their secret in the path. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid url)';
  }
}
