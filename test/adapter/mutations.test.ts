/**
 * The conformance suite must fail an adapter that breaks a rule. Here the real local adapter is
 * broken on purpose, one rule at a time, by wrapping it; the suite's tests are collected through
 * a runner of our own (the suite's `runner` option) and the one that guards the rule is run
 * against the broken adapter: it must fail with the suite's AssertionError. The last test runs
 * the same tests against the unbroken adapter, which passes them (the whole suite runs on it in
 * test/adapters/local/conformance.test.ts).
 */
import { expect } from '@open-wc/testing';
import type { ConversationsAdapter } from '../../src/adapter/adapter.js';
import type { AdapterEventListener } from '../../src/adapter/events.js';
import { ConformanceAssertionError, runConformanceSuite } from '../../src/adapter/conformance/index.js';
import type { ConformanceFactory } from '../../src/adapter/conformance/index.js';
import type { HookBody, RunnerGlobals, TestBody } from '../../src/adapter/conformance/globals.js';
import { ForbiddenError, NotFoundError } from '../../src/core/errors.js';
import { createClientId } from '../../src/core/ids.js';
import { createLocalConformanceBackend } from '../helpers/local-backend.js';

interface Collected {
  readonly tests: Map<string, TestBody>;
  readonly before: HookBody[];
  readonly after: HookBody[];
}

/** A runner that only records what the suite registers. */
function collect(factory: ConformanceFactory): Collected {
  const collected: Collected = { tests: new Map(), before: [], after: [] };
  const path: string[] = [];
  const runner: RunnerGlobals = {
    describe(name, body) {
      path.push(name);
      body();
      path.pop();
    },
    it(name, body) {
      collected.tests.set([...path, name].join(' > '), body);
    },
    beforeEach(body) {
      collected.before.push(body);
    },
    afterEach(body) {
      collected.after.push(body);
    },
  };
  runConformanceSuite('mutant', factory, { runner, eventTimeoutMs: 1500 });
  return collected;
}

/** Runs the one collected test whose name contains `fragment`, with its hooks; returns its failure. */
async function runOne(collected: Collected, fragment: string): Promise<unknown> {
  const names = [...collected.tests.keys()].filter((name) => name.includes(fragment));
  expect(names, `tests named like "${fragment}"`).to.have.length(1);
  for (const hook of collected.before) await hook();
  try {
    await collected.tests.get(names[0]!)!.call(undefined);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    for (const hook of collected.after) await hook();
  }
}

/** Replacement methods; `insider` is ana's (unbroken) adapter, for mutants that leak what she sees. */
type Patch = (
  adapter: ConversationsAdapter,
  insider: () => Promise<ConversationsAdapter>,
) => Partial<ConversationsAdapter>;

