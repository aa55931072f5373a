/**
 * The process: opens the database and applies migrations, wires the store, live events, mail,
 * limits and metrics, builds the HTTP API (`http/app.ts`) and listens. Test servers
 * (server/testing/main.ts) add their spaces and routes through `ServerExtension`; production
 * (`main.ts`) adds none.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { TokenVerifier } from './auth.js';
import type { ServerConfig } from './config.js';
import { openPglite, openPostgres, type Database } from './db.js';
import { AdminGuard } from './http/admin-guard.js';
import { applyTimeouts, buildApp } from './http/app.js';
import type { AppContext, Space, Spaces } from './http/context.js';
import { Metrics } from './http/metrics.js';
import { Mailer } from './mailer.js';
import { Maintenance } from './maintenance.js';
import { migrate } from './migrations.js';
import { JOBS_CHANNEL } from './queue/jobs.js';
import { makeSpace, queueFiguresOf, sendBatchFallbacksOf, sendBatchesOf, singleSpace } from './spaces.js';
import { EVENTS_CHANNEL, Store } from './store.js';
import { EventHub } from './streams.js';

export interface RunningServer {
  readonly url: string;
  /** `url` and the extra ports' URLs (test servers). */
  readonly urls: readonly string[];
  readonly database: Database;
  close(): Promise<void>;
}

/** What the process has made, for an extension to build on. */
export interface ServerParts {
  readonly config: ServerConfig;
  readonly database: Database;
  readonly hub: EventHub;
  readonly mailer?: Mailer;
  /** The production space, ''. */
  readonly space: Space;
}

export interface ServerExtension {
  readonly spaces?: Spaces;
  readonly routes?: (app: FastifyInstance, context: AppContext) => void;
  readonly afterCommit?: () => void;
}

export async function startServer(
  config: ServerConfig,
  extend?: (parts: ServerParts) => ServerExtension,
): Promise<RunningServer> {
  const database = config.databaseUrl
    ? await openPostgres(config.databaseUrl, config.databaseSchema)
    : await openPglite(config.dataDir);
  await migrate(database);
  // Where this server listens, known once it does: the default of the unsubscribe links' base.
  let listeningUrl = `http://${config.host}:${config.port}`;
  const mailer = config.smtpUrl
    ? new Mailer({
        smtpUrl: config.smtpUrl,
        from: config.mailFrom,
        linkTemplate: config.linkTemplate,
        defaultLocale: config.defaultLocale,
        digestHours: config.digestHours,
        linkSecret: config.linkSecret,
        publicUrl: () => config.publicUrl ?? listeningUrl,
      })
    : undefined;
  // PGlite runs no autovacuum: the server vacuums and analyzes its tables itself (started below).
  const maintenance = new Maintenance(database, config.maintenanceIntervalMs, (error) =>
    app.log.error({ type: error instanceof Error ? error.name : typeof error }, 'table maintenance failed'),
  );
  const hub = new EventHub(config.heartbeatMs, config.maxStreamsPerMember);
  await database.listen(
    EVENTS_CHANNEL,
    (payload) => hub.notified(payload),
    () => hub.pumpAll(),
  );
  const space = makeSpace(new Store(database, config.policy, mailer !== undefined, '', config.rateLimits), {
    mailer,
    webhooks: config.webhooks,
    jobLeaseMs: config.jobLeaseMs,
  });
  const extension = extend?.({ config, database, hub, mailer, space }) ?? {};
  const spaces = extension.spaces ?? singleSpace(space);
  await database.listen(
    JOBS_CHANNEL,
    (name) =>
      void spaces.find(name).then(
        (found) => found?.worker.wake(),
        () => undefined,
      ),
    () => {
      for (const { worker } of spaces.all()) worker.wake();
    },
  );
  const context: AppContext = {
    config,
    database,
    hub,
    spaces,
    verifier: new TokenVerifier(config),
    mailer,
    adminGuard: new AdminGuard(database, config.adminFailuresPerMinute),
    metrics: new Metrics(
      () => hub.size,
      () => queueFiguresOf(spaces),
      () => sendBatchFallbacksOf(spaces),
      () => sendBatchesOf(spaces),
      database.kind === 'pglite' ? () => maintenance.figures : undefined,
    ),
    afterCommit: extension.afterCommit,
  };

  // One handler for every port: Fastify's, kept from the server it asks for.
  const servers: Server[] = [];
  let handler: Parameters<typeof createServer>[1] | undefined;
  const makeServer = (handle: NonNullable<typeof handler>) => {
    // Timeouts are checked every second (Node's default is every 30 s).
    const server = createServer({ connectionsCheckingInterval: 1000 }, handle);
    applyTimeouts(server, context);
    servers.push(server);
    return server;
  };
  const app = buildApp(context, {
    serverFactory: (handle) => {
      handler = handle as typeof handler;
      return makeServer(handle as NonNullable<typeof handler>);
    },
    extend: extension.routes,
  });

  const prune = () =>
    Promise.all(
      [...context.spaces.all()].map(({ store }) => store.pruneEvents(config.eventRetentionMs)),
    ).catch((error: unknown) =>
      app.log.error({ type: error instanceof Error ? error.name : typeof error }, 'pruning events failed'),
    );
  await prune();
  const pruning = setInterval(prune, 3_600_000);
  pruning.unref();
  maintenance.start();

  await app.listen({ port: config.port, host: config.host });
  for (const port of config.extraPorts) {
    const extra = makeServer(handler as NonNullable<typeof handler>);
    await new Promise<void>((resolve, reject) => {
      extra.once('error', reject);
      extra.listen(port, config.host, resolve);
    });
  }
  const urls = servers.map((server) => `http://${config.host}:${(server.address() as AddressInfo).port}`);
  listeningUrl = urls[0];
  return {
    url: urls[0],
    urls,
    database,
    async close() {
      clearInterval(pruning);
      await maintenance.stop();
      hub.close();
      await Promise.all([...spaces.all()].map(({ worker }) => worker.stop()));
      for (const server of servers.slice(1)) server.closeAllConnections();
      await Promise.all([
        app.close(),
        ...servers.slice(1).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      ]);
      mailer?.close();
      await database.close();
    },
  };
}
