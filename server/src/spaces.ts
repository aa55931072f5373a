/** A space: one set of data with its limits. Production serves one; test servers make more. */
import type { RateLimits } from './config.js';
import type { Space, Spaces } from './http/context.js';
import { SlidingWindow } from './rate-limit.js';
import type { Store } from './store.js';

export function makeSpace(store: Store, limits: RateLimits): Space {
  return {
    store,
    sends: new SlidingWindow(limits.sendsPerMinute, 60_000, 'messages'),
    starts: new SlidingWindow(limits.conversationsPerHour, 3_600_000, 'new conversations'),
  };
}

/** The production case: the one space, named ''. */
export function singleSpace(space: Space): Spaces {
  return {
    find: async (name) => (name === '' ? space : undefined),
    all: () => [space],
  };
}