/** The local adapter with some methods replaced. */
function mutant(patch: Patch): ConformanceFactory {
  return async (options) => {
    const backend = await createLocalConformanceBackend(options);
    return {
      ...backend,
      async adapterFor(memberId) {
        const real = await backend.adapterFor(memberId);
        const replaced = patch(real, async () => backend.adapterFor('ana'));
        return new Proxy(real, {
          get(target, property, receiver) {
            if (Object.hasOwn(replaced, property)) return replaced[property as keyof ConversationsAdapter];
            const value: unknown = Reflect.get(target, property, receiver);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      },
    };
  };
}

const MUTATIONS: [rule: string, test: string, patch: Patch][] = [
  [
    'answers Forbidden instead of NotFound to outsiders',
    'an outsider cannot list, read, send to, mark read or report a 1:1',
    (a) => ({
      getConversation: (id, options) =>
        a.getConversation(id, options).catch((error: unknown) => {
          throw error instanceof NotFoundError
            ? new ForbiddenError('not-allowed', 'You are not in it.')
            : error;
        }),
    }),
  ],
  [
    'says "you are not a participant" only where the conversation exists',
    'an outsider cannot list, read, send to, mark read or report a 1:1',
    (a, insider) => ({
      getConversation: (id, options) =>
        a.getConversation(id, options).catch(async (error: unknown) => {
          const exists = await (await insider()).getConversation(id).then(
            () => true,
            () => false,
          );
          throw exists ? new NotFoundError('You are not a participant.') : error;
        }),
    }),
  ],
  [
    'silently drops the tenth invitee',
    'a tenth invitee is refused',
    (a) => ({
      startConversation: (input, options) =>
        a.startConversation({ ...input, recipients: input.recipients.slice(0, 9) }, options),
    }),
  ],
  [
    'cuts a long message instead of refusing it',
    '1,001 characters are refused',
    (a) => ({
      sendMessage: (input, options) =>
        a.sendMessage({ ...input, body: Array.from(input.body).slice(0, 1000).join('') }, options),
      startConversation: (input, options) =>
        a.startConversation({ ...input, body: Array.from(input.body).slice(0, 1000).join('') }, options),
    }),
  ],
  [
    'is not idempotent on clientId',
    'sending with the same clientId three times',
    (a) => ({
      sendMessage: (input, options) => a.sendMessage({ ...input, clientId: createClientId() }, options),
    }),
  ],
  [
    'starts a new conversation for the same participants',
    'the same participants started again',
    (a) => {
      let count = 0;
      return {
        startConversation: (input, options) =>
          a.startConversation(
            // A new outsider each time makes a new participant set, and so a new conversation.
            count++ === 0
              ? input
              : { ...input, recipients: [...input.recipients, { kind: 'member', id: 'zo' }] },
            options,
          ),
      };
    },
  ],
  [
    'lists oldest activity first',
    'conversations come newest activity first',
    (a) => ({
      listConversations: async (options) => {
        const page = await a.listConversations(options);
        return { ...page, items: [...page.items].reverse() };
      },
    }),
  ],
  [
    'loses the next cursor',
    'conversations come newest activity first',
    (a) => ({
      listConversations: async (options) => ({ items: (await a.listConversations(options)).items }),
    }),
  ],
  ['ignores markRead', 'markRead clears up to the message', () => ({ markRead: async () => undefined })],
  [
    'searches with accents and case',
    'search finds members and groups by part of the name',
    (a) => ({
      searchDirectory: async (query, options) =>
        (await a.searchDirectory(query, options)).filter((party) =>
          party.name.toLowerCase().includes(query.toLowerCase()),
        ),
    }),
  ],
  [
    'resets the other switch on a patch',
    'default to both on; a patch changes one switch',
    (a) => ({
      updateSettings: (patch, options) => a.updateSettings({ inApp: true, email: true, ...patch }, options),
    }),
  ],
  [
    'delivers every event twice',
    'message-added reaches every participant once',
    (a) => ({
      subscribe: (listener: AdapterEventListener) =>
        a.subscribe((event) => {
          listener(event);
          listener(event);
        }),
    }),
  ],
  [
    'keeps calling a listener after unsubscribe',
    'none after unsubscribing',
    (a) => ({
      subscribe: (listener: AdapterEventListener) => {
        a.subscribe(listener);
        return () => undefined;
      },
    }),
  ],
  [
    'never delivers read-changed',
    'read-changed reaches the reader in every tab',
    (a) => ({
      subscribe: (listener: AdapterEventListener) =>
        a.subscribe((e) => e.type !== 'read-changed' && listener(e)),
    }),
  ],
  [
    'returns an empty report id',
    'a participant reports a message and a conversation',
    (a) => ({ report: async (input, options) => ({ id: (await a.report(input, options)).id.slice(0, 0) }) }),
  ],
  [
    'reports the default policy whatever the backend enforces',
    'a policy given to the backend is reported and enforced',
    (a) => ({ getPolicy: async (options) => ({ ...(await a.getPolicy(options)), maxMessageLength: 1000 }) }),
  ],
];

describe('the conformance suite fails a broken adapter', () => {
  for (const [rule, test, patch] of MUTATIONS) {
    it(`that ${rule}`, async () => {
      const failure = await runOne(collect(mutant(patch)), test);
      expect(failure, 'the guarding test failed').to.be.instanceOf(ConformanceAssertionError);
    });
  }

  it('and passes the same tests against the unbroken local adapter', async () => {
    const collected = collect(createLocalConformanceBackend);
    for (const test of new Set(MUTATIONS.map(([, name]) => name))) {
      expect(await runOne(collected, test), test).to.equal(undefined);
    }
  });
});
