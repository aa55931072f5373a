/**
 * The HTTP API (docs/openapi.yaml) on Fastify: JSON bodies checked as UTF-8 and capped, schemas
 * from the document, CORS for configured origins only (never /admin), security headers on every
 * answer, structured logs with a request id and no message text, and Prometheus figures.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify';
import { ValidationError } from '../../../src/core/index.js';
import type { AppContext } from './context.js';
import { safeError, sendError } from './errors.js';
import { stdoutPerTurn } from './log-stream.js';
import { logAnswer, OneLinePerRequest } from './request-log.js';
import { prepareRequests } from './route.js';
import { adminRoutes } from './routes/admin.js';
import { blockRoutes } from './routes/blocks.js';
import { moderationRoutes } from './routes/moderation.js';
import { conversationRoutes } from './routes/conversations.js';
import { directoryRoutes } from './routes/directory.js';
import { eventRoutes } from './routes/events.js';
import { messageChangeRoutes } from './routes/message-changes.js';
import { importRoutes } from './routes/import.js';
import { exportRoutes } from './routes/export.js';
import { messageRoutes } from './routes/messages.js';
import { operationsRoutes } from './routes/operations.js';
import { reportRoutes } from './routes/reports.js';
import { searchRoutes } from './routes/search.js';
import { settingsRoutes } from './routes/settings.js';
import { unreadRoutes } from './routes/unread.js';
import { presenceRoutes } from './routes/presence.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import { viewerRoutes } from './routes/viewer.js';
import { webhookRoutes } from './routes/webhooks.js';

/** One for the process: every app (tests start several) writes its lines through it. */
const logStream = stdoutPerTurn();

/** Everything under /admin/ is server to server: never offered to pages. */
const ADMIN_PREFIX = '/admin/';
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const ORIGIN_REFUSED = {
  code: 'forbidden',
  reason: 'not-allowed',
  field: 'request',
  message: 'Origin not allowed.',
} as const;

/** Headers a page may read: the request id, so that it can quote it when something fails. */
const EXPOSED_HEADERS = ['Retry-After', 'X-Request-Id'];

