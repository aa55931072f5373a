/**
 * Browser-side helpers for the HTTP adapter's tests: real reference-server processes started by
 * the test runner's `conv-server` plugin (server/testing/wtr-plugin.mjs), which also plays the
 * portal's part (admin API calls with the server secret, member tokens signed with its key).
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { ConformanceBackend, ConformanceFactory } from '../../../src/adapter/conformance/harness.js';
import type { AdapterEvent } from '../../../src/adapter/events.js';
import type { Policy } from '../../../src/core/policy.js';
import type { DirectoryData, GroupRole } from '../../../src/core/types.js';
import { HttpAdapter } from '../../../src/adapters/http/index.js';
import { createClientId } from '../../../src/core/ids.js';
import { parseModeratedMemberId } from '../../../src/core/member-status.js';
import { pathSegment } from '../../../src/adapters/http/encode.js';
import { errorFromPayload, type ErrorPayload } from '../../../src/core/errors.js';

export type Backend = 'pglite' | 'postgres';

export interface TestServer {
  readonly id: string;
  readonly url: string;
  /** The same API on several ports: see `memberAdapter`. */
  readonly urls: readonly string[];
  readonly backend: Backend;
}

export interface AdminResult {
  readonly status: number;
  /** The answer's content type. */
  readonly type: string;
  /** Parsed JSON, or the text of an answer of another type. */
  readonly body?: unknown;
}

async function command<T>(name: string, payload?: unknown): Promise<T> {
  const result = await executeServerCommand<T, unknown>(name, payload);
  if (result === undefined)
    throw new Error(`The test runner has no ${name} command: is the conv-server plugin loaded?`);
  return result;
}

export async function hasPostgres(): Promise<boolean> {
  return (await command<{ postgres: boolean }>('conv-env')).postgres;
}

/** Waits for a plugin job in turns (a browser command is answered within 20 s or never). */
async function finish<T>(started: { job: string }): Promise<T> {
  for (let turn = 0; turn < 20; turn++) {
    const state = await command<{ done: boolean; value?: T }>('conv-wait', { job: started.job });
    if (state.done) return state.value as T;
  }
  throw new Error('The test server did not start within four minutes.');
}

export async function startServer(
  options: {
    backend?: Backend;
    env?: Record<string, string>;
    shareWith?: string;
    captureLogs?: boolean;
  } = {},
): Promise<TestServer> {
  return finish(await command<{ job: string }>('conv-server-start', { origin: location.origin, ...options }));
}

export function stopServer(server: TestServer): Promise<boolean> {
  return command('conv-server-stop', { id: server.id });
}

/** Kills the process (SIGKILL) and starts it again on the same port and data. */
export async function restartServer(server: TestServer): Promise<{ url: string }> {
  return finish(await command<{ job: string }>('conv-server-restart', { id: server.id }));
}

/** Sends NDJSON lines to `POST /admin/v1/import` from the test runner's process, as a portal would. */
export function importLines(
  server: TestServer,
  space: string,
  lines: readonly (string | object)[],
  options: { contentType?: string; bearer?: string | null } = {},
) {
  const text = lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
  return command<AdminResult>('conv-admin', {
    id: server.id,
    method: 'POST',
    path: '/admin/v1/import',
    text,
    contentType: options.contentType,
    space,
    bearer: options.bearer,
  });
}

/** Calls the admin API from the test runner's process, as the portal's server would. */
export function admin(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
  space?: string,
  /** Sent instead of the server secret (a member token, or null for none), to test refusals. */
  bearer?: string | null,
) {
  return command<AdminResult>('conv-admin', { id: server.id, method, path, body, space, bearer });
}

async function adminOk(
  server: TestServer,
  method: string,
  path: string,
  body: unknown,
  space: string,
  status: number,
) {
  const result = await admin(server, method, path, body, space);
  if (result.status !== status) {
    throw new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
  }
  return result.body;
}

/** A fresh, empty, isolated backend on the server, with its own limits. */
export async function createSpace(
  server: TestServer,
  options: {
    policy?: Partial<Policy>;
    rateLimits?: { sendsPerMinute?: number; conversationsPerHour?: number; reportsPerHour?: number };
  } = {},
): Promise<string> {
  const body = (await adminOk(server, 'POST', '/admin/v1/test/spaces', options, '', 201)) as {
    space: string;
  };
  return body.space;
}

export function deleteSpace(server: TestServer, space: string): Promise<unknown> {
  return adminOk(server, 'DELETE', `/admin/v1/test/spaces/${space}`, undefined, '', 204);
}

