/**
 * The HTTP API (docs/openapi.yaml) on `node:http`: routing, CORS, size-capped JSON bodies, error
 * mapping, and the process-level wiring of database, store, live events, limits and email.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConvError,
  RateLimitedError,
  ValidationError,
  resolvePolicy,
  type Policy,
} from '../../src/core/index.js';
import { TokenVerifier, UnauthenticatedError, isAdmin, mintToken, type Caller } from './auth.js';
import type { RateLimits, ServerConfig } from './config.js';
import { inSchema, openPglite, openPostgres, type Database } from './db.js';
import { Mailer } from './mailer.js';
import { migrate } from './migrations.js';
import { JOBS_CHANNEL } from './queue/jobs.js';
import { Worker } from './queue/worker.js';
import { EVENTS_CHANNEL, Store, isRecord } from './store.js';
import { EventHub } from './streams.js';

export interface RunningServer {
  readonly url: string;
  /** `url` and the extra ports' URLs (test servers). */
  readonly urls: readonly string[];
  readonly database: Database;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (context: RequestContext) => Promise<void>;

interface RequestContext {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
}

const STATUS_OF: Record<ConvError['code'], number> = {
  validation: 400,
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
  'rate-limited': 429,
  unavailable: 503,
};

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}

function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (error instanceof ConvError) {
    const headers: Record<string, string> = {};
    if (error instanceof RateLimitedError)
      headers['retry-after'] = String(Math.ceil(error.retryAfterMs / 1000));
    sendJson(response, STATUS_OF[error.code], error.toJSON(), headers);
  } else if (error instanceof UnauthenticatedError) {
    sendJson(
      response,
      401,
      { code: 'forbidden', reason: 'not-allowed', field: 'request', message: error.message },
      {
        'www-authenticate': 'Bearer',
      },
    );
  } else if (error instanceof HttpError) {
    const code = error.status === 404 ? 'not-found' : error.status === 403 ? 'forbidden' : 'validation';
    sendJson(response, error.status, {
      code,
      message: error.message,
      ...(code === 'validation' ? { reason: 'bad-request', field: 'request' } : {}),
      ...(code === 'forbidden' ? { reason: 'not-allowed', field: 'request' } : {}),
    });
  } else if ((error as { code?: string }).code === 'ECONNRESET') {
    // The client went away mid-request: nobody is left to answer.
    response.destroy();
  } else {
    console.error('Unexpected error:', error);
    sendJson(response, 503, { code: 'unavailable', message: 'The conversation service failed; try again.' });
  }
}

async function readJson(request: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? 0);
  const tooLarge = () =>
    new ValidationError('too-large', `The request is larger than ${limit} bytes.`, {
      field: 'request',
      limit,
    });
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ValidationError('bad-request', 'Send the request body as application/json.', {
      field: 'request',
    });
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ValidationError('bad-request', 'The request body is not valid JSON.', { field: 'request' });
  }
}

function optionalNumber(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  return raw === null ? undefined : raw.trim() === '' ? Number.NaN : Number(raw);
}

