import type { ConversationsAdapter } from '../../src/adapter/adapter.js';

type Method = {
  [K in keyof ConversationsAdapter]-?: ConversationsAdapter[K] extends (...args: never[]) => Promise<unknown>
    ? K
    : never;
}[keyof ConversationsAdapter];

/**
 * Fault injection behind the client, at the very edge: `method` of the real adapter answers with
 * `failure()` when that gives an error, and works for real otherwise. Everything else is the
 * adapter itself, so the client and the elements under test are real.
 */
export function failing(
  adapter: ConversationsAdapter,
  method: Method,
  failure: () => Error | undefined,
): ConversationsAdapter {
  return new Proxy(adapter, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === method) {
        return (...args: unknown[]) => {
          const error = failure();
          return error
            ? Promise.reject(error)
            : (target[method] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