export function loadDirectory(
  server: TestServer,
  space: string,
  directory: DirectoryData | unknown,
): Promise<unknown> {
  return adminOk(server, 'PUT', '/admin/v1/directory', directory, space, 200);
}

export function setGroupRole(
  server: TestServer,
  space: string,
  groupId: string,
  memberId: string,
  role: GroupRole | null,
) {
  const path = `/admin/v1/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(memberId)}`;
  return role === null
    ? adminOk(server, 'DELETE', path, undefined, space, 204)
    : adminOk(server, 'PUT', path, { role }, space, 204);
}

/** S14: `follower` follows `followed` (or no longer), through the admin API. */
export function setFollow(
  server: TestServer,
  space: string,
  followerId: string,
  followedId: string,
  following: boolean,
) {
  const path = `/admin/v1/members/${encodeURIComponent(followerId)}/follows/${encodeURIComponent(followedId)}`;
  return adminOk(server, following ? 'PUT' : 'DELETE', path, undefined, space, 204);
}

export function mintToken(
  server: TestServer,
  memberId: string,
  space: string,
  options: { expiresIn?: number; otherKey?: boolean; jwks?: string } = {},
): Promise<string> {
  return command('conv-token', { id: server.id, memberId, space, ...options });
}

/** What a member's request answers: its status and its parsed body (`{}` when empty). */
export interface MemberAnswer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads its own shape
  readonly body: any;
}

/**
 * A space for tests that load the server: limits high enough not to be what is measured, the
 * directory loaded, a token per member, and `call`, a member's request as `fetch` makes it,
 * spread over the server's ports unless `url` says which.
 */