function optionalString(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const database = config.databaseUrl
    ? await openPostgres(config.databaseUrl, config.databaseSchema)
    : await openPglite(config.dataDir);
  await migrate(database);
  const mailer = config.smtpUrl
    ? new Mailer(config.smtpUrl, config.mailFrom, config.linkTemplate)
    : undefined;
  const hub = new EventHub(config.heartbeatMs);
  await database.listen(
    EVENTS_CHANNEL,
    (payload) => hub.notified(payload),
    () => hub.pumpAll(),
  );
  const verifier = new TokenVerifier(config);
  const faults = { crashAfterCommit: false };

  /** One isolated set of data with its rules. Production has one, ''; test servers make more. */
  interface Space {
    readonly store: Store;
    /** Delivers the space's queued notifications. */
    readonly worker: Worker;
  }
  const makeSpace = (store: Store): Space => ({
    store,
    worker: new Worker(store.db, mailer ? { email: mailer.handler(store.db) } : {}).start(),
  });
  const spaces = new Map<string, Space>([
    ['', makeSpace(new Store(database, config.policy, mailer !== undefined, '', config.rateLimits))],
  ]);
  await database.listen(
    JOBS_CHANNEL,
    (space) => spaces.get(space)?.worker.wake(),
    () => spaces.forEach(({ worker }) => worker.wake()),
  );

  /**
   * Test servers: a space made earlier, perhaps by another process on the same database or before
   * a restart, is opened from its schema with the options stored there.
   */
  const findSpace = async (name: string): Promise<Space | undefined> => {
    const known = spaces.get(name);
    if (known || !config.testMode || !/^t_[a-z0-9_]{1,40}$/.test(name)) return known;
    const exists = await database.query('select 1 from information_schema.schemata where schema_name = $1', [
      name,
    ]);
    if (exists.length === 0) return undefined;
    const scoped = inSchema(database, name);
    const [row] = await scoped.query<{ policy: Partial<Policy>; rate_limits: Partial<RateLimits> }>(
      'select policy, rate_limits from space_options',
    );
    if (!row) return undefined;
    const space = makeSpace(
      new Store(scoped, resolvePolicy({ ...config.policy, ...row.policy }), mailer !== undefined, name, {
        ...config.rateLimits,
        ...row.rate_limits,
      }),
    );
    spaces.set(name, space);
    return space;
  };

  const member = async (request: IncomingMessage): Promise<Caller & Space> => {
    const caller = await verifier.verify(request);
    const space = await findSpace(caller.space);
    // A valid token for someone the portal has not (or no longer) listed opens nothing.
    if (!space || !(await space.store.memberExists(caller.memberId))) {
      throw new UnauthenticatedError('This member is not in the directory.');
    }
    return { ...caller, ...space };
  };
  const admin = async (request: IncomingMessage): Promise<Space> => {
    if (!isAdmin(request, config)) throw new HttpError(403, 'The admin API needs the server secret.');
    const header = request.headers['x-conv-space'];
    const space = await findSpace(config.testMode && typeof header === 'string' ? header : '');
    if (!space) throw new HttpError(404, 'No such space.');
    return space;
  };
  const crashPoint = (): void => {
    if (faults.crashAfterCommit) {
      // Test fault: the send committed and the process dies before answering.
      process.kill(process.pid, 'SIGKILL');
    }
  };

  const routes: [string, RegExp, Handler][] = [
    [
      'GET',
      /^\/health$/,
      async ({ response }) => sendJson(response, 200, { ok: true, database: database.kind }),
    ],
    [
      'GET',
      /^\/v1\/viewer$/,
      async ({ request, response }) => {
        const { store, memberId } = await member(request);
        sendJson(response, 200, await store.getViewer(memberId));
      },
    ],
    [
      'GET',
      /^\/v1\/policy$/,
      async ({ request, response }) => sendJson(response, 200, (await member(request)).store.policy),
    ],
    [
      'GET',
      /^\/v1\/directory$/,
      async ({ request, response, query }) => {
        const { store } = await member(request);
        const items = await store.searchDirectory(
          query.get('q') ?? '',
          optionalNumber(query, 'limit'),
          optionalString(query, 'kind'),
        );
        sendJson(response, 200, { items });
      },
    ],
    [
      'GET',
      /^\/v1\/directory\/(members|groups)\/([^/]+)$/,
      async ({ request, response, params }) => {
        const { store } = await member(request);
        sendJson(
          response,
          200,
          await store.getParty({ kind: params[0] === 'members' ? 'member' : 'group', id: params[1] }),
        );
      },
    ],
    [
      'GET',
      /^\/v1\/conversations$/,
      async ({ request, response, query }) => {
        const { store, memberId } = await member(request);
        sendJson(
          response,
          200,
          await store.listConversations(
            memberId,
            optionalString(query, 'after'),
            optionalNumber(query, 'limit'),
          ),
        );
      },
    ],
    [
      'POST',
      /^\/v1\/conversations$/,
      async ({ request, response }) => {
        const { store, memberId } = await member(request);
        const input = await readJson(request, config.maxBodyBytes);
        const result = await store.startConversation(memberId, input);
        crashPoint();
        sendJson(response, result.stored ? 201 : 200, {
          conversation: result.conversation,
          message: result.message,
        });
      },
    ],
    [
      'GET',
      /^\/v1\/conversations\/([^/]+)$/,
      async ({ request, response, params }) => {
        const { store, memberId } = await member(request);
        sendJson(response, 200, await store.getConversation(memberId, params[0]));
      },
    ],
    [
      'GET',
      /^\/v1\/conversations\/([^/]+)\/messages$/,
      async ({ request, response, params, query }) => {
        const { store, memberId } = await member(request);
        sendJson(
          response,
          200,
          await store.listMessages(
            memberId,
            params[0],
            optionalString(query, 'before'),
            optionalNumber(query, 'limit'),
          ),
        );
      },
    ],
    [
      'POST',
      /^\/v1\/conversations\/([^/]+)\/messages$/,
      async ({ request, response, params }) => {
        const { store, memberId } = await member(request);
        const input = await readJson(request, config.maxBodyBytes);
        const result = await store.sendMessage(memberId, params[0], input);
        crashPoint();
        sendJson(response, result.stored ? 201 : 200, result.message);
      },
    ],
    [
      'PUT',
      /^\/v1\/conversations\/([^/]+)\/read$/,
      async ({ request, response, params }) => {
        const { store, memberId } = await member(request);
        const input = await readJson(request, config.maxBodyBytes);
        if (!isRecord(input))
          throw new ValidationError('bad-request', 'Send {"upTo": messageId}.', { field: 'request' });
        await store.markRead(memberId, params[0], input.upTo);
        sendJson(response, 204, undefined);
      },
    ],
    [
      'GET',
      /^\/v1\/unread$/,
      async ({ request, response }) => {
        const { store, memberId } = await member(request);
        sendJson(response, 200, await store.getUnreadSummary(memberId));
      },
    ],
    [
      'GET',
      /^\/v1\/settings$/,
      async ({ request, response }) => {
        const { store, memberId } = await member(request);
        sendJson(response, 200, await store.getSettings(memberId));
      },
    ],
    [
      'PATCH',
      /^\/v1\/settings$/,
      async ({ request, response }) => {
        const { store, memberId } = await member(request);
        sendJson(
          response,
          200,
          await store.updateSettings(memberId, await readJson(request, config.maxBodyBytes)),
        );
      },
    ],
    [
      'POST',
      /^\/v1\/reports$/,
      async ({ request, response }) => {
        const { store, memberId } = await member(request);
        sendJson(response, 201, await store.report(memberId, await readJson(request, config.maxBodyBytes)));
      },
    ],
    [
      'GET',
      /^\/v1\/events$/,
      async ({ request, response }) => {
        const caller = await member(request);
        const lastEventId = request.headers['last-event-id'];
        await hub.open(
          caller.store,
          caller.memberId,
          typeof lastEventId === 'string' ? lastEventId : undefined,
          caller.expiresAt,
          response,
        );
      },
    ],
    // ------------------------------------------------------------- admin (the portal's server)
    [
      'PUT',
      /^\/admin\/v1\/directory$/,
      async ({ request, response }) => {
        const { store } = await admin(request);
        sendJson(response, 200, await store.loadDirectory(await readJson(request, 16 * 1024 * 1024)));
      },
    ],
    [
      'PUT',
      /^\/admin\/v1\/groups\/([^/]+)\/members\/([^/]+)$/,
      async ({ request, response, params }) => {
        const { store } = await admin(request);
        const input = await readJson(request, config.maxBodyBytes);
        await store.setGroupRole(params[0], params[1], isRecord(input) ? input.role : undefined);
        sendJson(response, 204, undefined);
      },
    ],
    [
      'DELETE',
      /^\/admin\/v1\/groups\/([^/]+)\/members\/([^/]+)$/,
      async ({ request, response, params }) => {
        const { store } = await admin(request);
        await store.setGroupRole(params[0], params[1], null);
        sendJson(response, 204, undefined);
      },
    ],
    [
      'GET',
      /^\/admin\/v1\/reports$/,
      async ({ request, response }) => {
        const { store } = await admin(request);
        sendJson(response, 200, { items: await store.listReports() });
      },
    ],
    [
      'POST',
      /^\/admin\/v1\/tokens$/,
      async ({ request, response }) => {
        await admin(request);
        const input = await readJson(request, config.maxBodyBytes);
        if (!isRecord(input) || typeof input.memberId !== 'string') {
          throw new ValidationError('bad-request', 'Send {"memberId": id, "expiresIn": seconds}.', {
            field: 'request',
          });
        }
        const expiresIn = input.expiresIn === undefined ? 3600 : input.expiresIn;
        if (
          typeof expiresIn !== 'number' ||
          !Number.isSafeInteger(expiresIn) ||
          expiresIn < 1 ||
          expiresIn > 86_400
        ) {
          throw new ValidationError('bad-request', 'expiresIn is 1 to 86400 seconds.', { field: 'request' });
        }
        if (!config.jwtSecret) throw new HttpError(404, 'Tokens can be minted only with a shared secret.');
        sendJson(response, 201, { token: await mintToken(config, input.memberId, expiresIn) });
      },
    ],
  ];

  if (config.testMode) {
    routes.push(
      [
        'POST',
        /^\/admin\/v1\/test\/spaces$/,
        async ({ request, response }) => {
          await admin(request);
          const input = await readJson(request, config.maxBodyBytes);
          const options = isRecord(input) ? input : {};
          const name =
            typeof options.name === 'string' && /^t_[a-z0-9_]{1,40}$/.test(options.name)
              ? options.name
              : `t_${randomBytes(8).toString('hex')}`;
          const policy = resolvePolicy({
            ...config.policy,
            ...(isRecord(options.policy) ? (options.policy as Partial<Policy>) : {}),
          });
          const limits = {
            ...config.rateLimits,
            ...(isRecord(options.rateLimits) ? (options.rateLimits as Partial<RateLimits>) : {}),
          };
          await database.exec(`create schema if not exists ${name}`);
          const scoped = inSchema(database, name);
          await migrate(scoped);
          await scoped.exec(
            'create table if not exists space_options (policy jsonb not null, rate_limits jsonb not null)',
          );
          await scoped.transaction(async (tx) => {
            await tx.query('delete from space_options');
            await tx.query('insert into space_options (policy, rate_limits) values ($1, $2)', [
              JSON.stringify(policy),
              JSON.stringify(limits),
            ]);
          });
          await spaces.get(name)?.worker.stop();
          spaces.set(name, makeSpace(new Store(scoped, policy, mailer !== undefined, name, limits)));
          sendJson(response, 201, { space: name, policy, rateLimits: limits });
        },
      ],
      [
        'DELETE',
        /^\/admin\/v1\/test\/spaces\/(t_[a-z0-9_]{1,40})$/,
        async ({ request, response, params }) => {
          await admin(request);
          hub.dropAll(params[0]);
          await spaces.get(params[0])?.worker.stop();
          spaces.delete(params[0]);
          // In a transaction, which retries a deadlock: a request of the space still finishing
          // (an event replay, a mail) can hold a lock the drop needs while waiting for another.
          await database.transaction((tx) => tx.exec(`drop schema if exists ${params[0]} cascade`));
          sendJson(response, 204, undefined);
        },
      ],
      [
        'POST',
        /^\/admin\/v1\/test\/faults$/,
        async ({ request, response }) => {
          const { store } = await admin(request);
          const input = await readJson(request, config.maxBodyBytes);
          const options = isRecord(input) ? input : {};
          faults.crashAfterCommit = options.crashAfterCommit === true;
          const streams = hub.countIn(store.space);
          if (options.dropStreams === true) hub.dropAll(store.space);
          sendJson(response, 200, { streams, dropped: options.dropStreams === true ? streams : 0 });
        },
      ],
      [
        'POST',
        /^\/admin\/v1\/test\/prune-events$/,
        async ({ request, response }) => {
          const { store } = await admin(request);
          sendJson(response, 200, { pruned: await store.pruneEvents(0) });
        },
      ],
      [
        'GET',
        /^\/admin\/v1\/test\/queue$/,
        async ({ request, response }) => {
          const { store } = await admin(request);
          sendJson(response, 200, await store.queueFigures());
        },
      ],
      [
        'GET',
        /^\/admin\/v1\/test\/streams$/,
        async ({ request, response }) => {
          const { store } = await admin(request);
          sendJson(response, 200, { streams: hub.countIn(store.space) });
        },
      ],
    );
  }

  const cors = (request: IncomingMessage, response: ServerResponse, path: string): boolean => {
    const origin = request.headers.origin;
    // The admin API is server to server: never open to pages.
    if (!origin || path.startsWith('/admin/') || !config.corsOrigins.includes(origin)) return false;
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'Origin');
    response.setHeader('access-control-expose-headers', 'Retry-After');
    return true;
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const allowed = cors(request, response, url.pathname);
    if (request.method === 'OPTIONS') {
      if (!allowed)
        return sendJson(response, 403, {
          code: 'forbidden',
          reason: 'not-allowed',
          message: 'Origin not allowed.',
        });
      response.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
      response.setHeader('access-control-allow-headers', 'Authorization, Content-Type, Last-Event-ID');
      response.setHeader('access-control-max-age', '600');
      return sendJson(response, 204, undefined);
    }
    let pathMatched = false;
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      pathMatched = true;
      if (method !== request.method) continue;
      let params: string[];
      try {
        params = match.slice(1).map((part) => decodeURIComponent(part));
      } catch {
        return sendError(response, new HttpError(404, 'Not found.'));
      }
      handler({ request, response, params, query: url.searchParams }).catch((error: unknown) =>
        sendError(response, error),
      );
      return;
    }
    sendError(
      response,
      new HttpError(pathMatched ? 405 : 404, pathMatched ? 'Method not allowed.' : 'Not found.'),
    );
  };

  const prune = () =>
    Promise.all([...spaces.values()].map(({ store }) => store.pruneEvents(config.eventRetentionMs))).catch(
      (error: unknown) => console.error('Pruning events:', error instanceof Error ? error.message : error),
    );
  await prune();
  const pruning = setInterval(prune, 3_600_000);
  pruning.unref();

  const listen = async (port: number) => {
    const server = createServer(handle);
    server.requestTimeout = 0;
    server.headersTimeout = 10_000;
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, config.host, resolve);
    });
    return server;
  };
  const servers = [await listen(config.port)];
  for (const port of config.extraPorts) servers.push(await listen(port));
  const urls = servers.map((server) => `http://${config.host}:${(server.address() as AddressInfo).port}`);
  return {
    url: urls[0],
    urls,
    database,
    async close() {
      clearInterval(pruning);
      hub.close();
      await Promise.all([...spaces.values()].map(({ worker }) => worker.stop()));
      await Promise.all(
        servers.map((server) => {
          server.closeAllConnections();
          return new Promise<void>((resolve) => server.close(() => resolve()));
        }),
      );
      mailer?.close();
      await database.close();
    },
  };
}
