import { Redis } from 'ioredis';
import type { RedisOptions } from 'bullmq';

export class BadQueueUrl extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`--queue ${url}: ${reason} (expected redis://[user:password@]host:port[/db])`);
    this.name = 'BadQueueUrl';
  }
}

/** The queue's name in Redis: one queue carries the trials of every run; job ids keep them apart. */
export const TRIAL_QUEUE = 'aurora-research-trials';

/**
 * `redis://host:6379[/db]` → BullMQ connection options. maxRetriesPerRequest null: BullMQ's
 * blocking commands must wait out a Redis restart instead of failing a worker.
 */
export function parseRedisUrl(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BadQueueUrl(url, 'not a URL');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new BadQueueUrl(url, `scheme ${u.protocol} is not redis:`);
  if (u.hostname === '') throw new BadQueueUrl(url, 'no host');
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    throw new BadQueueUrl(url, `database ${u.pathname.slice(1)} is not a number`);
  return {
    host: u.hostname,
    port: u.port === '' ? 6379 : Number(u.port),
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** Redis did not answer at start-up: said once, plainly, instead of retrying in silence. */
export class QueueUnreachable extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`--queue ${url}: Redis did not answer (${reason})`);
    this.name = 'QueueUnreachable';
  }
}

/**
 * One PING with no retries before BullMQ connects: BullMQ retries an unreachable Redis forever
 * and cannot be closed while it does, so an unreachable --queue would hang instead of failing.
 */
export async function assertReachable(url: string, timeoutMs = 5_000): Promise<void> {
  const client = new Redis({
    ...parseRedisUrl(url),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let socketError: Error | null = null;
  client.on('error', (err: Error) => {
    socketError ??= err;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new QueueUnreachable(url, (socketError ?? (err as Error)).message);
  } finally {
    client.disconnect();
  }
}
