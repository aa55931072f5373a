/**
 * Records what one subscriber of an adapter receives, and waits for an event with a liveness
 * bound. The bound is not a timing assertion: it only turns "never arrived" into a readable
 * failure instead of a hung test. "Exactly one" and "none" are proved by waiting for a later
 * marker event on the same path and then counting, never by waiting a while and hoping.
 */
import type { ConversationsAdapter } from '../adapter.js';
import type { AdapterEvent, Unsubscribe } from '../events.js';
import type { Message } from '../../core/types.js';
import { ConformanceAssertionError } from './assert.js';

export type EventPredicate = (event: AdapterEvent) => boolean;

interface Waiter {
  readonly predicate: EventPredicate;
  readonly resolve: (event: AdapterEvent) => void;
}

export class EventRecorder {
  readonly events: AdapterEvent[] = [];
  private readonly waiters = new Set<Waiter>();
  private unsubscribe: Unsubscribe | undefined;

  /**
   * @param label who is listening, for failure messages ("bo's adapter")
   * @param timeoutMs how long `waitFor` waits before failing
   */
  constructor(
    adapter: Pick<ConversationsAdapter, 'subscribe'>,
    readonly label: string,
    readonly timeoutMs = 3000,
  ) {
    this.unsubscribe = adapter.subscribe((event) => this.receive(event));
    if (typeof this.unsubscribe !== 'function') {
      throw new ConformanceAssertionError(`${label}: subscribe() did not return an unsubscribe function`);
    }
  }

  private receive(event: AdapterEvent): void {
    this.events.push(event);
    for (const waiter of this.waiters) {
      if (waiter.predicate(event)) {
        this.waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
  }

  /** The events received so far that match. */
  matching(predicate: EventPredicate): AdapterEvent[] {
    return this.events.filter(predicate);
  }

  count(predicate: EventPredicate): number {
    return this.matching(predicate).length;
  }

  /**
   * The first matching event, already received or still to come. Fails after `timeoutMs` with
   * what was expected and what did arrive.
   */
  waitFor(predicate: EventPredicate, description: string): Promise<AdapterEvent> {
    const seen = this.events.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise<AdapterEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const got = this.events.map(describeEvent).join(', ') || 'nothing';
        reject(
          new ConformanceAssertionError(
            `${this.label} received no ${description} within ${this.timeoutMs} ms (liveness bound); ` +
              `it received: ${got}`,
          ),
        );
      }, this.timeoutMs);
      const waiter: Waiter = {
        predicate,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Stops listening. Safe to call twice. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}

/** "message-added c1/m7": enough to tell events apart in a failure message. */
export function describeEvent(event: AdapterEvent): string {
  switch (event.type) {
    case 'message-added':
    case 'conversation-added':
    case 'message-changed':
      return `${event.type} ${event.conversation.id}/${event.message.id}`;
    case 'read-changed':
      return `${event.type} ${event.conversationId}/${event.upTo} (${event.unreadCount} unread)`;
    case 'settings-changed':
      return `${event.type} ${JSON.stringify(event.settings)}`;
    default:
      return event.type;
  }
}

/** The conversation an event is about, if any. */
export function conversationOf(event: AdapterEvent): string | undefined {
  switch (event.type) {
    case 'message-added':
    case 'conversation-added':
    case 'message-changed':
      return event.conversation.id;
    case 'read-changed':
      return event.conversationId;
    default:
      return undefined;
  }
}

export const about =
  (conversationId: string): EventPredicate =>
  (event) =>
    conversationOf(event) === conversationId;

export const conversationAdded =
  (conversationId: string): EventPredicate =>
  (event) =>
    event.type === 'conversation-added' && event.conversation.id === conversationId;

export const messageAdded =
  (messageId: string): EventPredicate =>
  (event) =>
    event.type === 'message-added' && event.message.id === messageId;

/** A `message-changed` event for this message, optionally one whose message passes `test`. */
export const messageChanged =
  (messageId: string, test: (message: Message) => boolean = () => true): EventPredicate =>
  (event) =>
    event.type === 'message-changed' && event.message.id === messageId && test(event.message);

export const readChanged =
  (conversationId: string): EventPredicate =>
  (event) =>
    event.type === 'read-changed' && event.conversationId === conversationId;

export const settingsChanged: EventPredicate = (event) => event.type === 'settings-changed';
