import type { Redis } from 'ioredis';
import { HelenError } from '../../core/index.js';
import { parseRedisUrl } from './redis-connection.js';

/** How long Redis may stay unreachable after start-up before a sweep or a worker gives up (`--redis-timeout`), ms. */
export const DEFAULT_REDIS_TIMEOUT_MS = 60_000;

/** What to watch and whom to tell. */
export interface RedisHealthOptions {
  /** `redis://HOST:PORT[/DB]`. */
  url: string;
  /** How long Redis may stay unreachable before `onGiveUp`, ms. */
  timeoutMs: number;
  /** Time between two pings, ms (default 1000). */
  intervalMs?: number;
  /** One line when the connection is lost and one when it is back (never a stack trace, never repeated). */
  onNotice?: (message: string) => void;
  /** Redis is reachable again after it was lost (jobs may have vanished with a restart). */
  onBack?: () => void;
  /** Redis stayed unreachable for `timeoutMs`: called once, with the error to report. */
  onGiveUp: (e: HelenError) => void;
}

/** A running watch. */
export interface RedisHealth {
  /** True while Redis is unreachable. */
  readonly down: boolean;
  stop(): void;
}

/**
 * Watches a Redis server after start-up with a client of its own that never
 * queues commands: a ping every second tells whether the server answers.
 * BullMQ's own connections retry forever and report every failed reconnect;
 * this turns a lost server into one notice, a notice when it is back, and,
 * past `timeoutMs`, one error (`E_REDIS`) naming the deadline and its option.
 */
export async function watchRedis(options: RedisHealthOptions): Promise<RedisHealth> {
  // Loaded here, not at the top: only distributed sweeps need a Redis client.
  const { Redis } = await import('ioredis');
  const intervalMs = options.intervalMs ?? 1000;
  const client: Redis = new Redis({
    ...parseRedisUrl(options.url),
    connectTimeout: Math.max(1000, intervalMs),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => Math.min(500, intervalMs),
  });
  let lastError = '';
  client.on('error', (e: Error) => (lastError = e.message));
  let downSince: number | undefined;
  let checking = false;
  let stopped = false;
  const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

  const check = async (): Promise<void> => {
    if (checking || stopped) return;
    checking = true;
    try {
      await withTimeout(client.ping(), intervalMs * 2);
      if (downSince !== undefined && !stopped) {
        options.onNotice?.(`Redis at ${options.url} is back after ${seconds(Date.now() - downSince)}`);
        downSince = undefined;
        options.onBack?.();
      }
    } catch (e) {
      if (stopped) return;
      // ioredis's own words for a closed socket name its option, not the problem.
      const raw = lastError || (e as Error).message;
      const reason = /enableOfflineQueue/.test(raw) ? 'the connection was closed' : raw;
      if (downSince === undefined) {
        downSince = Date.now();
        options.onNotice?.(
          `lost the connection to Redis at ${options.url} (${reason}); waiting up to ${seconds(options.timeoutMs)} for it to come back (--redis-timeout)`,
        );
      } else if (Date.now() - downSince >= options.timeoutMs) {
        stop();
        options.onGiveUp(
          new HelenError(
            'E_REDIS',
            `Redis at ${options.url} has been unreachable for ${seconds(Date.now() - downSince)} (${reason}); gave up after --redis-timeout ${seconds(options.timeoutMs)}`,
          ),
        );
      }
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
    client.disconnect();
  };
  return {
    get down() {
      return downSince !== undefined;
    },
    stop,
  };
}

/**
 * Waits for a graceful close (`closing`) unless Redis is or goes down first:
 * then BullMQ's close would wait for it forever. True when the close finished.
 */
export async function closedWhileUp(health: RedisHealth, closing: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const down = new Promise<false>((resolve) => {
    const look = (): void => {
      if (health.down) resolve(false);
      else timer = setTimeout(look, 250);
    };
    look();
  });
  try {
    return await Promise.race([closing.then(() => true), down]);
  } finally {
    clearTimeout(timer);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