/** What every answer carries; helmet adds its other defaults to those that reach the hooks. */
const BASE_HEADERS = {
  'cache-control': 'no-store',
  vary: 'Origin',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

export interface BuildOptions {
  /** Makes the HTTP server (app.ts passes one that applies the timeouts and keeps the handler). */
  readonly serverFactory?: FastifyServerFactory;
  /** More routes, registered last (test servers: server/testing). */
  readonly extend?: (app: FastifyInstance, context: AppContext) => void;
}

export function buildApp(context: AppContext, options: BuildOptions = {}): FastifyInstance {
  const { config } = context;
  // The allowed origins as a set, made once: a delegator (the request's own options) cost the
  // CORS plugin a copy of them on every request.
  const corsOrigins = new Set(config.corsOrigins);
  const app = Fastify({
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
    bodyLimit: config.maxBodyBytes,
    // An id in a path is up to 200 code points, 12 characters each when percent-encoded: one
    // over that must reach the rulebook (a typed 400 `bad-id`), not the router's 414.
    routerOptions: { maxParamLength: 8192 },
    // A URL the router cannot take (bad percent-encoding, a path part past the length above) is
    // answered before any hook runs: the same body and headers as every other answer.
    frameworkErrors: (error, request, reply) => {
      reply.headers(BASE_HEADERS);
      reply.header('x-request-id', request.id);
      // No hook runs for these, the CORS plugin's neither: a page may read this answer too.
      const origin = request.headers.origin;
      if (origin !== undefined && corsOrigins.has(origin) && !request.url.startsWith(ADMIN_PREFIX)) {
        reply.header('access-control-allow-origin', origin);
        reply.header('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
      }
      // Fastify tells the log controller such a request arrived, never that it was answered.
      reply.raw.once('finish', () => logAnswer(request, reply));
      return sendError(error, request, reply);
    },
    // A proxy's id is kept, so one request can be followed through both logs.
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    logController: new OneLinePerRequest(),
    logger: {
      level: config.logLevel,
      stream: logStream,
      // The URL without its query: a search is what a member typed.
      serializers: {
        req: (request: { method: string; url: string; ip?: string }) => ({
          method: request.method,
          path: request.url.split('?')[0],
          address: request.ip,
        }),
        res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
      },
    },
    ajv: {
      // Input is checked as sent: nothing coerced, removed or filled in before the rules see it.
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, strict: false },
    },
  });

  // JSON only, valid UTF-8 only: a body that would decode to replacement characters is refused,
  // not stored altered. `application/json-seq` and the like are other types.
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.addContentTypeParser(
    /^application\/json\s*(;.*)?$/i,
    { parseAs: 'buffer' },
    (request, body: Buffer, done) => {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
      if (charset && !/^utf-?8$/i.test(charset)) {
        return done(
          new ValidationError('bad-request', 'Send JSON in UTF-8.', { field: 'request' }),
          undefined,
        );
      }
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        return done(
          new ValidationError('malformed-text', 'The request body is not valid UTF-8.', { field: 'request' }),
          undefined,
        );
      }
      parseJson(request, text, done);
    },
  );

  prepareRequests(app);
  app.setErrorHandler((error, request, reply) => sendError(error as Error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith(ADMIN_PREFIX)) reply.removeHeader('access-control-allow-origin');
    return reply.code(404).send({ code: 'not-found', message: 'Not found.' });
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Vary: answers differ by origin (CORS), so caches must keep them apart, allowed or not.
    // CSP: an API answer is data, never a page: nothing in it may load or be framed.
    reply.headers(BASE_HEADERS);
  });
  app.register(helmet, {
    global: true,
    // Set above, in the exact words of the API's promise.
    contentSecurityPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    // HSTS belongs to the TLS proxy in front (server/README.md).
    strictTransportSecurity: false,
  });
  // The admin API is never offered to pages: its preflights are refused before the CORS plugin
  // (whose preflight route answers every path), its routes switch CORS off (route.ts), and a
  // path under it that names no route gets no grant either (the not-found handler).
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'OPTIONS' || !request.url.startsWith(ADMIN_PREFIX)) return;
    return reply.code(403).send(ORIGIN_REFUSED);
  });
  app.register(cors, {
    hook: 'onRequest',
    // Reflects the request's origin when it is one of the configured ones.
    origin: (origin, callback) => callback(null, origin !== undefined && corsOrigins.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID', 'X-Request-Id'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    strictPreflight: true,
  });

  // A preflight the CORS plugin did not answer is from an origin not allowed (or for /admin).
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'OPTIONS') return;
    return reply.code(403).send(ORIGIN_REFUSED);
  });

  app.addHook('onResponse', async (request, reply) => {
    const config = request.routeOptions.config;
    context.metrics.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      config?.stream ? undefined : reply.elapsedTime / 1000,
    );
  });
  app.addHook('onError', async (request, _reply, error) => {
    // The error handler logs what it did not expect; this notes a failure the client caused.
    if ((error as { statusCode?: number }).statusCode === undefined) return;
    request.log.debug({ failure: safeError(error) }, 'request refused');
  });

  // Registered as a plugin, so that hooks added before `ready()` (the route table) see every route.
  app.register(async (api) => {
    for (const routes of [
      operationsRoutes,
      viewerRoutes,
      directoryRoutes,
      conversationRoutes,
      messageRoutes,
      messageChangeRoutes,
      unreadRoutes,
      settingsRoutes,
      presenceRoutes,
      reportRoutes,
      searchRoutes,
      blockRoutes,
      eventRoutes,
      exportRoutes,
      unsubscribeRoutes,
      adminRoutes,
      moderationRoutes,
      importRoutes,
      webhookRoutes,
    ]) {
      routes(api, context);
    }
    options.extend?.(api, context);
  });
  return app;
}

/** Timeouts of one listening server: a slow or silent client cannot hold a connection forever. */
export function applyTimeouts(server: Server, context: AppContext): void {
  const { timeouts } = context.config;
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  server.keepAliveTimeout = timeouts.keepAliveMs;
  // Idle sockets (nothing read or written); event streams switch this off for themselves.
  server.timeout = timeouts.idleMs;
}
