// Preloaded with `node --import` by lazy-redis.test.ts: any import of bullmq or ioredis fails loudly, so a command
// that loads them when it does not need them (everything but distributed sweeps and `helen worker`) fails the test.
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (/^(bullmq|ioredis)(\\/|$)/.test(specifier)) throw new Error('forbidden import of ' + specifier + ' (from ' + context.parentURL + ')');
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
