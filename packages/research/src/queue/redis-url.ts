import type { RedisOptions } from 'bullmq';

export class BadQueueUrl extends Error {
  constructor(readonly url: string, reason: string) {
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
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new BadQueueUrl(url, `scheme ${u.protocol} is not redis:`);
  if (u.hostname === '') throw new BadQueueUrl(url, 'no host');
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new BadQueueUrl(url, `database ${u.pathname.slice(1)} is not a number`);
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
