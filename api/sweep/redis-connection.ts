import { HelenError } from '../../core/index.js';

/** The one queue every sweep and every `helen worker` share, so a worker needs nothing but the Redis address. */
export const SWEEP_QUEUE = 'helen-sweep';

/** Connection settings for BullMQ (ioredis options). */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: object;
  /** BullMQ workers block on Redis; ioredis must wait for replies instead of failing them. */
  maxRetriesPerRequest: null;
  /** Delay before reconnect attempt `times`, ms: at most a second, so a restarted server is found again at once. */
  retryStrategy: (times: number) => number;
}

/** Parses `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS). */
export function parseRedisUrl(url: string): RedisConnection {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HelenError('E_REDIS_URL', `expected a Redis address such as redis://127.0.0.1:6379, got "${url}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new HelenError('E_REDIS_URL', `expected redis:// or rediss://, got "${u.protocol}" in "${url}"`);
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db))
    throw new HelenError('E_REDIS_URL', `the database after the port must be a number, got "${db}"`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // BullMQ's default backs off to 20 s between attempts; how long to keep trying is --redis-timeout's business.
    retryStrategy: (times: number) => Math.min(1000, 100 * times),
  };
}

/**
 * Connects once, without retries, before any BullMQ object exists: those retry
 * forever, so an unreachable or wrong address would otherwise hang silently.
 */
export async function probeRedis(url: string, timeoutMs = 5000): Promise<void> {
  // Loaded here, not at the top: only distributed sweeps need a Redis client, and it is slow to load.
  const { Redis } = await import('ioredis');
  const { db, ...address } = parseRedisUrl(url);
  const client = new Redis({
    ...address,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  client.on('error', () => {});
  try {
    try {
      await client.connect();
      await client.ping();
    } catch (e) {
      throw new HelenError(
        'E_REDIS',
        `cannot reach Redis at ${url}: ${(e as Error).message} (is redis-server running there?)`,
      );
    }
    // Selected here, not by the client on connecting: it reports a refused SELECT as an event and carries on in database 0.
    if (db !== undefined) {
      try {
        await client.select(db);
      } catch (e) {
        throw new HelenError(
          'E_REDIS_URL',
          `Redis at ${url} has no database ${db} (${(e as Error).message}): the server's "databases" setting bounds the number after the port (16 by default: 0 to 15)`,
        );
      }
    }
  } finally {
    client.disconnect();
  }
}

/** Waits for a BullMQ object to reach Redis, failing with a clear message instead of retrying forever. */
export async function ready(
  what: { waitUntilReady(): Promise<unknown> },
  url: string,
  timeoutMs = 5000,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new HelenError(
            'E_REDIS',
            `cannot reach Redis at ${url} within ${timeoutMs / 1000} s (is redis-server running?)`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([what.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Drops BullMQ connections to a Redis that is gone, without waiting for it:
 * BullMQ's disconnect waits for an 'end' event that a reconnecting client
 * never emits, so it is given one second (the sockets are closed at once anyway).
 */
export async function disconnectNow(...things: { disconnect(): Promise<unknown> }[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(things.map((t) => t.disconnect())),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000))),
  ]);
  clearTimeout(timer);
}