export async function loadedSpace(
  server: TestServer,
  directory: DirectoryData,
): Promise<{
  space: string;
  call: (
    memberId: string,
    method: string,
    path: string,
    body?: unknown,
    url?: string,
  ) => Promise<MemberAnswer>;
}> {
  const space = await createSpace(server, {
    rateLimits: { sendsPerMinute: 10_000, conversationsPerHour: 1_000 },
  });
  await loadDirectory(server, space, directory);
  const tokens = new Map(
    await Promise.all(
      directory.members.map(async ({ id }) => [id, await mintToken(server, id, space)] as const),
    ),
  );
  let port = 0;
  const call = async (memberId: string, method: string, path: string, body?: unknown, url?: string) => {
    const response = await fetch(new URL(path, url ?? server.urls[port++ % server.urls.length]), {
      method,
      headers: {
        authorization: `Bearer ${tokens.get(memberId)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };
  return { space, call };
}

let nextPort = 0;

/**
 * An adapter for a member, with a token minted for them (and minted again when it expires).
 * Each adapter's event stream holds an HTTP/1.1 connection and Chromium allows six per host and
 * port, so adapters take the server's ports in turn (production serves HTTP/2 instead).
 */
export function memberAdapter(
  server: TestServer,
  space: string,
  memberId: string,
  url = server.urls[nextPort++ % server.urls.length],
): HttpAdapter {
  return new HttpAdapter({
    baseUrl: url,
    token: () => mintToken(server, memberId, space),
    reconnectDelayMs: 100,
    maxReconnectDelayMs: 1000,
  });
}

/**
 * A fresh space where Ana has written to Bo: what tests of the HTTP layer need to have a real
 * conversation to ask about. Returns the space and the conversation's id.
 */
export async function spaceWithOneConversation(
  server: TestServer,
  body: string,
): Promise<{ space: string; conversationId: string }> {
  const space = await createSpace(server);
  await loadDirectory(server, space, {
    members: [
      { id: 'ana', name: 'Ana' },
      { id: 'bo', name: 'Bo' },
    ],
    groups: [],
  });
  const ana = memberAdapter(server, space, 'ana', server.urls[0]);
  try {
    const { conversation } = await ana.startConversation({
      recipients: [{ kind: 'member', id: 'bo' }],
      body,
      clientId: createClientId(),
    });
    return { space, conversationId: conversation.id };
  } finally {
    ana.close();
  }
}

/** Opens the adapter's event stream and waits until it is connected (bounded). */
export async function live(adapter: HttpAdapter): Promise<HttpAdapter> {
  await adapter.whenLive(AbortSignal.timeout(15_000));
  return adapter;
}

/** One server process per test file, started on first use. */
export function lazyServer(backend: Backend, env?: Record<string, string>, captureLogs = false) {
  let started: Promise<TestServer> | undefined;
  return {
    get(): Promise<TestServer> {
      // A failed start is not kept: the next test tries again.
      started ??= startServer({ backend, env, captureLogs }).catch((error: unknown) => {
        started = undefined;
        throw error;
      });
      return started;
    },
    async stop(): Promise<void> {
      if (started) await stopServer(await started);
      started = undefined;
    },
  };
}

/**
 * An admin moderation call (S16–S18) as the portal makes it; a refusal is thrown as the typed
 * error its body names, so the conformance suite sees the same refusal as from the local backend.
 */
export async function moderate(
  server: TestServer,
  space: string,
  method: 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<void> {
  const result = await admin(server, method, `/admin/v1${path}`, body, space);
  if (result.status === 204) return;
  const payload = result.body as Partial<ErrorPayload> | undefined;
  throw typeof payload?.code === 'string' && typeof payload.message === 'string'
    ? errorFromPayload(payload as ErrorPayload)
    : new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
}

/** The conformance suite's factory: each backend is a fresh space on the shared server. */
export function httpFactory(server: () => Promise<TestServer>): ConformanceFactory {
  return async (options) => {
    const running = await server();
    const space = await createSpace(running, { policy: options.policy });
    const adapters: HttpAdapter[] = [];
    const backend: ConformanceBackend = {
      loadDirectory: async (directory) => {
        await loadDirectory(running, space, directory);
      },
      setGroupRole: async (groupId, memberId, role) => {
        await setGroupRole(running, space, groupId, memberId, role);
      },
      setFollow: async (followerId, followedId, following) => {
        await setFollow(running, space, followerId, followedId, following);
      },
      blockMember: async (memberId) =>
        moderate(running, space, 'PUT', `/members/${pathSegment(memberId, parseModeratedMemberId)}/block`),
      unblockMember: async (memberId) =>
        moderate(running, space, 'DELETE', `/members/${pathSegment(memberId, parseModeratedMemberId)}/block`),
      deleteMember: async (memberId, { eraseMessages }) =>
        moderate(
          running,
          space,
          'DELETE',
          `/members/${pathSegment(memberId, parseModeratedMemberId)}${eraseMessages ? '?erase=messages' : ''}`,
        ),
      setGroupReaders: async (groupId, readers) =>
        moderate(running, space, 'PUT', `/groups/${pathSegment(groupId, parseModeratedMemberId)}/readers`, {
          readers,
        }),
      ageMessages: async (ms) => {
        await adminOk(running, 'POST', '/admin/v1/test/age-messages', { ms }, space, 200);
      },
      adapterFor: async (memberId) => {
        const adapter = memberAdapter(running, space, memberId);
        adapters.push(adapter);
        // Events are promised from the moment an adapter is handed out: wait until its stream is
        // live (a member the directory lacks never gets one; that adapter is refused anyway).
        await adapter.whenLive(AbortSignal.timeout(5000)).catch(() => undefined);
        return adapter;
      },
      dispose: async () => {
        for (const adapter of adapters) adapter.close();
        await deleteSpace(running, space);
      },
    };
    return backend;
  };
}

export interface RawAnswer {
  /** The status the server gave, 0 for none. */
  readonly status: number;
  /** When the server answered or closed, from the first byte sent. */
  readonly afterMs: number;
  /** Whether the server closed the connection. */
  readonly closed: boolean;
  /** What came back, head and body (the first 4,000 characters). */
  readonly received: string;
}

/**
 * A request written by hand from the test runner's process, as a slow or broken client would
 * (and with every response header readable, which a cross-origin page cannot do): the head, then
 * the body's pieces with `pauseMs` before each.
 */
export function rawRequest(
  server: TestServer,
  request: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    pieces?: string[];
    pauseMs?: number;
    waitMs?: number;
    /** False: the head's closing blank line is not sent (the pieces may go on with header lines). */
    endHead?: boolean;
    /** Connect and send nothing. */
    silent?: boolean;
  },
): Promise<RawAnswer> {
  return command('conv-raw-request', { id: server.id, ...request });
}

/** The response headers of a raw answer, by lower-case name. */
export function headersOf(answer: RawAnswer): Record<string, string> {
  const head = answer.received.split('\r\n\r\n')[0].split('\r\n').slice(1);
  return Object.fromEntries(
    head.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
}

/** The server's log lines so far (JSON), for a server started with `captureLogs`. */
export async function serverLogs(server: TestServer): Promise<string[]> {
  const lines = await command<string[]>('conv-server-logs', { id: server.id });
  return lines.filter((line) => line.startsWith('{'));
}

/** The first matching event the adapter hears from now on, bounded so that "never" fails instead of hanging. */
export function nextAdapterEvent(
  adapter: HttpAdapter,
  match: (event: AdapterEvent) => boolean,
  what: string,
): Promise<AdapterEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${what} within 15 s`));
    }, 15_000);
    const stop = adapter.subscribe((event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      stop();
      resolve(event);
    });
  });
}
