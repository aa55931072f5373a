/**
 * A network between a client and a real adapter that can misbehave the ways networks do, switched
 * on and off while a test runs (the same `EdgeFaults` object may be shared by every tab, as one
 * network is):
 *
 * - `unavailable`: every request fails as an unreachable service would (`UnavailableError`, with
 *   `retryAfterMs` when set) without reaching the backend;
 * - `dropAnswers`: a send reaches the backend and commits, then its answer is lost;
 * - `duplicateEvents`: every live event arrives twice;
 * - `lateEventsMs`: live events arrive that much later (still in order), so answers overtake them.
 *
 * `advertisedPolicy` lets the edge tell the client other limits than the backend keeps, so that a
 * message the client accepts is refused by the backend itself (a `ValidationError`).
 *
 * It wraps whatever methods the adapter has (a Proxy), so it keeps working as the contract grows.
 */
import type { ConversationsAdapter } from '../../src/adapter/adapter.js';
import type { AdapterEvent, AdapterEventListener } from '../../src/adapter/events.js';
import { UnavailableError } from '../../src/core/errors.js';
import type { Policy } from '../../src/core/policy.js';

export interface EdgeFaults {
  unavailable: boolean;
  retryAfterMs?: number;
  dropAnswers: boolean;
  duplicateEvents: boolean;
  lateEventsMs: number;
}

export function healthyNetwork(): EdgeFaults {
  return { unavailable: false, dropAnswers: false, duplicateEvents: false, lateEventsMs: 0 };
}

export interface FaultyEdgeOptions {
  readonly advertisedPolicy?: Partial<Policy>;
  /** Told of every `sendMessage` the backend committed (whether its answer got back or not). */
  readonly onSendReached?: (input: { clientId: string; body: string }) => void;
}

export function faultyEdge(
  adapter: ConversationsAdapter,
  faults: EdgeFaults,
  options: FaultyEdgeOptions = {},
): ConversationsAdapter {
  const unreachable = () => new UnavailableError('The test network is down.', faults.retryAfterMs);

  function subscribe(listener: AdapterEventListener): () => void {
    // Late events keep their order: each waits for the one before it.
    let queue = Promise.resolve();
    let open = true;
    const deliver = (event: AdapterEvent) => {
      if (!open) return;
      listener(event);
      if (faults.duplicateEvents) listener(event);
    };
    const unsubscribe = adapter.subscribe((event) => {
      const late = faults.lateEventsMs;
      if (late <= 0) {
        queue = queue.then(() => deliver(event));
        return;
      }
      queue = queue
        .then(() => new Promise<void>((resolve) => setTimeout(resolve, late)))
        .then(() => deliver(event));
    });
    return () => {
      open = false;
      unsubscribe();
    };
  }

  return new Proxy(adapter, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === 'subscribe') return subscribe;
      if (typeof value !== 'function' || key === 'close') {
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      }
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        if (faults.unavailable) throw unreachable();
        const answer = await method.apply(target, args);
        if (key === 'sendMessage') {
          const input = args[0] as { clientId: string; body: string };
          options.onSendReached?.(input);
          if (faults.dropAnswers) throw new UnavailableError('The answer was lost on the way.');
        }
        if (key === 'getPolicy' && options.advertisedPolicy) {
          return { ...(answer as Policy), ...options.advertisedPolicy };
        }
        // The network went down while the request was out: the backend did it, the answer is lost.
        if (faults.unavailable) throw unreachable();
        return answer;
      };
    },
  });
}
